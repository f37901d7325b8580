// The roll-ups the overview reads beside the others (migrations 2026_12_09_0100 to _0120,
// 2026_12_10_0100 and 2026_12_12_0100): signing_daily_province (Vietnam day × channel × form ×
// classification, no agency), certificate_monthly_use (certificate × Vietnam month),
// certificate_yearly_use (certificate × Vietnam year, a bit per month it signed in),
// agency_first_use (agency × period × day: today's active certificates whose first signature in
// the period fell on that day), agency_last_use (agency × day: today's active certificates whose
// last signature fell on that day) and token_custody_state (each key device's state from its custody
// events). Checked and rebuilt with the rest by verifyRollups and rebuildRollups (rollups.ts),
// over the same day bounds (the monthly table: the whole months they touch; the yearly one and
// agency_first_use: the whole years; agency_last_use and the devices' state: always whole).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { RollupDifference } from './rollups';
import { DAY, MONTH, daysWithin, eventsWithin, monthBounds, type DayBounds } from './range';

const provinceFromEvents = (b: DayBounds) => sql`
	select ${DAY} as day, e.channel, e.signing_form, e.classification, count(*)::int as n
	from signing_events e
	where ${eventsWithin(b)} group by 1, 2, 3, 4`;

const monthlyUseFromEvents = (b: DayBounds) => sql`
	select e.certificate_id, ${MONTH} as month, count(*)::int as n
	from signing_events e join certificates c on c.id = e.certificate_id
	where ${eventsWithin(monthBounds(b))} group by 1, 2`;

/** The bounds widened to the whole Vietnam years they touch (certificate_yearly_use's unit). */
export function yearBounds(b: DayBounds): DayBounds {
	return {
		...(b.from ? { from: `${b.from.slice(0, 4)}-01-01` } : {}),
		...(b.to ? { to: `${b.to.slice(0, 4)}-12-31` } : {})
	};
}

const yearsWithin = (b: DayBounds) => {
	const y = yearBounds(b);
	return sql<boolean>`${sql.join(
		[
			y.from ? sql`y.year >= ${Number(y.from.slice(0, 4))}` : sql`true`,
			y.to ? sql`y.year <= ${Number(y.to.slice(0, 4))}` : sql`true`
		],
		sql` and `
	)}`;
};

const yearlyUseFromEvents = (b: DayBounds) => sql`
	select e.certificate_id, extract(year from ${MONTH})::smallint as year,
		bit_or(1 << (extract(month from ${MONTH})::int - 1))::int as months
	from signing_events e join certificates c on c.id = e.certificate_id
	where ${eventsWithin(yearBounds(b))} group by 1, 2`;

// Per agency (0: none), period and day, today's active certificates whose first signature in
// the period fell on that day (agency_first_use, 2026_12_12_0100), from the events of the whole
// years the bounds touch.
const firstUseFromEvents = (b: DayBounds) => sql`
	select x.agency_id, x.months, x.period_start, x.day, count(*)::int as n
	from (
		select coalesce(c.agency_id, 0) as agency_id, k.months::smallint as months,
			agency_first_use_start(${DAY}, k.months) as period_start, min(${DAY}) as day
		from signing_events e join certificates c on c.id = e.certificate_id and c.status = 'active'
		cross join (values (1), (3), (6), (12)) k(months)
		where ${eventsWithin(yearBounds(b))} group by e.certificate_id, 1, 2, 3
	) x group by 1, 2, 3, 4`;

// Per agency (0: none) and day, today's active certificates whose last signature fell then
// ('-infinity': never; agency_last_use, 2026_12_12_0100), from all the events.
const lastUseFromEvents = sql`
	select coalesce(c.agency_id, 0) as agency_id,
		coalesce((e.last_at at time zone 'Asia/Ho_Chi_Minh')::date, '-infinity'::date) as day, count(*)::int as n
	from certificates c left join (
		select e.certificate_id, max(e.signed_at) as last_at from signing_events e
		where e.certificate_id is not null group by 1
	) e on e.certificate_id = c.id
	where c.status = 'active' group by 1, 2`;

