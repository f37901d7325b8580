import { sql, type Kysely } from 'kysely';

// People's names folded for search and order (kk_fold, 2026_12_06_1400_search_fold), stored, as
// agencies.name_folded (2026_12_10_0200): kk_fold is one translate() over every Vietnamese letter,
// ≈ 20–80 µs a call, and /nhan-su?q=nguyen thi at --scale 50 (3,502 of 76,172 people) folded each
// candidate of the trigram index to recheck it, in the count and again in the page, and every
// match again for its order: 0.3 s for the page's statement, 0.1 s for its count. The list's order
// index and a trigram index are on the stored column; the trigram index on kk_fold(full_name)
// stays for the pickers' searches.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table people add column name_folded text generated always as (kk_fold(full_name)) stored not null`.execute(
		db
	);
	await sql`drop index if exists people_name_order_idx`.execute(db);
	await sql`create index people_name_order_idx on people (name_folded, full_name, id)`.execute(db);
	const trgm = await sql<{ n: number }>`
		select count(*)::int as n from pg_extension where extname = 'pg_trgm'
	`.execute(db);
	if (trgm.rows[0]!.n > 0)
		await sql`create index people_name_folded_trgm on people using gin (name_folded gin_trgm_ops)`.execute(
			db
		);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index if exists people_name_folded_trgm`.execute(db);
	await sql`drop index if exists people_name_order_idx`.execute(db);
	await sql`alter table people drop column if exists name_folded`.execute(db);
	await sql`create index people_name_order_idx on people (kk_fold(full_name), full_name, id)`.execute(db);
}
