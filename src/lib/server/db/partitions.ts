// Monthly partitions of signing_events. Bounds are Vietnam months (+07:00), so a month's
// events sit in one partition as users count them. Partitions are made before rows arrive:
// once the default partition holds rows of a month, PostgreSQL refuses to create that month.
import { sql, type Kysely } from 'kysely';

export function monthKey(year: number, month: number): string {
	return `${year}${String(month).padStart(2, '0')}`;
}

function monthStart(year: number, month: number): string {
	const y = year + Math.floor((month - 1) / 12);
	const m = ((month - 1) % 12) + 1;
	return `${y}-${String(m).padStart(2, '0')}-01 00:00:00+07`;
}

/** The Vietnam (year, month) of an instant. */
function vietnamMonth(d: Date): { year: number; month: number } {
	const shifted = new Date(d.getTime() + 7 * 3600_000);
	return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
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
	let { year, month } = vietnamMonth(from);
	const end = vietnamMonth(to);
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
