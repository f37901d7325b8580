// The incremental misuse scan. Events are numbered by arrival (signing_events.id, an identity
// column), so "what arrived since the last run" is an id range, whatever signing times the events
// carry (a late import of last year's documents is new). From that range alone:
//  - the per-event rules (clerk, title, on-behalf, secret, cross-agency, invalid incoming, public
//    CA, night) are decided on the new events themselves;
//  - a burst needs the burst window around each new outgoing event: the certificate's events in
//    that bucket are counted through the (certificate_id, signed_at) index.
// The certificates with a new flagged event or a new burst are "touched"; their findings are then
// recomputed from all their events (index reads, few certificates: misuse is rare), exactly as the
// full scan computes them, so a finding's evidence (counts, first and last time) and its
// resolution agree with a full rescan. Findings of untouched certificates are left as they are:
// new events cannot take a cause away.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../server/db/schema';
import { flaggedEvents, type EventRuleSettings } from './event-rules';
import { bucketsNestInDays } from './candidate-events';

const VN = sql.lit('Asia/Ho_Chi_Minh');

export interface EventRange {
	/** Exclusive: the last id the previous run read. */
	afterId: number;
	/** Inclusive. */
	toId: number;
	/**
	 * The first and last signing time of the events in the range (withSigningTimes), when known:
	 * every read of the new events is also bounded by them, as literals, so that the planner plans
	 * only the partitions of those months (planning every monthly partition of signing_events cost
	 * 50-110 ms per statement on the loaded 2-core machine).
	 */
	signedFrom?: Date;
	signedTo?: Date;
}

/** A timestamptz literal, so that partition pruning happens when the statement is planned. */
export const timeLiteral = (d: Date): RawBuilder<unknown> => sql`${sql.lit(d.toISOString())}::timestamptz`;

/** The events of the range (alias e). */
export function arrivedIn(r: EventRange): RawBuilder<boolean> {
	const times =
		r.signedFrom && r.signedTo
			? sql` and e.signed_at >= ${timeLiteral(r.signedFrom)} and e.signed_at <= ${timeLiteral(r.signedTo)}`
			: sql``;
	return sql<boolean>`(e.id > ${r.afterId} and e.id <= ${r.toId}${times})`;
}

/** The range with its events' first and last signing time (unchanged when it holds no event). */
export async function withSigningTimes(db: Kysely<Database>, r: EventRange): Promise<EventRange> {
	// Materialised first: min/max straight over the table become a walk of the signed_at index
	// from either end until an event of the range turns up (9 s at scale 10 for one day's events).
	const { rows } = await sql<{ first: Date | null; last: Date | null }>`
		with f as materialized (select e.signed_at from signing_events e where e.id > ${r.afterId} and e.id <= ${r.toId})
		select min(f.signed_at) as first, max(f.signed_at) as last from f`.execute(db);
	const first = rows[0]?.first;
	const last = rows[0]?.last;
	return first && last ? { ...r, signedFrom: new Date(first), signedTo: new Date(last) } : r;
}

/**
 * The highest event id no writer can still commit below: a SHARE lock waits for the transactions
 * that are inserting events (their ROW EXCLUSIVE lock) and holds new ones back for the moment the
 * maximum is read, so an identity value handed out before is either visible here or never will be.
 */
export async function arrivedUpTo(db: Kysely<Database>): Promise<number> {
	return db.transaction().execute(async (trx) => {
		await sql`set local lock_timeout = '120s'`.execute(trx);
		await sql`lock table signing_events in share mode`.execute(trx);
		const { rows } = await sql<{
			id: string | number | null;
		}>`select max(id) as id from signing_events`.execute(trx);
		return Number(rows[0]?.id ?? 0);
	});
}

