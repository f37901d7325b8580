// The candidate events of a full misuse scan: a superset of every event some pass rule can flag,
// so that the wide per-event rules of event-rules.ts (flaggedEvents) run on few rows. Two ways to
// find them, with the same result:
//  - from the roll-ups (candidateEventsFromRollups, the scan's way when the burst buckets nest in
//    Vietnam days): the event groups of signing_event_groups (migration 2026_12_12_0210) and the
//    certificates' days of certificate_daily_use with at least burstCount events;
//  - from the events (candidateEvents): two grouped reads of every event, the scan's way until
//    then, kept for burst lengths that do not divide an hour and as the reference the tests
//    compare with.
import { sql, type RawBuilder } from 'kysely';
import { mayUseOrgCertificate, titleHeld } from './holder-rules';
import type { EventRuleSettings } from '../../server/settings/catalogue';

const VN = sql.lit('Asia/Ho_Chi_Minh');

/**
 * The groups of `g` (certificate_id, acting_person_id, acting_title, signing_form,
 * document_agency_id, direction, first_at, last_at) on which a pass rule may fire: those `flagged`
 * says (events flagged whatever their group), or those whose group alone decides a rule (on-behalf,
 * cross-agency, public CA; the dated title and clerk rules when they may fail on some day of the
 * group's first to last day).
 */
export function candidateGroups(flagged: RawBuilder<boolean>): RawBuilder<unknown> {
	const firstDay = sql`(g.first_at at time zone ${VN})::date`;
	const lastDay = sql`(g.last_at at time zone ${VN})::date`;
	return sql`
			select g.* from g
			join certificates c on c.id = g.certificate_id
			left join people p on p.id = c.person_id
			left join agencies ag on ag.id = c.agency_id
			left join agencies da on da.id = g.document_agency_id
			where ${flagged}
				or (c.kind = 'organisation' and g.direction = 'outgoing'
					and not ${mayUseOrgCertificate(sql`g.acting_person_id`, firstDay, lastDay)})
				or (c.kind = 'individual' and g.direction = 'outgoing' and g.acting_title is not null
					and not ${titleHeld(sql`g.acting_title`, firstDay, lastDay)})
				or (g.signing_form in ('kt', 'tl', 'tuq') and (c.kind <> 'individual' or c.person_id is distinct from g.acting_person_id))
				or (c.kind = 'individual' and g.direction = 'outgoing' and g.signing_form in ('own', 'tm', 'q')
					and g.acting_person_id is not null and c.person_id is distinct from g.acting_person_id)
				or (g.direction = 'outgoing' and da.id is not null and ag.id is not null and left(da.path, length(ag.path)) <> ag.path)
				or (c.public_ca and g.direction = 'outgoing')`;
}

/** The events of each candidate group (alias g), by the (certificate_id, signed_at) index. */
export const eventsOfGroups = sql`select x.* from groups g cross join lateral (
			select e.* from signing_events e
			where e.certificate_id = g.certificate_id and e.signed_at >= g.first_at and e.signed_at <= g.last_at
				and e.direction = g.direction and e.signing_form = g.signing_form
				and e.acting_person_id is not distinct from g.acting_person_id
				and e.acting_title is not distinct from g.acting_title
				and e.document_agency_id is not distinct from g.document_agency_id
			offset 0
		) x`;

/**
 * The candidate events: a superset of every event some pass rule can flag, found with two
 * narrow grouped reads of the events and then fetched by index, so that the wide per-event
 * rules above run on few rows.
 *
 *  - per (certificate, acting person, title, form, document agency, direction): the rules that
 *    depend only on these (on-behalf, cross-agency, public CA) are decided per group; the dated
 *    title and clerk rules per group too when one post, appointment or delegation covers the
 *    group's first to last day (else every event of the group is a candidate); secret and
 *    invalid-incoming events are counted (together: any makes the group a candidate);
 *  - per burst bucket (epoch seconds / bucketSeconds) and slot (certificate_id % slots), outgoing
 *    events only: those with at least burstCount signatures of their certificates together hold
 *    every burst; those overlapping a night (nightStartHour on one Vietnam day to nightEndHour
 *    on the next, one interval per day of the events' span) hold every night signature,
 *    whatever the bucket length.
 * Two plain aggregates rather than one with grouping sets: the bucket read then needs only a
 * count (grouping sets compute every aggregate for both sets) and keeps only its candidate
 * buckets instead of materialising every bucket; the night test is a hash lookup per bucket
 * instead of a time-zone conversion per bucket.
 * The candidate groups' events are fetched by (certificate_id, signed_at), the buckets' by
 * signed_at (widened by a second either way: the burst bucket rounds epoch seconds).
 */
