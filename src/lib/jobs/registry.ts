// The jobs this build knows, by the names the CLI and the UI use.
import type { JobDefinition } from './definition';
import { expiryScan } from './definitions/expiry-scan';
import { revocationScan } from './definitions/revocation-scan';
import { misuseScan } from './definitions/misuse-scan';
import { archiveReverify } from './definitions/archive-reverify';
import { deadlineWatch } from './definitions/deadline-watch';
import { periodicReports } from './definitions/periodic-reports';
import { auditVerify } from './definitions/audit-verify';

export const JOBS: readonly JobDefinition<any>[] = [
	expiryScan,
	revocationScan,
	misuseScan,
	archiveReverify,
	deadlineWatch,
	periodicReports,
	auditVerify
];

export function findJob(name: string): JobDefinition<any> | undefined {
	return JOBS.find((j) => j.name === name);
}
