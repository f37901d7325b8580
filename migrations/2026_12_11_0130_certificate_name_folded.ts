import { sql, type Kysely } from 'kysely';

// The certificates' subject names folded for search (kk_fold), stored, as people.name_folded
// (2026_12_11_0100): /chung-thu?q=nguyen van at --scale 50 (120,325 certificates) folded each
// candidate of the trigram index to recheck it in the count (42 ms) and each certificate it walked
// in the page's order (23 ms). The trigram index is on the stored column; the one on
// kk_fold(subject_cn) stays for the pickers' searches.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table certificates add column subject_cn_folded text generated always as (kk_fold(subject_cn)) stored not null`.execute(
		db
	);
	const trgm = await sql<{ n: number }>`
		select count(*)::int as n from pg_extension where extname = 'pg_trgm'
	`.execute(db);
	if (trgm.rows[0]!.n > 0)
		await sql`create index certificates_subject_cn_folded_trgm on certificates
			using gin (subject_cn_folded gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index if exists certificates_subject_cn_folded_trgm`.execute(db);
	await sql`alter table certificates drop column if exists subject_cn_folded`.execute(db);
}
