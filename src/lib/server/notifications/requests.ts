// Deadlines and decisions: a lifecycle request's processing deadline about to pass or passed (token
// recovery within 01 working day, Điều 11.2; the other kinds' working days), a key device due back
// at the CA within 5 working days of its certificate's end (Mẫu 08, as deadline-watch counts it),
// and the decisions on an agency's requests, with the written reason of a refusal (Điều 11.2).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { OPEN_REQUEST_STATUSES } from '../../domain/requests';
import { valueLabel } from '../../i18n/values';
import { DAY_MS, formatDate, startOfVietnamDay } from '../../time/vietnam';
import { loadWorkingCalendar } from '../calendar/load';
import { readSetting } from '../settings/store';
import { agencyPrefix, FRESH_DAYS, oneLine, type NotificationItem } from './item';

/** A deadline is "about to pass" this long before it does. */
export const DUE_SOON_MS = 2 * DAY_MS;

/** The last day a deadline allows: deadlines end at midnight, the start of the next day. */
const lastDay = (due: Date) => formatDate(new Date(due.getTime() - 1));

function requestName(kind: string, id: number, ref: string | null, lang: 'vi' | 'en'): string {
	const label = valueLabel(lang, 'requestKind', kind).toLowerCase();
	const no = ref ? (lang === 'vi' ? ` số ${ref}` : ` no. ${ref}`) : ` #${id}`;
	return lang === 'vi' ? `Yêu cầu ${label}${no}` : `The ${label} request${no}`;
}

/** Open requests whose deadline is within DUE_SOON_MS or passed; cleared once they are handled. */
export async function requestDeadlineItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const rows = await db
		.selectFrom('lifecycle_requests as r')
		.innerJoin('agencies as a', 'a.id', 'r.agency_id')
		.select(['r.id', 'r.kind', 'r.reference_number', 'r.agency_id', 'r.due_at', 'a.name as agency'])
		.where('r.status', 'in', [...OPEN_REQUEST_STATUSES])
		.where('r.due_at', 'is not', null)
		.where('r.due_at', '<=', new Date(now.getTime() + DUE_SOON_MS))
		.execute();
	return rows.map((r) => {
		const due = r.due_at!;
		const passed = due <= now;
		const day = lastDay(due);
		const vi = requestName(r.kind, r.id, r.reference_number, 'vi');
		const en = requestName(r.kind, r.id, r.reference_number, 'en');
		const rule = r.kind === 'recover' ? ' (khôi phục trong 01 ngày làm việc, Điều 11.2)' : '';
		return {
			kind: 'deadline',
			key: `deadline:request:${r.id}:${passed ? 'passed' : 'soon'}`,
			agencyId: r.agency_id,
			severity: passed ? 'high' : 'medium',
			titleVi: `${vi} ${passed ? 'đã quá hạn xử lý' : 'sắp đến hạn xử lý'}`,
			titleEn: `${en} ${passed ? 'is overdue' : 'is due soon'}`,
			bodyVi: oneLine(`${agencyPrefix(r.agency)}hạn xử lý đến hết ngày ${day}${rule}.`),
			bodyEn: oneLine(`${agencyPrefix(r.agency)}to be handled by the end of ${day}.`),
			link: `/yeu-cau/${r.id}`,
			dueAt: due,
			audience: ['inspector', 'agency_officer'],
			fresh: true
		};
	});
}

/**
 * Devices whose certificate was revoked or expired, not yet handed back to the CA (nor reported
 * lost) and carrying no other certificate in use: due soon, or overdue. Cleared once returned.
 */
