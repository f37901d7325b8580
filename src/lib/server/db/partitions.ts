// Monthly partitions of signing_events. Bounds are Vietnam months (+07:00), so a month's
// events sit in one partition as users count them. Partitions are made before rows arrive:
// once the default partition holds rows of a month, PostgreSQL refuses to create that month.
import { sql, type Kysely } from 'kysely';
import { firstDayOfMonth, vietnamWallClock } from '../../time/vietnam';

export function monthKey(year: number, month: number): string {
	return `${year}${String(month).padStart(2, '0')}`;
}

/** The partition bound: the Vietnam month's first midnight, written with its +07 offset. */
function monthStart(year: number, month: number): string {
	return `${firstDayOfMonth(year, month)} 00:00:00+07`;
}

export async function existingPartitions(db: Kysely<any>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select c.relname as name
		from pg_inherits i
		join pg_class c on c.oid = i.inhrelid
		join pg_class p on p.oid = i.inhparent
		where p.relname = 'signing_events'
		order by c.relname
	`.execute(db);
	return rows.map((r) => r.name);
}

/** Creates the monthly partitions covering [from, to] that do not exist yet; returns their names. */
export async function ensureSigningEventPartitions(db: Kysely<any>, from: Date, to: Date): Promise<string[]> {
	const have = new Set(await existingPartitions(db));
	const created: string[] = [];
	let { year, month } = vietnamWallClock(from);
	const end = vietnamWallClock(to);
	while (year < end.year || (year === end.year && month <= end.month)) {
		const name = `signing_events_y${monthKey(year, month)}`;
		if (!have.has(name)) {
			await sql
				.raw(
					`create table ${name} partition of signing_events for values from ('${monthStart(year, month)}') to ('${monthStart(year, month + 1)}')`
				)
				.execute(db);
			created.push(name);
		}
		month += 1;
		if (month > 12) {
			month = 1;
			year += 1;
		}
	}
	return created;
}