const firstUseKey = (r: string) =>
	sql.raw(`concat_ws('|', ${r}.months, ${r}.period_start, ${r}.day, ${r}.agency_id)`);

// A device's state as token_holdings derived it from the events before token_custody_state held
// it: the latest event's status, the holder of the latest event that places the device.
const custodyFromEvents = sql`
	select l.token_id, (case l.event
		when 'issued' then 'issued' when 'handed_over' then 'issued' when 'recovered' then 'issued'
		when 'locked' then 'locked' when 'lost' then 'lost' when 'damaged' then 'damaged'
		when 'returned_to_ca' then 'returned' else 'in_stock' end) as status,
		p.to_person_id as holder_person_id, p.agency_id as holder_agency_id,
		l.event as last_event, l.occurred_at as status_since
	from (
		select distinct on (e.token_id) e.token_id, e.event, e.occurred_at
		from token_custody_events e order by e.token_id, e.occurred_at desc, e.id desc
	) l left join (
		select distinct on (e.token_id) e.token_id, e.to_person_id, e.agency_id
		from token_custody_events e where e.event not in ('locked', 'lost')
		order by e.token_id, e.occurred_at desc, e.id desc
	) p on p.token_id = l.token_id`;

const custodyLine = (r: string) =>
	sql.raw(
		`concat_ws('|', ${r}.status, ${r}.holder_person_id, ${r}.holder_agency_id, ${r}.last_event, ${r}.status_since)`
	);

/** Where the tables differ from a recomputation (rows at zero count as absent). */
export async function overviewRollupDifferences(
	db: Kysely<Database>,
	b: DayBounds
): Promise<RollupDifference[]> {
	const { rows } = await sql<RollupDifference>`
		with province_raw as (${provinceFromEvents(b)}),
		province_stored as (select * from signing_daily_province p where p.n > 0 and ${daysWithin(sql`p.day`, b)}),
		use_raw as (${monthlyUseFromEvents(b)}),
		use_stored as (select * from certificate_monthly_use u where u.n > 0 and ${daysWithin(sql`u.month`, monthBounds(b))}),
		year_raw as (${yearlyUseFromEvents(b)}),
		year_stored as (select * from certificate_yearly_use y where ${yearsWithin(b)}),
		custody_raw as (${custodyFromEvents}),
		first_raw as (${firstUseFromEvents(b)}),
		last_raw as (${lastUseFromEvents}),
		last_stored as (select * from agency_last_use f where f.n <> 0),
		first_stored as (select * from agency_first_use f where f.n <> 0
			and ${daysWithin(sql`f.period_start`, yearBounds(b))})
		select 'signing_daily_province' as table,
			concat_ws('|', coalesce(r.day, s.day), coalesce(r.channel, s.channel),
				coalesce(r.signing_form, s.signing_form), coalesce(r.classification, s.classification)) as key,
			r.n::text as expected, s.n::text as stored
		from province_raw r full join province_stored s on r.day = s.day and r.channel = s.channel
			and r.signing_form = s.signing_form and r.classification = s.classification
		where r.n is distinct from s.n
		union all
		select 'certificate_monthly_use', concat_ws('|', coalesce(r.month, s.month), coalesce(r.certificate_id, s.certificate_id)),
			r.n::text, s.n::text
		from use_raw r full join use_stored s on r.month = s.month and r.certificate_id = s.certificate_id
		where r.n is distinct from s.n
		union all
		select 'certificate_yearly_use', concat_ws('|', coalesce(r.year, s.year), coalesce(r.certificate_id, s.certificate_id)),
			r.months::text, s.months::text
		from year_raw r full join year_stored s on r.year = s.year and r.certificate_id = s.certificate_id
		where r.months is distinct from s.months
		union all
		select 'token_custody_state', coalesce(r.token_id, s.token_id)::text,
			case when r.token_id is not null then ${custodyLine('r')} end,
			case when s.token_id is not null then ${custodyLine('s')} end
		from custody_raw r full join token_custody_state s on r.token_id = s.token_id
		where ${custodyLine('r')} is distinct from ${custodyLine('s')}
		union all
		select 'agency_first_use', coalesce(${firstUseKey('r')}, ${firstUseKey('s')}), r.n::text, s.n::text
		from first_raw r full join first_stored s on r.months = s.months and r.period_start = s.period_start
			and r.day = s.day and r.agency_id = s.agency_id
		where r.n is distinct from s.n
		union all
		select 'agency_last_use', concat_ws('|', coalesce(r.day, s.day), coalesce(r.agency_id, s.agency_id)),
			r.n::text, s.n::text
		from last_raw r full join last_stored s on r.day = s.day and r.agency_id = s.agency_id
		where r.n is distinct from s.n
		order by 1, 2
	`.execute(db);
	return rows;
}

