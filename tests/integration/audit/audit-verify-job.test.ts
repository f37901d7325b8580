// The nightly audit-verify job: an intact log leaves a daily checkpoint (shown on the jobs page and
// printed in inspection reports); a tampered one fails the run and opens a critical finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { auditVerify } from '../../../src/lib/jobs/definitions/audit-verify';
import { recordAudit } from '../../../src/lib/server/audit/log';
import { latestAuditCheckpoint } from '../../../src/lib/server/audit/checkpoints';
import { fetchInspectionData } from '../../../src/lib/server/reports/inspection-queries';
import { renderInspectionWorkbook } from '../../../src/lib/reports/inspection-workbook';

let h: DbHandle;
const clock = new ManualClock('2026-12-03T01:30:00+07:00');
let runner: JobRunner;

async function run() {
	await runner.enqueue('audit-verify', { trigger: 'manual' });
	const [r] = await runner.pollOnce();
	return r!;
}

beforeAll(async () => {
	h = await openTestDb();
	runner = new JobRunner({
		db: h.db,
		jobs: [auditVerify],
		clock,
		instanceId: 'audit-test',
		maxAttempts: 1,
		log: () => undefined
	});
	for (let i = 0; i < 3; i++) await recordAudit(h.db, { actor: 'admin', action: 'user.update', entityId: i });
});
afterAll(async () => h?.close());

describe('audit-verify job', () => {
	it('writes the day checkpoint when the log is intact, and the inspection report prints it', async () => {
		const r = await run();
		expect(r.status, r.error ?? '').toBe('succeeded');
		const cp = await latestAuditCheckpoint(h.db);
		const last = await h.db
			.selectFrom('audit_log')
			.select(['seq', 'hash'])
			.orderBy('seq', 'desc')
			.executeTakeFirstOrThrow();
		expect(cp).toEqual({ day: '2026-12-03', seq: Number(last.seq), hash: last.hash });

		// An empty migrated database: the report covers nothing but still carries the checkpoint.
		const data = await fetchInspectionData(
			h.db,
			{ kind: 'all' },
			{ id: 0, code: 'TEST', name: 'Cơ quan thử', path: '/0/', isProvince: false }
		);
		const wb = await renderInspectionWorkbook(data, { issuedOn: new Date('2026-12-03T09:00:00+07:00') });
		const text: string[] = [];
		wb.getWorksheet('Báo cáo')!.eachRow((row) => row.eachCell((c) => void text.push(String(c.value ?? ''))));
		expect(text.join('\n')).toContain(
			`Điểm kiểm tra nhật ký hệ thống ngày 03/12/2026: mục số ${Number(last.seq)}, mã băm SHA-256 ${last.hash}.`
		);
	});

	it('fails and opens a critical finding when an entry was edited in the database', async () => {
		await h.db.transaction().execute(async (trx) => {
			await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
			await sql`update audit_log set actor = 'ke-gian' where seq = 2`.execute(trx);
			await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx);
		});
		clock.set('2026-12-04T01:30:00+07:00');
		const r = await run();
		expect(r.status).toBe('failed');
		expect(r.error).toContain('Nhật ký hệ thống không còn toàn vẹn');
		const findings = await h.db
			.selectFrom('findings')
			.select(['kind', 'severity', 'status', 'summary'])
			.where('kind', '=', 'audit_log_tampered')
			.execute();
		expect(findings).toHaveLength(1);
		expect(findings[0]).toMatchObject({ severity: 'critical', status: 'open' });
		expect(findings[0]!.summary).toMatch(/mục #\d+ đã bị sửa/);
		// No checkpoint is written over a broken log.
		expect((await latestAuditCheckpoint(h.db))?.day).toBe('2026-12-03');
	});
});
