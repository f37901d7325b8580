// The periodic reports have one key per period: (kind, recipient, period) of a report the job made.
// Two instances generating the same period at the same moment keep one report; the other is told
// it exists and the job counts it as skipped. Reports people make by hand are not limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { postgresBaseUrl, withDatabase } from '../../helpers/test-db-config';
import { openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { generateDemandPlan, generateUsageReport } from '../../../src/lib/server/reports/generate';
import { AppError } from '../../../src/lib/errors';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { periodicReports } from '../../../src/lib/jobs/definitions/periodic-reports';
import { seedReportFixtures } from '../reports/fixtures';

let h: DbHandle;
let second: DbHandle | undefined;
beforeAll(async () => {
	h = await openTestDb();
	if (h.kind === 'postgres') second = openPostgres(withDatabase(postgresBaseUrl(), h.location), 4);
	await seedReportFixtures(h.db);
});
afterAll(async () => {
	await second?.close();
	await h.close();
});
const dbB = () => second?.db ?? h.db;

async function finishedRun(jobName: string): Promise<number> {
	const r = await h.db
		.insertInto('job_runs')
		.values({ job_name: jobName, trigger: 'manual', status: 'succeeded' })
		.returning('id')
		.executeTakeFirstOrThrow();
	return r.id;
}

const stored = (kind: 'usage' | 'demand_plan', period: string) =>
	h.db
		.selectFrom('generated_reports')
		.select(['id', 'recipient', 'job_run_id'])
		.where('kind', '=', kind)
		.where('period', '=', period)
		.execute();

describe('one periodic report per period', () => {
	it('two instances generating the same period at once keep one report; the other is refused', async () => {
		const [runA, runB] = [await finishedRun('periodic-reports'), await finishedRun('periodic-reports')];
		const outcomes = await Promise.allSettled([
			generateUsageReport(h.db, { period: '2026-Q2', recipient: 'ubnd', actor: 'system', jobRunId: runA }),
			generateUsageReport(dbB(), { period: '2026-Q2', recipient: 'ubnd', actor: 'system', jobRunId: runB })
		]);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
		expect(refused?.reason).toBeInstanceOf(AppError);
		expect((refused!.reason as AppError).code).toBe('CONFLICT');
		expect(await stored('usage', '2026-Q2')).toHaveLength(1);
		// Another recipient of the same period is another report.
		await generateUsageReport(h.db, { period: '2026-Q2', recipient: 'bo-khcn', jobRunId: runA });
		// A demand plan has no recipient: its key is (kind, year).
		await generateDemandPlan(h.db, { year: 2027, jobRunId: runA });
		await expect(generateDemandPlan(dbB(), { year: 2027, jobRunId: runB })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		expect(await stored('demand_plan', '2027')).toHaveLength(1);
		// By hand (no job run), the same period may be generated again.
		await generateUsageReport(h.db, { period: '2026-Q2', recipient: 'ubnd', actor: 'baocao' });
		expect(await stored('usage', '2026-Q2')).toHaveLength(3);
	});

	it('the job skips a period another instance already generated', async () => {
		const clock = new ManualClock('2026-10-02T06:00:00+07:00');
		const runner = new JobRunner({
			db: h.db,
			jobs: [periodicReports],
			clock,
			instanceId: 'A',
			log: () => undefined
		});
		await runner.enqueue('periodic-reports', { trigger: 'manual', payload: { period: '2026-Q2' } });
		const [run] = await runner.pollOnce();
		expect(run?.status, run?.error ?? '').toBe('succeeded');
		// ubnd and bo-khcn were made above by runs of the job; ban-co-yeu is new.
		expect(run?.counts).toEqual({ generated: 1, skipped: 2 });
		const rows = await stored('usage', '2026-Q2');
		expect(rows.filter((r) => r.job_run_id !== null).map((r) => r.recipient)).toEqual(
			expect.arrayContaining(['ubnd', 'bo-khcn', 'ban-co-yeu'])
		);
	});
});