/** The certificates the events of `r` give a finding (or a burst) to. */
export async function touchedCertificates(
	db: Kysely<Database>,
	s: EventRuleSettings,
	r: EventRange
): Promise<number[]> {
	const bucketSeconds = s.burstMinutes * 60;
	const bucket = sql`(extract(epoch from e.signed_at)::bigint / ${sql.lit(bucketSeconds)})`;
	// Every burst window of a new event lies within its signing times widened by one bucket.
	const window =
		r.signedFrom && r.signedTo
			? sql`and e.signed_at >= ${timeLiteral(new Date(r.signedFrom.getTime() - (bucketSeconds + 1) * 1000))}
				and e.signed_at <= ${timeLiteral(new Date(r.signedTo.getTime() + (bucketSeconds + 1) * 1000))}`
			: sql``;
	// When the buckets nest in Vietnam days, a burst needs burstCount events of its certificate that
	// day (certificate_daily_use, its partial index of busy days): only those days' windows are counted.
	const days =
		r.signedFrom && r.signedTo
			? sql`and u.day >= (${timeLiteral(r.signedFrom)} at time zone ${VN})::date
				and u.day <= (${timeLiteral(r.signedTo)} at time zone ${VN})::date`
			: sql``;
	const busy = bucketsNestInDays(s)
		? sql`and (e.certificate_id, (e.signed_at at time zone ${VN})::date) in (
				select u.certificate_id, u.day from certificate_daily_use u where u.n >= ${sql.lit(s.burstCount)} ${days})`
		: sql``;
	const { rows } = await sql<{ certificate_id: number }>`
		with fresh as materialized (select * from signing_events e where ${arrivedIn(r)}),
		fresh_buckets as (
			select distinct e.certificate_id, ${bucket} as bucket from fresh e
			where e.direction = 'outgoing' and e.certificate_id is not null ${busy}
		)
		select f.certificate_id from (${flaggedEvents(s, sql`fresh`)}) f
		union
		select b.certificate_id from fresh_buckets b
		where (
			select count(*) from signing_events e
			where e.certificate_id = b.certificate_id and e.direction = 'outgoing' ${window}
				and e.signed_at >= to_timestamp(b.bucket * ${sql.lit(bucketSeconds)}) - interval '1 second'
				and e.signed_at < to_timestamp(b.bucket * ${sql.lit(bucketSeconds)}) + ${sql.lit(`${bucketSeconds + 1} seconds`)}::interval
				and ${bucket} = b.bucket
		) >= ${s.burstCount}
		order by 1`.execute(db);
	return rows.map((x) => Number(x.certificate_id));
}

/** Every event of the given certificates, for scanPassRules' `candidates`. */
export function eventsOfCertificates(ids: readonly number[]): RawBuilder<unknown> {
	return sql`select e.* from signing_events e where e.certificate_id = any(${`{${ids.join(',')}}`}::int[])`;
}

/**
 * The certificates whose certificate-first findings (signing after expiry or revocation, on a lost
 * device, after the holder left) an incremental run judges again: those of the new events, the
 * `changed` ones (events changed or removed, dated state recorded: scan_dirty_certificates and
 * scan_dirty_certificate_states), and those whose expiry passed between the previous run's clock
 * `since` and `now` (an event signed ahead of time counts after expiry only from then on).
 * Every other certificate's findings stay as they are: none of what they read has changed.
 */
export async function certificatesToJudge(
	db: Kysely<Database>,
	r: EventRange,
	changed: readonly number[],
	since: Date | null,
	now: Date
): Promise<number[]> {
	const expired = since
		? sql`union select c.id from certificates c where c.not_after >= ${since}::timestamptz and c.not_after < ${now}::timestamptz`
		: sql``;
	// Of the new events' certificates, only those a rule can fire on: revoked, expired, on a device
	// reported lost, or held by someone who left (a change of any of these is noted as changed).
	const { rows } = await sql<{ id: number }>`
		select c.id from certificates c
		left join people p on p.id = c.person_id
		where c.id in (select e.certificate_id from signing_events e where ${arrivedIn(r)})
			and (c.revoked_at is not null or c.not_after < ${now}::timestamptz
				or (p.status <> 'active' and p.status_since is not null)
				or c.token_id in (select t.token_id from token_custody_events t where t.event = 'lost'))
		union select x from unnest(${`{${changed.join(',')}}`}::int[]) x
		${expired}
		order by 1`.execute(db);
	return rows.map((x) => Number(x.id));
}
