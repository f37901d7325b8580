import { sql, type Kysely } from 'kysely';

// The agencies' names folded for search and order (kk_fold, 2026_12_06_1400_search_fold), stored:
// kk_fold is one translate() over every Vietnamese letter, ≈ 20–50 µs a call, and a search that
// matches most agencies (/co-quan?q=truong: 4,276 of 4,412 at --scale 10) evaluated it for every
// agency in the count, again in the filter of the page and again in its order: 0.2–0.4 s a
// statement. A stored generated column is computed once per write and read like any other.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table agencies add column name_folded text generated always as (kk_fold(name)) stored not null`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table agencies drop column if exists name_folded`.execute(db);
}
