// The jobs this build runs: each catalogue entry with its handler. Only the runner's processes
// (the server's job runtime, `kiem-ky worker`, `kiem-ky job run`) import this; the pages read
// catalogue.ts, so that listing the jobs loads no handler.
import type { JobDefinition } from './definition';
import { expiryScan } from './definitions/expiry-scan';
import { revocationScan } from './definitions/revocation-scan';
import { misuseScan } from './definitions/misuse-scan';
import { archiveReverify } from './definitions/archive-reverify';
import { deadlineWatch } from './definitions/deadline-watch';
import { periodicReports } from './definitions/periodic-reports';
import { auditVerify } from './definitions/audit-verify';
import { mailDigest } from './definitions/mail-digest';
import { notificationsRefresh } from './definitions/notifications-refresh';

export const JOBS: readonly JobDefinition<any>[] = [
	expiryScan,
	revocationScan,
	misuseScan,
	archiveReverify,
	deadlineWatch,
	periodicReports,
	auditVerify,
	mailDigest,
	notificationsRefresh
];
