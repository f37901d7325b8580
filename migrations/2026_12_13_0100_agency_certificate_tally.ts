import { sql, type Kysely } from 'kysely';

// The certificates by status and kind over each agency's subtree (itself and every unit under it),
// and over the whole province (agency 0: every certificate, those held by no agency included),
// kept as the certificates change. The overview and an agency's page counted them by grouping the
// certificates in scope on each view: 45–78 ms for the province at --scale 50 (120,325
// certificates). Now a scope's counts are the few rows of one key (its agency, or 0).
// - Inserts and deletes: statement-level triggers (a bulk load is one pass).
// - Updates: a row trigger when the status, the kind or the agency changes (the expiry scan, a
//   revocation, an edit); other updates cost nothing.
// - An agency's path changes (moved under another parent): its own certificates' counts leave the
//   old path's agencies and join the new path's, as agency_counts does (migration 2026_12_11_0110,
//   whose agency_path_ids this reuses).
// A row at zero means none. `kiem-ky summary verify | rebuild` compares and rebuilds it from the
// certificates (agency_certificate_tally_expected, agency_certificate_tally_rebuild).
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table agency_certificate_tally (
			agency_id integer not null,
			status text not null,
			kind text not null,
			n integer not null,
			primary key (agency_id, status, kind)
		)
	`.execute(db);
	// The keys a certificate of agency `agency` counts under: 0 and every agency on its path.
	await sql`
		create function agency_certificate_tally_keys(agency integer) returns setof integer
		language sql stable as $$
			select 0
			union all
			select anc from agencies a, agency_path_ids(a.path) anc where a.id = agency
		$$
	`.execute(db);
	await sql`
		create function agency_certificate_tally_expected()
		returns table (agency_id integer, status text, kind text, n integer)
		language sql stable as $$
			select 0, c.status, c.kind, count(*)::int from certificates c group by 2, 3
			union all
			select anc, c.status, c.kind, count(*)::int
			from certificates c join agencies a on a.id = c.agency_id, agency_path_ids(a.path) anc
			group by 1, 2, 3
		$$
	`.execute(db);
	await sql`
		create function agency_certificate_tally_rebuild() returns void language sql as $$
			delete from agency_certificate_tally;
			insert into agency_certificate_tally (agency_id, status, kind, n)
			select * from agency_certificate_tally_expected() order by 1, 2, 3;
		$$
	`.execute(db);
	// Statement level (insert, delete): the rows' agencies grouped first, their paths read once each.
	await sql`
		create function agency_certificate_tally_note() returns trigger language plpgsql as $$
		begin
			if tg_op = 'INSERT' then
				insert into agency_certificate_tally as t (agency_id, status, kind, n)
				select k, d.status, d.kind, sum(d.n)::int
				from (select r.agency_id, r.status, r.kind, count(*) as n from new_rows r group by 1, 2, 3) d,
					agency_certificate_tally_keys(d.agency_id) k
				group by 1, 2, 3 order by 1, 2, 3
				on conflict (agency_id, status, kind) do update set n = t.n + excluded.n;
			else
				insert into agency_certificate_tally as t (agency_id, status, kind, n)
				select k, d.status, d.kind, -sum(d.n)::int
				from (select r.agency_id, r.status, r.kind, count(*) as n from old_rows r group by 1, 2, 3) d,
					agency_certificate_tally_keys(d.agency_id) k
				group by 1, 2, 3 order by 1, 2, 3
				on conflict (agency_id, status, kind) do update set n = t.n + excluded.n;
			end if;
			return null;
		end $$
	`.execute(db);
	// Row level (update of the status, the kind or the agency): -1 under the old keys, +1 under the new.
	await sql`
		create function agency_certificate_tally_row() returns trigger language plpgsql as $$
		begin
			insert into agency_certificate_tally as t (agency_id, status, kind, n)
			select x.k, x.status, x.kind, sum(x.n)::int from (
				select k, old.status, old.kind, -1 as n from agency_certificate_tally_keys(old.agency_id) k
				union all
				select k, new.status, new.kind, 1 from agency_certificate_tally_keys(new.agency_id) k
			) x group by 1, 2, 3 having sum(x.n) <> 0 order by 1, 2, 3
			on conflict (agency_id, status, kind) do update set n = t.n + excluded.n;
			return null;
		end $$
	`.execute(db);
	for (const op of ['insert', 'delete'] as const)
		await sql
			.raw(
				`create trigger agency_certificate_tally_${op} after ${op} on certificates
				referencing ${op === 'insert' ? 'new table as new_rows' : 'old table as old_rows'}
				for each statement execute function agency_certificate_tally_note()`
			)
			.execute(db);
	await sql`
		create trigger agency_certificate_tally_update after update on certificates for each row
		when (old.status is distinct from new.status or old.kind is distinct from new.kind
			or old.agency_id is distinct from new.agency_id)
		execute function agency_certificate_tally_row()
	`.execute(db);
	// An agency's own certificates move from its old path's agencies to its new path's (not key 0).
	await sql`
		create function agency_certificate_tally_move() returns trigger language plpgsql as $$
		begin
			insert into agency_certificate_tally as t (agency_id, status, kind, n)
			select x.anc, o.status, o.kind, (sum(x.s) * o.n)::int
			from (select c.status, c.kind, count(*) as n from certificates c where c.agency_id = new.id
					group by 1, 2) o,
				(select agency_path_ids(old.path) as anc, -1 as s
					union all select agency_path_ids(new.path), 1) x
			group by x.anc, o.status, o.kind, o.n having sum(x.s) <> 0 order by 1, 2, 3
			on conflict (agency_id, status, kind) do update set n = t.n + excluded.n;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger agency_certificate_tally_move after update of path on agencies for each row
		when (old.path is distinct from new.path) execute function agency_certificate_tally_move()
	`.execute(db);
	await sql`select agency_certificate_tally_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists agency_certificate_tally_move on agencies`.execute(db);
	for (const op of ['insert', 'delete', 'update'])
		await sql.raw(`drop trigger if exists agency_certificate_tally_${op} on certificates`).execute(db);
	for (const fn of [
		'agency_certificate_tally_move()',
		'agency_certificate_tally_row()',
		'agency_certificate_tally_note()',
		'agency_certificate_tally_rebuild()',
		'agency_certificate_tally_expected()',
		'agency_certificate_tally_keys(integer)'
	])
		await sql.raw(`drop function if exists ${fn}`).execute(db);
	await sql`drop table if exists agency_certificate_tally`.execute(db);
}
