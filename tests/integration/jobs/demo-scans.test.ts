// On the demo data: the scans raise every planted case (src/lib/server/seed/planted.ts) with the
// kind it must produce, nothing for the negative controls, and nothing on the clean rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { Finding } from '../../../src/lib/server/db/schema';
import { openTestDb } from '../../helpers/db';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { JOBS } from '../../../src/lib/jobs/registry';
import { plantedCases, type ResolvedCase } from '../../../src/lib/server/seed/planted';

let h: DbHandle;
let cases: ResolvedCase[];
let findings: Finding[];
const SCANS = ['expiry-scan', 'revocation-scan', 'misuse-scan', 'archive-reverify', 'deadline-watch'];

function belongs(f: Finding, c: ResolvedCase): boolean {
	if (f.request_id !== null && c.requestIds.includes(f.request_id)) return true;
	if (f.document_id !== null && c.documentIds.includes(f.document_id)) return true;
	if (f.certificate_id !== null && c.certificateIds.includes(f.certificate_id) && !c.requestIds.length) {
		if (!c.eventIds.length) return true;
		const ids = ((f.evidence as { event_ids?: number[]; event_id?: number }).event_ids ?? []).concat(
			(f.evidence as { event_id?: number }).event_id ?? []
		);
		return ids.length === 0 || ids.some((id) => c.eventIds.includes(Number(id)));
	}
	return false;
}

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	const runner = new JobRunner({ db: h.db, jobs: JOBS, instanceId: 'demo-test', log: () => undefined });
	for (const name of SCANS) {
		// The monthly full sweep is what catches a document changed after an earlier passing verification.
		await runner.enqueue(name, {
			trigger: 'manual',
			payload: name === 'archive-reverify' ? { full: true } : undefined
		});
		const [r] = await runner.pollOnce();
		if (r?.status !== 'succeeded') throw new Error(`${name}: ${r?.status} ${r?.error}`);
	}
	cases = await plantedCases(h.db);
	findings = await h.db.selectFrom('findings').selectAll().where('inspection_id', 'is', null).execute();
	if (process.env.KIEMKY_PRINT_FINDINGS)
		for (const f of findings) console.log(f.kind, f.legal_basis, f.summary, JSON.stringify(f.evidence));
}, 600_000);
afterAll(async () => {
	await h?.close();
});

describe('scans on the demo data', () => {
	const inDemo = (c: ResolvedCase) => !c.archiveSourceId || c.documentIds.length > 0;
	const missingOf = (list: ResolvedCase[]) => {
		const missing: string[] = [];
		for (const c of list)
			for (const kind of c.kinds)
				if (!findings.some((f) => f.kind === kind && belongs(f, c))) missing.push(`${c.id}: ${kind}`);
		return missing;
	};

	it('raise every planted case with its kind', () => {
		expect(cases.filter((c) => c.kinds.length).length).toBeGreaterThan(20);
		expect(missingOf(cases.filter(inDemo))).toEqual([]);
	});

	it('raise the planted archive cases', () => {
		const archive = cases.filter((c) => c.archiveSourceId);
		expect(archive.some(inDemo)).toBe(true);
		expect(missingOf(archive)).toEqual([]);
	});

	// Issue 16: each rule of the second round fires on its planted cases and nowhere else.
	it.each([
		'should_have_been_revoked',
		'change_request_missing',
		'others_certificate_used',
		'incoming_not_verified',
		'org_cert_without_clerk',
		'org_token_not_with_clerk',
		'clerk_change_without_handover',
		'renewal_beyond_limit'
	] as const)('raise %s exactly on its planted cases', (kind) => {
		const planted = cases.filter((c) => c.kinds.includes(kind));
		expect(planted.length).toBeGreaterThan(0);
		const raised = findings.filter((f) => f.kind === kind);
		expect(raised.length).toBeGreaterThanOrEqual(planted.length);
		expect(raised.filter((f) => !planted.some((c) => belongs(f, c))).map((f) => f.summary)).toEqual([]);
		for (const c of planted)
			expect(
				raised.some((f) => belongs(f, c)),
				c.id
			).toBe(true);
	});

	it('raise the planted burst (not only the night case) and not the busy control', () => {
		const burst = findings.filter(
			(f) => f.kind === 'unusual_pattern' && (f.evidence as { pattern?: string }).pattern === 'burst'
		);
		const dayBurst = cases.find((c) => c.id === 'day-burst')!;
		const busy = cases.find((c) => c.id === 'busy-below-burst')!;
		expect(burst.some((f) => belongs(f, dayBurst))).toBe(true);
		expect(burst.filter((f) => belongs(f, busy))).toEqual([]);
	});

	it('raise nothing for the negative controls and nothing on the clean rest', () => {
		const controls = cases.filter((c) => c.kinds.length === 0);
		expect(findings.filter((f) => controls.some((c) => belongs(f, c))).map((f) => f.dedupe_key)).toEqual([]);
		const stray = findings.filter(
			(f) => !cases.some((c) => c.kinds.includes(f.kind as never) && belongs(f, c))
		);
		expect(stray.map((f) => `${f.dedupe_key}: ${f.summary}`)).toEqual([]);
	});
});
