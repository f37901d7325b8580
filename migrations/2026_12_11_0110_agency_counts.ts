import { sql, type Kysely } from 'kysely';

// Each agency's counts over its subtree (itself and every unit under it), kept as the rows change:
// active certificates, active people, key devices held (token_custody_state), open findings. The
// agencies page (/co-quan) showed them for every row by grouping the four tables per agency and
// crediting each agency's counts to every agency on its path, on each view: 0.4 s at --scale 50
// (23,212 agencies) for the province's upper levels. Now a row's counts are one read.
// - Inserts and deletes: statement-level triggers (a bulk load is one pass), the rows' agencies'
//   paths read when the statement ends.
// - Updates: a row trigger when the counted state or the agency changes (other updates, such as a
//   scan's on certificates, cost nothing; a transition table would copy every updated row).
// - An agency's path changes (moved under another parent, or a new agency's path written): its
//   own counts leave the old path's agencies and join the new path's, agency by agency, so the
//   table stays right whatever order a move rewrites the subtree's paths in.
// A row at zero means none. `kiem-ky summary verify | rebuild` compares and rebuilds it from the
// tables (agency_counts_expected, agency_counts_rebuild).
const TRIGGERS: [table: string, agency: string, counted: string, column: string][] = [
	['certificates', 'agency_id', `status = 'active'`, 'certificates'],
	['people', 'agency_id', `status = 'active'`, 'people'],
	['token_custody_state', 'holder_agency_id', 'true', 'tokens'],
	['findings', 'agency_id', `status <> 'resolved'`, 'findings']
];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table agency_counts (
			agency_id integer primary key references agencies (id) on delete cascade,
			certificates integer not null default 0,
			people integer not null default 0,
			tokens integer not null default 0,
			findings integer not null default 0
		)
	`.execute(db);
	// The agencies on a path ('/1/7/42/' → 1, 7, 42), the ones that exist (a path is ids; a test's
	// may hold anything).
	await sql`
		create function agency_path_ids(p text) returns setof integer language sql stable as $$
			select y.i from (
				select case when x ~ '^[0-9]{1,9}$' then x::int end as i
				from unnest(string_to_array(trim(both '/' from p), '/')) x
			) y where y.i is not null and exists (select 1 from agencies a where a.id = y.i)
		$$
	`.execute(db);
	await sql`
		create function agency_counts_expected()
		returns table (agency_id integer, certificates integer, people integer, tokens integer, findings integer)
		language sql stable as $$
			select anc, sum(own.c)::int, sum(own.p)::int, sum(own.t)::int, sum(own.f)::int
			from (
				select x.agency_id as aid, count(*) as c, 0 as p, 0 as t, 0 as f from certificates x
					where x.status = 'active' group by 1
				union all select x.agency_id, 0, count(*), 0, 0 from people x where x.status = 'active' group by 1
				union all select x.holder_agency_id, 0, 0, count(*), 0 from token_custody_state x
					where x.holder_agency_id is not null group by 1
				union all select x.agency_id, 0, 0, 0, count(*) from findings x
					where x.status <> 'resolved' and x.agency_id is not null group by 1
			) own join agencies a on a.id = own.aid, agency_path_ids(a.path) anc
			group by 1
		$$
	`.execute(db);
	await sql`
		create function agency_counts_rebuild() returns void language sql as $$
			delete from agency_counts;
			insert into agency_counts (agency_id, certificates, people, tokens, findings)
			select * from agency_counts_expected() order by 1;
		$$
	`.execute(db);
	// n added to `target` of the agency and of every agency on its path (ordered: one lock order).
	await sql`
		create function agency_counts_add(agency integer, target text, n integer) returns void
		language plpgsql as $$
		begin
			if agency is null or n = 0 then return; end if;
			execute format('insert into agency_counts as t (agency_id, %1$I)
				select anc, $2 from agencies a, agency_path_ids(a.path) anc
				where a.id = $1 order by 1
				on conflict (agency_id) do update set %1$I = t.%1$I + excluded.%1$I', target) using agency, n;
		end $$
	`.execute(db);
	// Statement level (insert, delete): tg_argv = the agency column, the counted condition, the target.
	await sql`
		create function agency_counts_note() returns trigger language plpgsql as $$
		declare
			src text;
		begin
			if tg_op = 'INSERT' then
				src := format('select %I as agency_id, 1 as n from new_rows where %s', tg_argv[0], tg_argv[1]);
			else
				src := format('select %I as agency_id, -1 as n from old_rows where %s', tg_argv[0], tg_argv[1]);
			end if;
			execute format('insert into agency_counts as t (agency_id, %1$I)
				select anc, sum(d.n)::int
				from (select agency_id, sum(n) as n from (%2$s) x where agency_id is not null
					group by agency_id) d
					join agencies a on a.id = d.agency_id,
					agency_path_ids(a.path) anc
				group by 1 having sum(d.n) <> 0 order by 1
				on conflict (agency_id) do update set %1$I = t.%1$I + excluded.%1$I', tg_argv[2], src);
			return null;
		end $$
	`.execute(db);
	// Row level (update of the counted state or the agency).
	await sql`
		create function agency_counts_row() returns trigger language plpgsql as $$
		begin
			if tg_table_name in ('certificates', 'people') then
				if old.status = 'active' then perform agency_counts_add(old.agency_id, tg_table_name, -1); end if;
				if new.status = 'active' then perform agency_counts_add(new.agency_id, tg_table_name, 1); end if;
			elsif tg_table_name = 'findings' then
				if old.status <> 'resolved' then perform agency_counts_add(old.agency_id, 'findings', -1); end if;
				if new.status <> 'resolved' then perform agency_counts_add(new.agency_id, 'findings', 1); end if;
			else
				perform agency_counts_add(old.holder_agency_id, 'tokens', -1);
				perform agency_counts_add(new.holder_agency_id, 'tokens', 1);
			end if;
			return null;
		end $$
	`.execute(db);
	for (const [table, agency, counted, column] of TRIGGERS) {
		for (const op of ['insert', 'delete'] as const)
			await sql
				.raw(
					`create trigger agency_counts_${op} after ${op} on ${table}
					referencing ${op === 'insert' ? 'new table as new_rows' : 'old table as old_rows'}
					for each statement execute function agency_counts_note('${agency}', '${counted.replace(/'/g, "''")}', '${column}')`
				)
				.execute(db);
		const changed = [agency, ...(table === 'token_custody_state' ? [] : ['status'])]
			.map((c) => `old.${c} is distinct from new.${c}`)
			.join(' or ');
		await sql
			.raw(
				`create trigger agency_counts_update after update on ${table} for each row
				when (${changed}) execute function agency_counts_row()`
			)
			.execute(db);
	}
	await sql`
		create function agency_counts_move() returns trigger language plpgsql as $$
		declare
			c integer; p integer; t integer; f integer;
		begin
			select count(*) into c from certificates where agency_id = new.id and status = 'active';
			select count(*) into p from people where agency_id = new.id and status = 'active';
			select count(*) into t from token_custody_state where holder_agency_id = new.id;
			select count(*) into f from findings where agency_id = new.id and status <> 'resolved';
			if c = 0 and p = 0 and t = 0 and f = 0 then return null; end if;
			insert into agency_counts as ac (agency_id, certificates, people, tokens, findings)
			select anc, sum(s) * c, sum(s) * p, sum(s) * t, sum(s) * f
			from (
				select agency_path_ids(old.path) as anc, -1 as s
				union all select agency_path_ids(new.path), 1
			) x group by 1 having sum(s) <> 0 order by 1
			on conflict (agency_id) do update set certificates = ac.certificates + excluded.certificates,
				people = ac.people + excluded.people, tokens = ac.tokens + excluded.tokens,
				findings = ac.findings + excluded.findings;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger agency_counts_move after update of path on agencies for each row
		when (old.path is distinct from new.path) execute function agency_counts_move()
	`.execute(db);
	await sql`select agency_counts_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists agency_counts_move on agencies`.execute(db);
	for (const [table] of TRIGGERS)
		for (const op of ['insert', 'delete', 'update'])
			await sql.raw(`drop trigger if exists agency_counts_${op} on ${table}`).execute(db);
	for (const fn of [
		'agency_counts_move()',
		'agency_counts_row()',
		'agency_counts_note()',
		'agency_counts_add(integer, text, integer)',
		'agency_counts_rebuild()',
		'agency_counts_expected()',
		'agency_path_ids(text)'
	])
		await sql.raw(`drop function if exists ${fn}`).execute(db);
	await sql`drop table if exists agency_counts`.execute(db);
}
