import { sql, type Kysely } from 'kysely';

// What /co-quan and the lists' agency filter read at --scale 50 (23,212 agencies), each a pass over
// every agency before: the tree's levels (how many agencies at each depth, until 300 rows), its
// upper levels and the filters' upper levels (depth ≤ 1) by an agency's depth, the expression the
// queries use; the flat list's default order (folded name, name, id), which a search matching most
// agencies (?q=truong) now walks until its page is full instead of sorting every match.
const DEPTH = `(length(path) - length(replace(path, '/', '')) - 2)`;

export async function up(db: Kysely<any>): Promise<void> {
	await sql.raw(`create index agencies_depth_idx on agencies (${DEPTH})`).execute(db);
	await sql`create index agencies_name_order_idx on agencies (name_folded, name, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index if exists agencies_name_order_idx`.execute(db);
	await sql`drop index if exists agencies_depth_idx`.execute(db);
}
