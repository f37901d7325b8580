// A bulk load into empty tables builds their indexes once afterwards instead of updating them row by row:
// one sorted build per index costs a fraction of a b-tree insert per row (filling the daily signing summary
// at scale 5: 41 s with its three indexes kept, 6 s without them plus 2 s to build its unique key).
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

export interface DeferOptions {
	/** Also the primary keys and unique constraints, added back afterwards (which checks every row again).
	 * Without it they stay on throughout and only the other indexes are deferred. */
	keys?: boolean;
}

/**
 * Runs `load` with the indexes of `tables` dropped, and builds them again afterwards exactly as they were: the definitions are read from the catalogue, so a migration that changes an index
 * needs no change here. For tables only the caller writes to meanwhile (a seed), inside a transaction, so
 * that a crash leaves them as they were.
 */
export async function withIndexesDeferred<T>(
	db: Kysely<Database>,
	tables: readonly string[],
	load: () => Promise<T>,
	options: DeferOptions = {}
): Promise<T> {
	const keys = !!options.keys;
	const { rows } = await sql<{ table: string; name: string; def: string; constraint: boolean }>`
		select t.relname as table, coalesce(k.conname, c.relname) as name, coalesce(
				'alter table ' || quote_ident(t.relname) || ' add constraint ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid),
				pg_get_indexdef(i.indexrelid)) as def,
			k.oid is not null as constraint
		from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
		left join pg_constraint k on k.conindid = i.indexrelid and k.conrelid = t.oid
		where t.relname = any(${tables as string[]}::text[]) and t.relnamespace = 'public'::regnamespace
			and (${keys} or (not i.indisunique and not i.indisprimary))
			-- A partition's own index is attached to its parent's and goes with it.
			and not exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid)
		order by k.oid is null, c.relname`.execute(db);
	for (const r of rows)
		await (
			r.constraint
				? sql`alter table ${sql.id(r.table)} drop constraint ${sql.id(r.name)}`
				: sql`drop index ${sql.id(r.name)}`
		).execute(db);
	// Keys first (primary and unique), then the rest. A partitioned table's definition reads "ON ONLY t":
	// built without ONLY, it spans the partitions.
	const restore = async () => {
		for (const r of rows) await sql.raw(r.def.replace(' ON ONLY ', ' ON ')).execute(db);
	};
	let out: T;
	try {
		out = await load();
	} catch (e) {
		// In a transaction the rollback brings them back (and any statement now would fail); outside one they
		// are built again, and the load's error is the one reported.
		if (!db.isTransaction) await restore().catch(() => undefined);
		throw e;
	}
	await restore();
	return out;
}
