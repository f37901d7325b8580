// The signing roll-ups (signing_daily_summary, signing_monthly_summary, signing_monthly_agency,
// signing_monthly_agency_total, certificate_daily_use, certificate_last_use, and the overview's
// signing_daily_province, certificate_monthly_use and certificate_yearly_use: overview-rollups.ts) are kept by triggers on
// signing_events as events arrive. This module recomputes them from the
// events: `verifyRollups` lists where they differ, `rebuildRollups` replaces them, for a range
// of Vietnam days or all of them (the monthly tables: the whole months the range touches). The demo seed defers the triggers (`deferRollups`) and
// rebuilds once at the end. agency_counts (the agencies' subtree counts, agency-counts.ts),
// agency_certificate_tally, agency_active_certificates and agency_token_tally (the certificates by
// status and kind per subtree, each agency's own active certificates, the devices by custody state:
// certificate-tally.ts) and
// signing_document_state and signing_event_groups (the documents' aggregates and the event groups
// the misuse scan reads, document-state.ts and event-groups.ts) are
// checked and rebuilt with them, whole.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DAY, MONTH, daysWithin, eventsWithin, monthBounds, type DayBounds } from './range';
import { overviewRollupDifferences, rebuildOverviewRollups } from './overview-rollups';
import { rebuildStanding, standingDifferences } from './agency-standing';
import { agencyCountDifferences, rebuildAgencyCounts } from './agency-counts';
import { certificateTallyDifferences, rebuildCertificateTally } from './certificate-tally';
import { documentStateDifferences, rebuildDocumentState } from './document-state';
import { eventGroupDifferences, rebuildEventGroups } from './event-groups';
import { markAllFolded } from './scan-state-fold';

export { monthBounds, type DayBounds };

export interface RollupDifference {
	table:
		| 'signing_daily_summary'
		| 'signing_monthly_summary'
		| 'signing_monthly_agency'
		| 'signing_monthly_agency_total'
		| 'certificate_daily_use'
		| 'certificate_last_use'
		| 'signing_daily_province'
		| 'certificate_monthly_use'
		| 'certificate_yearly_use'
		| 'token_custody_state'
		| 'agency_first_use'
		| 'agency_last_use'
		| 'agency_counts'
		| 'agency_certificate_tally'
		| 'agency_active_certificates'
		| 'agency_token_tally'
		| 'signing_document_state'
		| 'signing_event_groups'
		| 'agency_standing';
	/** The row's key, e.g. "2026-03-02|12|qlvb|own|normal". */
	key: string;
	/** From the events. */
	expected: string | null;
	/** As stored. */
	stored: string | null;
}

const AGENCY = sql`case when e.certificate_id is null then e.document_agency_id else c.agency_id end`;

const monthlyFromEvents = (b: DayBounds) => sql`
	select ${MONTH} as month, ${AGENCY} as agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
	from signing_events e left join certificates c on c.id = e.certificate_id
	where ${eventsWithin(monthBounds(b))} group by 1, 2, 3, 4, 5`;

const provinceMonthlyFromEvents = (b: DayBounds) => sql`
	select ${MONTH} as month, e.channel, e.signing_form, e.classification, count(*)::int as n
	from signing_events e
	where ${eventsWithin(monthBounds(b))} group by 1, 2, 3, 4`;

const agencyTotalFromEvents = (b: DayBounds) => sql`
	select ${MONTH} as month, ${AGENCY} as agency_id, count(*)::int as n
	from signing_events e left join certificates c on c.id = e.certificate_id
	where ${eventsWithin(monthBounds(b))} group by 1, 2`;

const summaryFromEvents = (b: DayBounds) => sql`
	select ${DAY} as day, ${AGENCY} as agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
	from signing_events e left join certificates c on c.id = e.certificate_id
	where ${eventsWithin(b)} group by 1, 2, 3, 4, 5`;

const dailyUseFromEvents = (b: DayBounds) => sql`
	select ${DAY} as day, e.certificate_id, min(c.agency_id) as agency_id, count(*)::int as n
	from signing_events e join certificates c on c.id = e.certificate_id
	where ${eventsWithin(b)} group by 1, 2`;

const lastUseFromEvents = sql`
	select e.certificate_id, min(e.signed_at) as first_signed_at, max(e.signed_at) as last_signed_at, count(*)::bigint as n
	from signing_events e where e.certificate_id is not null group by 1`;

