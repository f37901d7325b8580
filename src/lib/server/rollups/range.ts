// Day and month bounds of a roll-up check or rebuild, as SQL conditions on the events (by their
// Vietnam signing time) and on a roll-up's day or month column.
import { sql, type RawBuilder } from 'kysely';

export interface DayBounds {
	/** First Vietnam day, YYYY-MM-DD, inclusive. */
	from?: string;
	/** Last Vietnam day, YYYY-MM-DD, inclusive. */
	to?: string;
}

/** An event's Vietnam day. */
export const DAY = sql`(e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date`;
/** The first day of an event's Vietnam month. */
export const MONTH = sql`date_trunc('month', ${DAY})::date`;

export function eventsWithin(b: DayBounds): RawBuilder<boolean> {
	const parts: RawBuilder<boolean>[] = [];
	if (b.from)
		parts.push(sql<boolean>`e.signed_at >= (${b.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`);
	if (b.to)
		parts.push(sql<boolean>`e.signed_at < (${b.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`);
	return parts.length ? sql<boolean>`${sql.join(parts, sql` and `)}` : sql<boolean>`true`;
}

export function daysWithin(column: RawBuilder<unknown>, b: DayBounds): RawBuilder<boolean> {
	const parts: RawBuilder<boolean>[] = [];
	if (b.from) parts.push(sql<boolean>`${column} >= ${b.from}::date`);
	if (b.to) parts.push(sql<boolean>`${column} <= ${b.to}::date`);
	return parts.length ? sql<boolean>`${sql.join(parts, sql` and `)}` : sql<boolean>`true`;
}

/** The bounds widened to the whole Vietnam months they touch (the monthly tables' unit). */
export function monthBounds(b: DayBounds): DayBounds {
	const last = (day: string) => {
		const [y, m] = day.split('-').map(Number) as [number, number];
		return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
	};
	return {
		...(b.from ? { from: `${b.from.slice(0, 7)}-01` } : {}),
		...(b.to ? { to: last(b.to) } : {})
	};
}