export function candidateEvents(s: EventRuleSettings, slots: number): RawBuilder<unknown> {
	const bucketSeconds = s.burstMinutes * 60;
	const bucketOf = (t: RawBuilder<unknown>) =>
		sql`(date_part('epoch', ${t})::bigint / ${sql.lit(bucketSeconds)})`;
	const bucket = bucketOf(sql`e.signed_at`);
	const bucketStart = sql`to_timestamp(b.bucket * ${sql.lit(bucketSeconds)})`;
	const slot = sql`(e.certificate_id % ${sql.lit(Math.max(1, Math.floor(slots)))})`;
	const hours = (h: number) => sql`make_interval(hours => ${h}::int)`;
	return sql`
		with g as materialized (
			select e.certificate_id, e.acting_person_id, e.acting_title, e.signing_form, e.document_agency_id, e.direction,
				count(*) as n, min(e.signed_at) as first_at, max(e.signed_at) as last_at,
				count(*) filter (where e.classification <> 'normal'
					or (e.direction = 'incoming' and e.accepted and e.incoming_indication <> 'TOTAL_PASSED')
					or (e.direction = 'incoming' and e.accepted is not false and e.incoming_indication is null)) as n_event_rules
			from signing_events e
			group by e.certificate_id, e.acting_person_id, e.acting_title, e.signing_form, e.document_agency_id, e.direction
		),
		groups as (${candidateGroups(sql`g.n_event_rules > 0`)}),
		-- Every bucket a signature between nightStart on day d and nightEnd on day d + 1 can round into.
		night_buckets as (
			select generate_series(${bucketOf(sql`(d.day + ${hours(s.nightStartHour)}) at time zone ${VN}`)},
				${bucketOf(sql`(d.day + interval '1 day' + ${hours(s.nightEndHour)}) at time zone ${VN}`)}) as bucket
			from generate_series(
				date_trunc('day', (select min(signed_at) from signing_events) at time zone ${VN}) - interval '1 day',
				(select max(signed_at) from signing_events) at time zone ${VN}, interval '1 day') as d(day)
		),
		buckets as (
			select b.bucket, b.slot from (
				select ${bucket} as bucket, ${slot} as slot, count(*) as n
				from signing_events e where e.direction = 'outgoing'
				group by 1, 2
			) b
			where b.n >= ${s.burstCount} or b.bucket in (select bucket from night_buckets)
		)
		${eventsOfGroups}
		union
		select x.* from buckets b cross join lateral (
			select e.* from signing_events e
			where e.signed_at >= ${bucketStart} - interval '1 second'
				and e.signed_at < ${bucketStart} + ${sql.lit(`${bucketSeconds + 1} seconds`)}::interval
				and e.direction = 'outgoing' and ${slot} = b.slot
			offset 0
		) x`;
}

/**
 * Whether the burst buckets (epoch seconds / burst length) nest in Vietnam days: a bucket then lies
 * within one day, so a certificate's burst needs burstCount events of that certificate that day.
 */
export function bucketsNestInDays(s: EventRuleSettings): boolean {
	return 3600 % (s.burstMinutes * 60) === 0;
}

/** The Vietnam hours of the night (nightStartHour to nightEndHour), as signing_event_groups.hours bits. */
export function nightHours(s: EventRuleSettings): number {
	let mask = 0;
	for (let h = 0; h < 24; h++) if (h >= s.nightStartHour || h < s.nightEndHour) mask |= 1 << h;
	return mask;
}

/**
 * candidateEvents from the roll-ups, for burst lengths that divide an hour (bucketsNestInDays):
 *  - the groups of signing_event_groups (the grouped read of candidateEvents, kept as events
 *    arrive) a pass rule may fire on, those with a flagged event and those with an outgoing event
 *    in a night hour included; their events are fetched by (certificate_id, signed_at);
 *  - every outgoing event of the certificates' days (certificate_daily_use) with at least
 *    burstCount events: a burst lies within one such day.
 * A night signature is in a group with that hour's bit set, and a burst's events in such a day,
 * so the candidates hold every event a pass rule flags and every event of every burst bucket.
 */
export function candidateEventsFromRollups(s: EventRuleSettings): RawBuilder<unknown> {
	const night = sql.lit(nightHours(s));
	return sql`
		with g as materialized (
			select g.certificate_id, g.acting_person_id, g.acting_title, g.signing_form, g.document_agency_id, g.direction,
				g.first_at, g.last_at, g.flagged, g.hours
			from signing_event_groups g where g.events > 0
		),
		groups as (${candidateGroups(sql`(g.flagged > 0 or (g.direction = 'outgoing' and g.hours & ${night} <> 0))`)})
		${eventsOfGroups}
		union
		select x.* from certificate_daily_use u cross join lateral (
			select e.* from signing_events e
			where e.certificate_id = u.certificate_id and e.direction = 'outgoing'
				and e.signed_at >= u.day::timestamp at time zone ${VN}
				and e.signed_at < (u.day + 1)::timestamp at time zone ${VN}
			offset 0
		) x
		where u.n >= ${sql.lit(s.burstCount)}`;
}