/**
 * Where the roll-ups differ from a recomputation over the events (zero-count summary rows,
 * which deletes leave behind, count as absent). certificate_last_use is checked as a whole.
 */
export async function verifyRollups(db: Kysely<Database>, b: DayBounds = {}): Promise<RollupDifference[]> {
	const { rows } = await sql<RollupDifference>`
		with raw as (${summaryFromEvents(b)}),
		stored as (select * from signing_daily_summary s where s.n > 0 and ${daysWithin(sql`s.day`, b)}),
		use_raw as (${dailyUseFromEvents(b)}),
		use_stored as (select * from certificate_daily_use u where u.n > 0 and ${daysWithin(sql`u.day`, b)}),
		last_raw as (${lastUseFromEvents}),
		last_stored as (select * from certificate_last_use where n > 0),
		month_raw as (${provinceMonthlyFromEvents(b)}),
		month_stored as (select * from signing_monthly_summary m where m.n > 0 and ${daysWithin(sql`m.month`, monthBounds(b))}),
		month_agency_raw as (${monthlyFromEvents(b)}),
		month_agency_stored as (select * from signing_monthly_agency m where m.n > 0 and ${daysWithin(sql`m.month`, monthBounds(b))}),
		month_total_raw as (${agencyTotalFromEvents(b)}),
		month_total_stored as (select * from signing_monthly_agency_total m where m.n > 0 and ${daysWithin(sql`m.month`, monthBounds(b))})
		select 'signing_daily_summary' as table,
			concat_ws('|', coalesce(r.day, s.day), coalesce(r.agency_id, s.agency_id), coalesce(r.channel, s.channel),
				coalesce(r.signing_form, s.signing_form), coalesce(r.classification, s.classification)) as key,
			r.n::text as expected, s.n::text as stored
		from raw r full join stored s on r.day = s.day and r.agency_id is not distinct from s.agency_id
			and r.channel = s.channel and r.signing_form = s.signing_form and r.classification = s.classification
		where r.n is distinct from s.n
		union all
		select 'signing_monthly_summary',
			concat_ws('|', coalesce(r.month, s.month), coalesce(r.channel, s.channel),
				coalesce(r.signing_form, s.signing_form), coalesce(r.classification, s.classification)),
			r.n::text, s.n::text
		from month_raw r full join month_stored s on r.month = s.month and r.channel = s.channel
			and r.signing_form = s.signing_form and r.classification = s.classification
		where r.n is distinct from s.n
		union all
		select 'signing_monthly_agency',
			concat_ws('|', coalesce(r.month, s.month), coalesce(r.agency_id, s.agency_id), coalesce(r.channel, s.channel),
				coalesce(r.signing_form, s.signing_form), coalesce(r.classification, s.classification)),
			r.n::text, s.n::text
		from month_agency_raw r full join month_agency_stored s on r.month = s.month
			and r.agency_id is not distinct from s.agency_id and r.channel = s.channel
			and r.signing_form = s.signing_form and r.classification = s.classification
		where r.n is distinct from s.n
		union all
		select 'signing_monthly_agency_total',
			concat_ws('|', coalesce(r.month, s.month), coalesce(r.agency_id, s.agency_id)), r.n::text, s.n::text
		from month_total_raw r full join month_total_stored s on r.month = s.month
			and r.agency_id is not distinct from s.agency_id
		where r.n is distinct from s.n
		union all
		select 'certificate_daily_use', concat_ws('|', coalesce(r.day, s.day), coalesce(r.certificate_id, s.certificate_id)),
			concat_ws('|', r.agency_id, r.n), concat_ws('|', s.agency_id, s.n)
		from use_raw r full join use_stored s on r.day = s.day and r.certificate_id = s.certificate_id
		where r.n is distinct from s.n or r.agency_id is distinct from s.agency_id
		union all
		select 'certificate_last_use', coalesce(r.certificate_id, s.certificate_id)::text,
			concat_ws('|', r.first_signed_at, r.last_signed_at, r.n), concat_ws('|', s.first_signed_at, s.last_signed_at, s.n)
		from last_raw r full join last_stored s on r.certificate_id = s.certificate_id
		where r.n is distinct from s.n or r.first_signed_at is distinct from s.first_signed_at
			or r.last_signed_at is distinct from s.last_signed_at
		order by 1, 2
	`.execute(db);
	return [
		...rows,
		...(await overviewRollupDifferences(db, b)),
		...(await agencyCountDifferences(db)),
		...(await certificateTallyDifferences(db)),
		...(await documentStateDifferences(db)),
		...(await eventGroupDifferences(db)),
		...(await standingDifferences(db))
	];
}

