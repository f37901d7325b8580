import { sql, type Kysely } from 'kysely';

// The key devices by custody state over each agency's subtree (token_custody_state's holder), and
// over the province (agency 0: every device, those without custody events counted in stock), as
// the view token_holdings gives them. The overview and an agency's page grouped the states in scope
// on each view (22–36 ms for the province at --scale 50, 78,010 devices); now a scope's counts
// are the few rows of one key. Kept by triggers:
// - token_custody_state inserted or deleted (statement level): the holder's path and key 0, where
//   a device with a state leaves "in stock" for its state (and comes back when the state goes);
// - a state's status or holder changing (row level);
// - tokens inserted or deleted (statement level): key 0's "in stock" (a deleted device's state,
//   deleted with it by the cascade, gives its state back to "in stock" first, so the two net out);
// - an agency's path changing: its devices' counts move as agency_counts' do.
// A row at zero means none. `kiem-ky summary verify | rebuild` compares and rebuilds it.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table agency_token_tally (
			agency_id integer not null,
			status text not null,
			n integer not null,
			primary key (agency_id, status)
		)
	`.execute(db);
	await sql`
		create function agency_token_tally_expected()
		returns table (agency_id integer, status text, n integer)
		language sql stable as $$
			select 0, x.status, sum(x.n)::int from (
				select coalesce(s.status::text, 'in_stock') as status, count(*) as n from token_custody_state s group by 1
				union all
				select 'in_stock', count(*) from tokens t
					where not exists (select 1 from token_custody_state s where s.token_id = t.id)
			) x group by 2 having sum(x.n) <> 0
			union all
			select anc, coalesce(s.status::text, 'in_stock'), count(*)::int
			from token_custody_state s join agencies a on a.id = s.holder_agency_id, agency_path_ids(a.path) anc
			group by 1, 2
		$$
	`.execute(db);
	await sql`
		create function agency_token_tally_rebuild() returns void language sql as $$
			delete from agency_token_tally;
			insert into agency_token_tally (agency_id, status, n)
			select * from agency_token_tally_expected() order by 1, 2;
		$$
	`.execute(db);
	// (holder, status, ±n) rows to the tally: key 0 and the holder's path, and key 0's "in stock" ∓n.
	await sql`
		create function agency_token_tally_add(rows jsonb) returns void language sql as $$
			insert into agency_token_tally as t (agency_id, status, n)
			select k, st, sum(n)::int from (
				select 0 as k, r.status as st, r.n from jsonb_to_recordset(rows) r(holder int, status text, n int)
				union all
				select 0, 'in_stock', -r.n from jsonb_to_recordset(rows) r(holder int, status text, n int)
				union all
				select anc, r.status, r.n from jsonb_to_recordset(rows) r(holder int, status text, n int)
					join agencies a on a.id = r.holder, agency_path_ids(a.path) anc
			) x group by 1, 2 having sum(n) <> 0 order by 1, 2
			on conflict (agency_id, status) do update set n = t.n + excluded.n;
		$$
	`.execute(db);
	await sql`
		create function agency_token_tally_states() returns trigger language plpgsql as $$
		begin
			if tg_op = 'INSERT' then
				perform agency_token_tally_add((select coalesce(jsonb_agg(jsonb_build_object(
					'holder', g.holder, 'status', g.status, 'n', g.n)), '[]') from (
					select r.holder_agency_id as holder, coalesce(r.status::text, 'in_stock') as status, count(*) as n
					from new_rows r group by 1, 2) g));
			else
				perform agency_token_tally_add((select coalesce(jsonb_agg(jsonb_build_object(
					'holder', g.holder, 'status', g.status, 'n', -g.n)), '[]') from (
					select r.holder_agency_id as holder, coalesce(r.status::text, 'in_stock') as status, count(*) as n
					from old_rows r group by 1, 2) g));
			end if;
			return null;
		end $$
	`.execute(db);
	await sql`
		create function agency_token_tally_state_row() returns trigger language plpgsql as $$
		begin
			perform agency_token_tally_add(jsonb_build_array(
				jsonb_build_object('holder', old.holder_agency_id, 'status', coalesce(old.status::text, 'in_stock'), 'n', -1),
				jsonb_build_object('holder', new.holder_agency_id, 'status', coalesce(new.status::text, 'in_stock'), 'n', 1)));
			return null;
		end $$
	`.execute(db);
	await sql`
		create function agency_token_tally_tokens() returns trigger language plpgsql as $$
		declare
			d integer;
		begin
			if tg_op = 'INSERT' then select count(*) into d from new_rows;
			else select -count(*) into d from old_rows; end if;
			if d <> 0 then
				insert into agency_token_tally as t (agency_id, status, n) values (0, 'in_stock', d)
				on conflict (agency_id, status) do update set n = t.n + excluded.n;
			end if;
			return null;
		end $$
	`.execute(db);
	for (const op of ['insert', 'delete'] as const) {
		const ref = op === 'insert' ? 'new table as new_rows' : 'old table as old_rows';
		await sql
			.raw(
				`create trigger agency_token_tally_${op} after ${op} on token_custody_state
				referencing ${ref} for each statement execute function agency_token_tally_states()`
			)
			.execute(db);
		await sql
			.raw(
				`create trigger agency_token_tally_${op} after ${op} on tokens
				referencing ${ref} for each statement execute function agency_token_tally_tokens()`
			)
			.execute(db);
	}
	await sql`
		create trigger agency_token_tally_update after update on token_custody_state for each row
		when (old.status is distinct from new.status or old.holder_agency_id is distinct from new.holder_agency_id)
		execute function agency_token_tally_state_row()
	`.execute(db);
	// An agency's held devices move from its old path's agencies to its new path's (not key 0).
	await sql`
		create function agency_token_tally_move() returns trigger language plpgsql as $$
		begin
			insert into agency_token_tally as t (agency_id, status, n)
			select x.anc, o.status, (sum(x.s) * o.n)::int
			from (select coalesce(s.status::text, 'in_stock') as status, count(*) as n from token_custody_state s
					where s.holder_agency_id = new.id group by 1) o,
				(select agency_path_ids(old.path) as anc, -1 as s
					union all select agency_path_ids(new.path), 1) x
			group by x.anc, o.status, o.n having sum(x.s) <> 0 order by 1, 2
			on conflict (agency_id, status) do update set n = t.n + excluded.n;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger agency_token_tally_move after update of path on agencies for each row
		when (old.path is distinct from new.path) execute function agency_token_tally_move()
	`.execute(db);
	await sql`select agency_token_tally_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists agency_token_tally_move on agencies`.execute(db);
	for (const table of ['token_custody_state', 'tokens'])
		for (const op of ['insert', 'delete', 'update'])
			await sql.raw(`drop trigger if exists agency_token_tally_${op} on ${table}`).execute(db);
	for (const fn of [
		'agency_token_tally_move()',
		'agency_token_tally_tokens()',
		'agency_token_tally_state_row()',
		'agency_token_tally_states()',
		'agency_token_tally_add(jsonb)',
		'agency_token_tally_rebuild()',
		'agency_token_tally_expected()'
	])
		await sql.raw(`drop function if exists ${fn}`).execute(db);
	await sql`drop table if exists agency_token_tally`.execute(db);
}
