import { sql, type Kysely } from 'kysely';

// kk_fold(text): the text with Vietnamese letters folded to plain lower-case ASCII and decomposed
// tone marks dropped, so list searches ignore diacritics and case ("nguyen thi" finds "Nguyễn
// Thị", "d" finds "đ"). A translate() and nothing else: IMMUTABLE whatever the locale (lower() in
// PGlite's C locale would leave "Ễ" alone), available on PGlite and PostgreSQL without unaccent.
// The search term is folded the same way in TypeScript (src/lib/search/fold.ts); a test runs both
// over every Vietnamese letter. Frozen here: a change to the fold is a new migration.
const FROM =
	'AàÀáÁảẢãÃạẠăĂằẰắẮẳẲẵẴặẶâÂầẦấẤẩẨẫẪậẬEèÈéÉẻẺẽẼẹẸêÊềỀếẾểỂễỄệỆIìÌíÍỉỈĩĨịỊOòÒóÓỏỎõÕọỌôÔồỒốỐổỔỗỖộỘơƠ' +
	'ờỜớỚởỞỡỠợỢUùÙúÚủỦũŨụỤưƯừỪứỨửỬữỮựỰYỳỲýÝỷỶỹỸỵỴđĐBCDFGHJKLMNPQRSTVWXZ' +
	// Combining marks (no counterpart in TO, so translate() drops them).
	'\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b';
const TO =
	'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiiioooooooooooooooooooooooooooooooooo' +
	'ouuuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyyyddbcdfghjklmnpqrstvwxz';

/** The searched columns: a trigram index on each folded one where pg_trgm exists. */
export const FOLDED_COLUMNS: [table: string, column: string][] = [
	['people', 'full_name'],
	['certificates', 'subject_cn'],
	['agencies', 'name'],
	['findings', 'summary'],
	['archived_documents', 'file_name'],
	['inspections', 'title'],
	['audit_log', 'actor']
];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create function kk_fold(t text) returns text
		language sql immutable strict parallel safe
		as $$ select translate(t, ${sql.lit(FROM)}, ${sql.lit(TO)}) $$
	`.execute(db);
	// pg_trgm makes '%term%' an index search (scale 50). PostgreSQL ships it (a trusted extension,
	// so the database owner may create it); PGlite only when loaded at start, which it is not: there
	// the searches scan, which at PGlite's sizes is quick enough. Either way the query is the same.
	await sql`
		do $$ begin
			create extension if not exists pg_trgm;
		exception when others then
			raise notice 'pg_trgm not available: list searches will scan (%)', sqlerrm;
		end $$
	`.execute(db);
	const trgm = await sql<{ n: number }>`
		select count(*)::int as n from pg_extension where extname = 'pg_trgm'
	`.execute(db);
	if (trgm.rows[0]!.n === 0) return;
	for (const [table, column] of FOLDED_COLUMNS) {
		await sql`
			create index ${sql.id(`${table}_${column}_fold_trgm`)} on ${sql.id(table)}
			using gin (kk_fold(${sql.id(column)}) gin_trgm_ops)
		`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const [table, column] of FOLDED_COLUMNS)
		await sql`drop index if exists ${sql.id(`${table}_${column}_fold_trgm`)}`.execute(db);
	await sql`drop function kk_fold(text)`.execute(db);
}