export interface RebuildCounts {
	summaryRows: number;
	/** signing_monthly_agency rows written. */
	monthlyRows: number;
	dailyUseRows: number;
	lastUseRows: number;
}

/**
 * Replaces the roll-ups' rows of the range with a recomputation, in one transaction (or the
 * caller's). The monthly tables are recomputed for every month the range touches;
 * certificate_last_use spans all time and is recomputed whole.
 */
export async function rebuildRollups(db: Kysely<Database>, b: DayBounds = {}): Promise<RebuildCounts> {
	const run = async (trx: Kysely<Database>): Promise<RebuildCounts> => {
		await sql`select set_config('work_mem', '256MB', true)`.execute(trx);
		await sql`delete from signing_daily_summary s where ${daysWithin(sql`s.day`, b)}`.execute(trx);
		const s = await sql`
			insert into signing_daily_summary (day, agency_id, channel, signing_form, classification, n)
			${summaryFromEvents(b)}`.execute(trx);
		const months = monthBounds(b);
		await sql`delete from signing_monthly_agency m where ${daysWithin(sql`m.month`, months)}`.execute(trx);
		const m = await sql`
			insert into signing_monthly_agency (month, agency_id, channel, signing_form, classification, n)
			${monthlyFromEvents(b)}`.execute(trx);
		await sql`delete from signing_monthly_summary m where ${daysWithin(sql`m.month`, months)}`.execute(trx);
		await sql`
			insert into signing_monthly_summary (month, channel, signing_form, classification, n)
			select m.month, m.channel, m.signing_form, m.classification, sum(m.n)::int
			from signing_monthly_agency m where ${daysWithin(sql`m.month`, months)} and m.n > 0
			group by 1, 2, 3, 4`.execute(trx);
		await sql`delete from signing_monthly_agency_total m where ${daysWithin(sql`m.month`, months)}`.execute(
			trx
		);
		await sql`
			insert into signing_monthly_agency_total (month, agency_id, n)
			select m.month, m.agency_id, sum(m.n)::int
			from signing_monthly_agency m where ${daysWithin(sql`m.month`, months)} and m.n > 0
			group by 1, 2`.execute(trx);
		await sql`delete from certificate_daily_use u where ${daysWithin(sql`u.day`, b)}`.execute(trx);
		const u = await sql`
			insert into certificate_daily_use (day, certificate_id, agency_id, n) ${dailyUseFromEvents(b)}`.execute(trx);
		await rebuildAgencyCounts(trx);
		await rebuildCertificateTally(trx);
		// The misuse scan's state from every event, all of them marked folded (scan-state-fold.ts).
		await markAllFolded(trx);
		await rebuildDocumentState(trx);
		await rebuildEventGroups(trx);
		await sql`delete from certificate_last_use`.execute(trx);
		const l = await sql`
			insert into certificate_last_use (certificate_id, first_signed_at, last_signed_at, n) ${lastUseFromEvents}`.execute(
			trx
		);
		// After the daily and last use: agency_first_use and agency_last_use are read from them.
		await rebuildOverviewRollups(trx, b);
		// Last: summed from agency_active_certificates, agency_first_use and the monthly totals.
		await rebuildStanding(trx);
		return {
			summaryRows: Number(s.numAffectedRows ?? 0),
			monthlyRows: Number(m.numAffectedRows ?? 0),
			dailyUseRows: Number(u.numAffectedRows ?? 0),
			lastUseRows: Number(l.numAffectedRows ?? 0)
		};
	};
	return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Turns the roll-up triggers off (on) for this session, for a bulk load that rebuilds once at
 * the end. Only for a connection the caller holds alone (the seed's): a pooled connection would
 * carry the setting to other work.
 */
export async function deferRollups(db: Kysely<Database>, deferred: boolean): Promise<void> {
	await sql`select set_config('kiemky.rollups', ${deferred ? 'deferred' : ''}, false)`.execute(db);
}