/**
 * Replaces the tables' rows of the bounds (the monthly one: of the whole months they touch; the
 * yearly one: of the whole years; the devices' state: all of it), after rebuildRollups has rebuilt
 * the daily summary and the daily use for the same bounds: the province's days are summed from the
 * daily summary, the months from the daily use when the bounds are whole months (the seed's
 * rebuild of everything), from the events otherwise, and the years from the months (the touched
 * years' other months were right, or the bounds would have named them).
 */
export async function rebuildOverviewRollups(trx: Kysely<Database>, b: DayBounds): Promise<void> {
	await sql`delete from signing_daily_province p where ${daysWithin(sql`p.day`, b)}`.execute(trx);
	await sql`
		insert into signing_daily_province (day, channel, signing_form, classification, n)
		select s.day, s.channel, s.signing_form, s.classification, sum(s.n)::int
		from signing_daily_summary s where s.n > 0 and ${daysWithin(sql`s.day`, b)}
		group by 1, 2, 3, 4`.execute(trx);
	const months = monthBounds(b);
	await sql`delete from certificate_monthly_use u where ${daysWithin(sql`u.month`, months)}`.execute(trx);
	const whole = months.from === b.from && months.to === b.to;
	await sql`insert into certificate_monthly_use (certificate_id, month, n) ${
		whole
			? sql`select u.certificate_id, date_trunc('month', u.day)::date, sum(u.n)::int
				from certificate_daily_use u where u.n > 0 and ${daysWithin(sql`u.day`, months)} group by 1, 2`
			: monthlyUseFromEvents(b)
	}`.execute(trx);
	await sql`delete from certificate_yearly_use y where ${yearsWithin(b)}`.execute(trx);
	await sql`
		insert into certificate_yearly_use (certificate_id, year, months)
		select m.certificate_id, extract(year from m.month)::smallint,
			bit_or(1 << (extract(month from m.month)::int - 1))
		from certificate_monthly_use m where m.n > 0 and ${daysWithin(sql`m.month`, yearBounds(b))}
		group by 1, 2`.execute(trx);
	const years = yearBounds(b);
	await sql`delete from agency_first_use f where ${daysWithin(sql`f.period_start`, years)}`.execute(trx);
	await sql`insert into agency_first_use (agency_id, months, period_start, day, n)
		select * from agency_first_use_expected(null, ${years.from ?? null}::date, ${years.to ?? null}::date)`.execute(
		trx
	);
	// From certificate_last_use, which rebuildRollups has recomputed whole by now.
	await sql`delete from agency_last_use`.execute(trx);
	await sql`insert into agency_last_use (agency_id, day, n) select * from agency_last_use_expected(null)`.execute(
		trx
	);
	await sql`delete from token_custody_state`.execute(trx);
	await sql`select token_custody_state_refresh(array(select distinct token_id from token_custody_events))`.execute(
		trx
	);
}
