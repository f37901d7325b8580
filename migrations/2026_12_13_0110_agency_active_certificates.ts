import { sql, type Kysely } from 'kysely';

// Each agency's own active certificates (agency 0: those held by no agency), kept as the
// certificates change. The overview's adoption statement counted them per agency from the active
// certificates on each view (70,266 index entries grouped into 23,212 agencies at --scale 50, the
// largest part of its input); now it reads one row per agency.
// - Inserts and deletes: statement-level triggers (a bulk load is one pass).
// - Updates: a row trigger when the status or the agency changes.
// A row at zero means none. `kiem-ky summary verify | rebuild` compares and rebuilds it
// (agency_active_certificates_expected, agency_active_certificates_rebuild).
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table agency_active_certificates (
			agency_id integer primary key,
			n integer not null
		)
	`.execute(db);
	await sql`
		create function agency_active_certificates_expected()
		returns table (agency_id integer, n integer)
		language sql stable as $$
			select coalesce(c.agency_id, 0), count(*)::int from certificates c where c.status = 'active' group by 1
		$$
	`.execute(db);
	await sql`
		create function agency_active_certificates_rebuild() returns void language sql as $$
			delete from agency_active_certificates;
			insert into agency_active_certificates (agency_id, n)
			select * from agency_active_certificates_expected() order by 1;
		$$
	`.execute(db);
	await sql`
		create function agency_active_certificates_note() returns trigger language plpgsql as $$
		begin
			if tg_op = 'INSERT' then
				insert into agency_active_certificates as t (agency_id, n)
				select coalesce(r.agency_id, 0), count(*)::int from new_rows r where r.status = 'active'
				group by 1 order by 1
				on conflict (agency_id) do update set n = t.n + excluded.n;
			else
				insert into agency_active_certificates as t (agency_id, n)
				select coalesce(r.agency_id, 0), -count(*)::int from old_rows r where r.status = 'active'
				group by 1 order by 1
				on conflict (agency_id) do update set n = t.n + excluded.n;
			end if;
			return null;
		end $$
	`.execute(db);
	await sql`
		create function agency_active_certificates_row() returns trigger language plpgsql as $$
		begin
			insert into agency_active_certificates as t (agency_id, n)
			select x.k, sum(x.n)::int from (
				select coalesce(old.agency_id, 0) as k, -1 as n where old.status = 'active'
				union all
				select coalesce(new.agency_id, 0), 1 where new.status = 'active'
			) x group by 1 having sum(x.n) <> 0 order by 1
			on conflict (agency_id) do update set n = t.n + excluded.n;
			return null;
		end $$
	`.execute(db);
	for (const op of ['insert', 'delete'] as const)
		await sql
			.raw(
				`create trigger agency_active_certificates_${op} after ${op} on certificates
				referencing ${op === 'insert' ? 'new table as new_rows' : 'old table as old_rows'}
				for each statement execute function agency_active_certificates_note()`
			)
			.execute(db);
	await sql`
		create trigger agency_active_certificates_update after update on certificates for each row
		when (old.status is distinct from new.status or old.agency_id is distinct from new.agency_id)
		execute function agency_active_certificates_row()
	`.execute(db);
	await sql`select agency_active_certificates_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const op of ['insert', 'delete', 'update'])
		await sql.raw(`drop trigger if exists agency_active_certificates_${op} on certificates`).execute(db);
	for (const fn of [
		'agency_active_certificates_row()',
		'agency_active_certificates_note()',
		'agency_active_certificates_rebuild()',
		'agency_active_certificates_expected()'
	])
		await sql.raw(`drop function if exists ${fn}`).execute(db);
	await sql`drop table if exists agency_active_certificates`.execute(db);
}
