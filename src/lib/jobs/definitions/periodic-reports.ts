// periodic-reports: after each quarter, the quarterly usage report for every recipient (UBND
// Tỉnh, Bộ KH&CN, Ban Cơ yếu); in January also the annual report of the year just ended and the
// demand plan of the year starting (Điều 14.4). Built by the report builders of
// server/reports and kept in the report archive; a period already generated is not redone.
import { z } from 'zod';
import type { JobDefinition } from '../definition';
import { throwIfAborted } from '../definition';
import { vietnamDay } from '../../time/vietnam';

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

export const periodicReports: JobDefinition<Payload> = {
	name: 'periodic-reports',
	title: 'Báo cáo định kỳ',
	description:
		'Báo cáo quý sau mỗi quý; báo cáo năm và kế hoạch nhu cầu năm vào tháng 1; lưu vào kho báo cáo.',
	defaultCron: '0 6 2 1,4,7,10 *',
	catchUp: true,
	payloadSchema: z.object({ period: z.string().optional(), demandPlanYear: z.number().int().optional() }),
	async run(ctx) {
		// Loaded lazily: the report builders are a large module the other jobs do not need.
		const reports = await import('../../server/reports/generate');
		const { RECIPIENTS } = await import('../../reports/labels');
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
				if (await already('usage', reports.requirePeriod(period).code, recipient)) skipped += 1;
				else {
					const r = await reports.generateUsageReport(ctx.db, {
						period,
						recipient,
						actor: 'system',
						jobRunId: ctx.runId,
						now: ctx.clock.now()
					});
					await ctx.log.info(`Đã tạo ${r.fileName}.`);
					generated += 1;
				}
				await ctx.progress(++done, total);
			}
		if (due.demandPlanYear) {
			if (await already('demand_plan', String(due.demandPlanYear), null)) skipped += 1;
			else {
				await reports.generateDemandPlan(ctx.db, {
					year: due.demandPlanYear,
					actor: 'system',
					jobRunId: ctx.runId,
					now: ctx.clock.now()
				});
				generated += 1;
			}
			await ctx.progress(++done, total);
		}
		return { generated, skipped };
	}
};
