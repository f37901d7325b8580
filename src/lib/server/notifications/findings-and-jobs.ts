// New findings (to the inspectors, to the officers of the agency concerned, and to the leaders when
// high or critical), cleared once resolved; and failed job runs (to the administrators), cleared
// once a later run of the same job succeeded.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Role } from '../auth/roles';
import { valueLabel } from '../../i18n/values';
import { findJobMeta } from '../../jobs/catalogue';
import { DAY_MS, formatDateTime } from '../../time/vietnam';
import { agencyPrefix, FRESH_DAYS, oneLine, type NotificationItem } from './item';

/** Open and acknowledged findings: new ones are told; every unresolved one keeps its notification. */
export async function findingItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const since = now.getTime() - FRESH_DAYS * DAY_MS;
	const rows = await db
		.selectFrom('findings as f')
		.leftJoin('agencies as a', 'a.id', 'f.agency_id')
		.select(['f.id', 'f.kind', 'f.severity', 'f.summary', 'f.agency_id', 'f.status', 'f.first_seen_at'])
		.select('a.name as agency')
		.where('f.status', 'in', ['open', 'acknowledged'])
		.execute();
	return rows.map((f) => {
		const audience: Role[] = ['inspector', 'agency_officer'];
		if (f.severity === 'high' || f.severity === 'critical') audience.push('leader');
		return {
			kind: 'finding',
			key: `finding:${f.id}`,
			agencyId: f.agency_id,
			severity: f.severity,
			titleVi: `Cảnh báo mới: ${valueLabel('vi', 'findingKind', f.kind)}`,
			titleEn: `New finding: ${valueLabel('en', 'findingKind', f.kind)}`,
			bodyVi: oneLine(`${agencyPrefix(f.agency)}${f.summary}`),
			bodyEn: oneLine(
				`${agencyPrefix(f.agency)}${valueLabel('en', 'findingKind', f.kind)}, severity ${valueLabel('en', 'severity', f.severity).toLowerCase()}.`
			),
			link: `/canh-bao/${f.id}`,
			dueAt: null,
			audience,
			fresh: f.status === 'open' && f.first_seen_at.getTime() >= since
		};
	});
}

/** Failed runs of the last days that no later successful run of the same job made good. */
export async function failedJobItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const since = new Date(now.getTime() - FRESH_DAYS * DAY_MS);
	const rows = await db
		.selectFrom('job_runs as r')
		.select(['r.id', 'r.job_name', 'r.finished_at', 'r.queued_at', 'r.error'])
		.where('r.status', '=', 'failed')
		.where('r.queued_at', '>=', since)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('job_runs as l')
						.select('l.id')
						.whereRef('l.job_name', '=', 'r.job_name')
						.where('l.status', '=', 'succeeded')
						.whereRef('l.id', '>', 'r.id')
				)
			)
		)
		.execute();
	return rows.map((r) => {
		const title = findJobMeta(r.job_name)?.title ?? r.job_name;
		const at = formatDateTime(r.finished_at ?? r.queued_at);
		const error = r.error ? `: ${r.error}` : '.';
		return {
			kind: 'job_failed',
			key: `job_failed:${r.id}`,
			agencyId: null,
			severity: 'high',
			titleVi: `Tác vụ “${title}” thất bại`,
			titleEn: `Job “${r.job_name}” failed`,
			bodyVi: oneLine(`Lần chạy #${r.id} (${r.job_name}) lúc ${at} thất bại${error}`),
			bodyEn: oneLine(`Run #${r.id} at ${at} failed${error}`),
			link: `/tac-vu/${r.id}`,
			dueAt: null,
			audience: ['admin'],
			fresh: true
		};
	});
}