export async function deviceReturnItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const [cfg, cal] = await Promise.all([readSetting(db, 'jobs.deadlines'), loadWorkingCalendar(db)]);
	const since = startOfVietnamDay(cfg.returnWatchSince);
	const rows = await sql<{
		id: number;
		subject_cn: string;
		agency_id: number | null;
		agency: string | null;
		token_id: number;
		serial: string;
		cut: Date;
	}>`
		select c.id, c.subject_cn, c.agency_id, a.name as agency, c.token_id, t.serial,
			least(coalesce(c.revoked_at, c.not_after), c.not_after) as cut
		from certificates c join tokens t on t.id = c.token_id left join agencies a on a.id = c.agency_id
		where (c.status = 'revoked' or c.not_after <= ${now}::timestamptz)
			and least(coalesce(c.revoked_at, c.not_after), c.not_after) >= ${since}::timestamptz
			and least(coalesce(c.revoked_at, c.not_after), c.not_after) <= ${now}::timestamptz
			and not exists (select 1 from token_custody_events x where x.token_id = c.token_id
				and x.event in ('returned_to_ca', 'lost')
				and x.occurred_at >= least(coalesce(c.revoked_at, c.not_after), c.not_after) - interval '30 days')
			and not exists (select 1 from certificates o where o.token_id = c.token_id and o.id <> c.id
				and o.status = 'active' and o.not_after > ${now}::timestamptz)`.execute(db);
	return rows.rows.map((d) => {
		const due = cal.deadline(new Date(d.cut), cfg.returnWorkingDays);
		const passed = due <= now;
		const day = lastDay(due);
		return {
			kind: 'deadline',
			key: `deadline:device:${d.id}:${passed ? 'passed' : 'soon'}`,
			agencyId: d.agency_id,
			severity: passed ? 'high' : 'medium',
			titleVi: `Thiết bị ${d.serial} ${passed ? 'quá hạn nộp lại cho CA' : 'cần nộp lại cho CA'}`,
			titleEn: `Device ${d.serial} ${passed ? 'is overdue for return to the CA' : 'must go back to the CA'}`,
			bodyVi: oneLine(
				`${agencyPrefix(d.agency)}chứng thư “${d.subject_cn}” thu hồi/hết hạn ngày ${formatDate(new Date(d.cut))};
				nộp lại thiết bị (Mẫu 08) đến hết ngày ${day} (${cfg.returnWorkingDays} ngày làm việc).`
			),
			bodyEn: oneLine(
				`${agencyPrefix(d.agency)}certificate “${d.subject_cn}” ended on ${formatDate(new Date(d.cut))};
				hand the device back (form 08) by the end of ${day} (${cfg.returnWorkingDays} working days).`
			),
			link: `/thiet-bi/${d.token_id}`,
			dueAt: due,
			audience: ['inspector', 'agency_officer'],
			fresh: true
		};
	});
}

/** Decisions on an agency's requests (accepted, refused with its reason, completed), to its officers. */
export async function requestDecisionItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const since = new Date(now.getTime() - FRESH_DAYS * DAY_MS);
	const rows = await db
		.selectFrom('lifecycle_requests as r')
		.select(['r.id', 'r.kind', 'r.reference_number', 'r.agency_id', 'r.status', 'r.reason'])
		.select(['r.valid_at', 'r.decided_at', 'r.due_at'])
		.where((eb) =>
			eb.or([
				eb.and([eb('r.valid_at', '>=', since), eb('r.status', '<>', 'cancelled')]),
				eb.and([eb('r.decided_at', '>=', since), eb('r.status', 'in', ['rejected', 'completed'])])
			])
		)
		.execute();
	const items: NotificationItem[] = [];
	for (const r of rows) {
		const vi = requestName(r.kind, r.id, r.reference_number, 'vi');
		const en = requestName(r.kind, r.id, r.reference_number, 'en');
		const base = { kind: 'request_decision', agencyId: r.agency_id, link: `/yeu-cau/${r.id}` } as const;
		const common = { ...base, audience: ['agency_officer'] as const, fresh: true, dueAt: null };
		if (r.valid_at && r.valid_at >= since && r.status !== 'cancelled') {
			const due = r.due_at ? lastDay(r.due_at) : null;
			items.push({
				...common,
				key: `request:${r.id}:accepted`,
				severity: 'low',
				titleVi: `${vi} đã được tiếp nhận`,
				titleEn: `${en} was accepted`,
				bodyVi: `Sở Khoa học và Công nghệ tiếp nhận yêu cầu ngày ${formatDate(r.valid_at)}${due ? `; hạn xử lý đến hết ngày ${due}` : ''}.`,
				bodyEn: `Accepted on ${formatDate(r.valid_at)}${due ? `; to be handled by the end of ${due}` : ''}.`,
				dueAt: r.due_at
			});
		}
		if (r.decided_at && r.decided_at >= since && r.status === 'rejected')
			items.push({
				...common,
				key: `request:${r.id}:rejected`,
				severity: 'medium',
				titleVi: `${vi} bị từ chối`,
				titleEn: `${en} was refused`,
				bodyVi: `Ngày ${formatDate(r.decided_at)}, lý do từ chối: ${r.reason ?? '(không ghi)'}`,
				bodyEn: `On ${formatDate(r.decided_at)}, reason given: ${r.reason ?? '(none recorded)'}`
			});
		if (r.decided_at && r.decided_at >= since && r.status === 'completed')
			items.push({
				...common,
				key: `request:${r.id}:completed`,
				severity: 'low',
				titleVi: `${vi} đã hoàn thành`,
				titleEn: `${en} was completed`,
				bodyVi: `Hoàn thành ngày ${formatDate(r.decided_at)}.`,
				bodyEn: `Completed on ${formatDate(r.decided_at)}.`
			});
	}
	return items;
}
