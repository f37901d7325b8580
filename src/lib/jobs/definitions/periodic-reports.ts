// periodic-reports: after each quarter, the quarterly usage report for every recipient (UBND
// Tỉnh, Bộ KH&CN, Ban Cơ yếu); in January also the annual report of the year just ended and the
// demand plan of the year starting (Điều 14.4). Built by the report builders of
// server/reports and kept in the report archive; a period already generated is not redone: the
// report archive keeps one job-made report per (kind, recipient, period), whichever instance
// makes it, and a period found taken is counted as skipped.
import type { JobContext, JobDefinition, Write } from '../definition';
import { throwIfAborted } from '../definition';
import { PERIODIC_REPORTS } from '../catalogue';
import { isAppError } from '../../errors';
import { vietnamDay } from '../../time/vietnam';
import { RECIPIENTS } from '../../domain/reports';

type Payload = { period?: string; demandPlanYear?: number };

/** The periods a run on `day` (YYYY-MM-DD, Vietnam) reports on: the quarter just ended, and in Q1 the year. */
export function periodsDue(day: string): { usage: string[]; demandPlanYear: number | null } {
	const year = Number(day.slice(0, 4));
	const month = Number(day.slice(5, 7));
	const quarter = Math.floor((month - 1) / 3); // the current quarter, 0-based: the previous one has ended
	const usage = [quarter === 0 ? `${year - 1}-Q4` : `${year}-Q${quarter}`];
	if (quarter === 0) usage.push(`${year - 1}`);
	return { usage, demandPlanYear: quarter === 0 ? year : null };
}

/** Generates one report in the run's fenced transaction; false when the period already has its report. */
async function generateOnce(
	ctx: JobContext<Payload>,
	generate: Write<{ fileName: string }>
): Promise<boolean> {
	try {
		const r = await ctx.commit(generate);
		await ctx.log.info(`Đã tạo ${r.fileName}.`);
		return true;
	} catch (e) {
		if (isAppError(e) && e.code === 'CONFLICT') return false;
		throw e;
	}
}

export const periodicReports: JobDefinition<Payload> = {
	...PERIODIC_REPORTS,
	async run(ctx) {
		// Loaded lazily: the report builders are a large module the other jobs do not need.
		const reports = await import('../../server/reports/generate');
		const day = vietnamDay(ctx.scheduledFor ?? ctx.clock.now());
		const due = ctx.payload.period
			? { usage: [ctx.payload.period], demandPlanYear: ctx.payload.demandPlanYear ?? null }
			: periodsDue(day);
		const total = due.usage.length * RECIPIENTS.length + (due.demandPlanYear ? 1 : 0);
		let done = 0;
		let generated = 0;
		let skipped = 0;
		const already = async (kind: 'usage' | 'demand_plan', period: string, recipient: string | null) => {
			let q = ctx.db
				.selectFrom('generated_reports')
				.select('id')
				.where('kind', '=', kind)
				.where('period', '=', period)
				.where('agency_id', 'is not', null);
			q = recipient ? q.where('recipient', '=', recipient) : q;
			return !!(await q.where('job_run_id', 'is not', null).executeTakeFirst());
		};
		for (const period of due.usage)
			for (const recipient of RECIPIENTS) {
				throwIfAborted(ctx.signal);
				const made =
					!(await already('usage', reports.requirePeriod(period).code, recipient)) &&
					(await generateOnce(ctx, (trx) =>
						reports.generateUsageReport(trx, {
							period,
							recipient,
							actor: 'system',
							jobRunId: ctx.runId,
							now: ctx.clock.now()
						})
					));
				if (made) generated += 1;
				else skipped += 1;
				await ctx.progress(++done, total);
			}
		if (due.demandPlanYear) {
			const year = due.demandPlanYear;
			const made =
				!(await already('demand_plan', String(year), null)) &&
				(await generateOnce(ctx, (trx) =>
					reports.generateDemandPlan(trx, {
						year,
						actor: 'system',
						jobRunId: ctx.runId,
						now: ctx.clock.now()
					})
				));
			if (made) generated += 1;
			else skipped += 1;
			await ctx.progress(++done, total);
		}
		return { generated, skipped };
	}
};
