import { sql, type Kysely } from 'kysely';

// Each agency's standing in a period, kept as its sources change (issue 13): per period kept (`months`
// 1, 3, 6 or 12 and its first day: the current month, quarter, half-year and year, and a few past ones
// opened when asked for) and per agency (0: certificates held by none, and documents of no agency; never
// in the overview's lists): today's active certificates, how many of them signed in the period
// (agency_first_use), the documents signed in it (signing_monthly_agency_total) and, for a month, in the
// twelve months ending with it, the share used / active and the agency's name key. The leader's overview
// read these figures by summing the roll-up rows of every agency on each view (about 66,000 rows into
// 23,212 agencies for a month at --scale 50, 40-60 ms of PostgreSQL however it was phrased; more for a
// quarter or a year) and then scanned them for its lists; with the standings in one row each and indexed
// in the lists' orders, the best ten, the bottom ten and the silent ten are index scans; so are the
// twenty agencies `/ky-so` ranks by documents over its default range, the twelve months to today
// (≈ 280,000 monthly rows summed per view at --scale 50).
//
// Kept by statement triggers on the three tables it is summed from, not on signing_events: every
// path that changes them (the events' insert, update and delete triggers, a certificate that changes
// status or agency, `summary rebuild`) reaches it. Each trigger applies the change of its transition
// tables (a difference of counts; the active count as it now is) to the kept periods' rows: an event of
// this month moves four rows per agency (month, quarter, half-year, year). Opening a period takes SHARE
// ROW EXCLUSIVE on agency_standing before it recounts, and each trigger takes ROW EXCLUSIVE in a
// statement of its own before it reads which periods are kept: a writer in flight is waited for, a
// writer arriving is held and then reads the new set, so no change is missed or counted twice
// (tests/integration/overview/agency-standing-open.test.ts). PostgreSQL takes a statement's locks
// before its snapshot anyway; the separate statement does not depend on it. An agency's name key
// follows its name.
//
// `agency_standing_open(months, start)` (re)counts one period from the sources and keeps it, with at most
// four periods of each length: beyond them the one opened longest ago is let go, never the latest, and
// not within ten minutes of its opening (the past period asked for is then read from the roll-ups). The migration opens the current
// month, quarter, half-year and year (Asia/Ho_Chi_Minh); the pages open a period the first time they
// are asked for one that has begun (src/lib/server/signing/standing-periods.ts); `kiem-ky summary rebuild`
// and the demo seed recount the kept periods; `summary verify` compares them with
// agency_standing_expected(). Deferred with kiemky.rollups = 'deferred' like the other roll-ups (the
// seed rebuilds).
const DEFERRED = `if current_setting('kiemky.rollups', true) = 'deferred' then return null; end if;`;
const WRITERS_LOCK = `lock table agency_standing in row exclusive mode;`;

/**
 * An upsert of differences per (months, period_start, agency_id) from `source` (rows of those and the
 * columns' differences) into `columns`. Without the name key: an agency without a row here holds no
 * active certificate (a kept period has a row for every one that does), so it is in none of the
 * overview's lists until agency_standing_active gives it its certificates and its key.
 */
const applyDifference = (columns: ('used' | 'signed' | 'window_signed')[], source: string) => `
	insert into agency_standing as s (months, period_start, agency_id, ${columns.join(', ')})
	select x.months, x.period_start, x.agency_id, ${columns.map((c) => `sum(x.${c})::int`).join(', ')}
	from (${source}) x
	group by 1, 2, 3 having ${columns.map((c) => `sum(x.${c}) <> 0`).join(' or ')}
	order by 1, 2, 3
	on conflict (months, period_start, agency_id) do update
	set ${columns.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ')};`;

// agency_first_use rows (r) of the kept periods, with their sign.
const firstUseRows = (table: string, sign: string) => `
	select r.months, r.period_start, r.agency_id, ${sign}r.n as used from ${table} r
	join agency_standing_period p on p.months = r.months and p.period_start = r.period_start`;

// The first day after a kept period (p), and for a month the first of the twelve months ending with it.
const PERIOD_END = `(p.period_start + make_interval(months => p.months::int))::date`;
const WINDOW_START = `(p.period_start - interval '11 months')::date`;

// signing_monthly_agency_total rows (r) of each kept period, and for a month of the twelve months ending
// with it, with their sign.
const monthlyRows = (table: string, sign: string) => `
	select p.months, p.period_start, coalesce(r.agency_id, 0) as agency_id,
		case when r.month >= p.period_start then ${sign}r.n else 0 end as signed,
		case when p.months = 1 then ${sign}r.n else 0 end as window_signed
	from ${table} r
	join agency_standing_period p
		on r.month >= case when p.months = 1 then ${WINDOW_START} else p.period_start end and r.month < ${PERIOD_END}`;

/** Periods kept of each length (about 23,000 rows each at --scale 50). */
const KEPT = 4;
/** How long a kept past period is safe from being let go for another. */
const CHURN = '10 minutes';

const SIGNED: ('signed' | 'window_signed')[] = ['signed', 'window_signed'];

/** A statement trigger function applying the difference of its transition tables' `rows` to `columns`. */
const differenceTrigger = (
	name: string,
	columns: ('used' | 'signed' | 'window_signed')[],
	rows: (table: string, sign: string) => string
) => `create function ${name}() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		${WRITERS_LOCK}
		if tg_op = 'INSERT' then
			${applyDifference(columns, rows('new_rows', ''))}
		elsif tg_op = 'UPDATE' then
			${applyDifference(columns, `${rows('new_rows', '')} union all ${rows('old_rows', '-')}`)}
		else
			${applyDifference(columns, rows('old_rows', '-'))}
		end if;
		return null;
	end $$`;

const FUNCTIONS = [
	`create function agency_standing_expected(m smallint, start date)
		returns table (agency_id integer, active integer, used integer, signed integer, window_signed integer)
		language sql stable as $$
		select x.agency_id, sum(x.active)::int, sum(x.used)::int, sum(x.signed)::int, sum(x.window_signed)::int
		from (
			select t.agency_id, t.n as active, 0 as used, 0 as signed, 0 as window_signed
			from agency_active_certificates t where t.n <> 0
			union all
			select f.agency_id, 0, f.n, 0, 0 from agency_first_use f where f.months = m and f.period_start = start
			union all
			select coalesce(s.agency_id, 0), 0, 0, case when s.month >= start then s.n else 0 end,
				case when m = 1 then s.n else 0 end
			from signing_monthly_agency_total s
			where s.month >= case when m = 1 then (start - interval '11 months')::date else start end
				and s.month < (start + make_interval(months => m::int))::date
		) x group by 1
	$$`,
	`create function agency_standing_open(m smallint, start date) returns boolean language plpgsql as $$
	declare latest date;
	begin
		select max(p.period_start) into latest from agency_standing_period p where p.months = m;
		-- A past period that would let go of one opened less than ${CHURN} ago is not opened (false): each
		-- opening holds the writers for its recount, so a reader stepping through past periods must not
		-- make the imports wait again and again. The current period and those kept are always (re)counted.
		if not exists (select 1 from agency_standing_period p where p.months = m and p.period_start = start)
			and start < latest
			and (select count(*) from agency_standing_period p where p.months = m) >= ${KEPT}
			and (select min(p.opened_at) from agency_standing_period p where p.months = m and p.period_start < latest)
				> clock_timestamp() - interval '${CHURN}' then
			return false;
		end if;
		latest := greatest(latest, start);
		-- Waits for the writers in flight and holds the next ones until the recount commits; the
		-- statements below take their snapshots after it, so they see every committed change.
		lock table agency_standing in share row exclusive mode;
		delete from agency_standing where months = m and period_start = start;
		insert into agency_standing_period as p (months, period_start) values (m, start)
		on conflict (months, period_start) do update set opened_at = clock_timestamp();
		-- Beyond ${KEPT} periods of this length, those opened longest ago, never the latest (the current one).
		with gone as (
			delete from agency_standing_period p where p.months = m and p.period_start <> start
				and p.period_start not in (select k.period_start from agency_standing_period k where k.months = m
					order by k.period_start = latest desc,
						k.opened_at desc, k.period_start desc
					limit ${KEPT})
			returning p.period_start
		)
		delete from agency_standing s using gone g where s.months = m and s.period_start = g.period_start;
		insert into agency_standing (months, period_start, agency_id, active, used, signed, window_signed, name_key)
		select m, start, x.agency_id, x.active, x.used, x.signed, x.window_signed, a.name_key
		from agency_standing_expected(m, start) x left join agencies a on a.id = x.agency_id
		order by x.agency_id;
		-- The lists' plans depend on how the numbers are spread (thousands tie early in a month).
		analyze agency_standing;
		return true;
	end $$`,
	`create function agency_standing_rebuild() returns void language plpgsql as $$
	declare p record;
	begin
		-- In the order they were opened, so that each keeps its place among the kept.
		for p in select * from agency_standing_period order by opened_at, months, period_start loop
			perform agency_standing_open(p.months, p.period_start);
		end loop;
	end $$`,
	`create function agency_standing_active() returns trigger language plpgsql as $$
	begin
		${DEFERRED}
		${WRITERS_LOCK}
		if tg_op = 'DELETE' then
			update agency_standing s set active = 0 from old_rows o where s.agency_id = o.agency_id and s.active <> 0;
		else
			insert into agency_standing as s (months, period_start, agency_id, active, name_key)
			select p.months, p.period_start, r.agency_id, r.n, a.name_key
			from new_rows r cross join agency_standing_period p left join agencies a on a.id = r.agency_id
			order by 1, 2, 3
			on conflict (months, period_start, agency_id) do update
			set active = excluded.active, name_key = excluded.name_key
			where s.active <> excluded.active;
		end if;
		return null;
	end $$`,
	differenceTrigger('agency_standing_used', ['used'], firstUseRows),
	differenceTrigger('agency_standing_signed', SIGNED, monthlyRows),
	`create function agency_standing_name() returns trigger language plpgsql as $$
	begin
		update agency_standing set name_key = new.name_key where agency_id = new.id;
		return null;
	end $$`
];

const SOURCES = [
	['agency_active_certificates', 'agency_standing_active'],
	['agency_first_use', 'agency_standing_used'],
	['signing_monthly_agency_total', 'agency_standing_signed']
] as const;

export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		create table agency_standing_period (
			months smallint not null check (months in (1, 3, 6, 12)),
			period_start date not null,
			opened_at timestamptz not null default clock_timestamp(),
			primary key (months, period_start)
		)
	`.execute(db);
	await sql`
		create table agency_standing (
			months smallint not null,
			period_start date not null,
			agency_id integer not null,
			active integer not null default 0,
			used integer not null default 0,
			signed integer not null default 0,
			-- Documents signed in the twelve months ending with the period (/ky-so's default range).
			window_signed integer not null default 0,
			-- As the overview computed it (used::float8 / active): equal values compare equal.
			share float8 generated always as (case when active > 0 then used::float8 / active end) stored,
			name_key text collate "C",
			-- Whether the name key is whole (kk_name_key ends it with a space), as a column of its own so
			-- that the planner has its statistics (an expression's selectivity would be guessed at 0.5 %).
			keyed boolean generated always as (coalesce(right(name_key, 1) = ' ', false)) stored,
			primary key (months, period_start, agency_id)
		)
	`.execute(db);
	// The lists' orders (ranking.ts): the bottom forwards (lowest share, fewest documents, most active,
	// name key), the best backwards (its ties at the cut read forwards by name key); the silent ones;
	// and the few agencies whose name key is cut short (kk_name_key: a character it does not know), which
	// Node must always see among the tied rows.
	await sql`
		create index agency_standing_rank_idx on agency_standing (months, period_start, share, signed, active desc, name_key)
		where active > 0 and agency_id <> 0
	`.execute(db);
	await sql`
		create index agency_standing_silent_idx on agency_standing (months, period_start, active desc, name_key)
		where active > 0 and agency_id <> 0 and signed = 0
	`.execute(db);
	await sql`
		create index agency_standing_unkeyed_idx on agency_standing (months, period_start, share, signed, active)
		where active > 0 and agency_id <> 0 and not keyed
	`.execute(db);
	await sql`
		create index agency_standing_window_idx on agency_standing (months, period_start, window_signed desc)
		where window_signed > 0
	`.execute(db);
	for (const f of FUNCTIONS) await sql.raw(f).execute(db);
	for (const [table, fn] of SOURCES)
		for (const op of ['insert', 'update', 'delete'] as const)
			await sql
				.raw(
					`create trigger ${fn}_${op} after ${op} on ${table}
					referencing ${op === 'delete' ? 'old table as old_rows' : op === 'update' ? 'old table as old_rows new table as new_rows' : 'new table as new_rows'}
					for each statement execute function ${fn}()`
				)
				.execute(db);
	await sql`
		create trigger agency_standing_name after update of name on agencies for each row
		when (old.name_key is distinct from new.name_key) execute function agency_standing_name()
	`.execute(db);
	// The current month, quarter, half-year and year.
	await sql`
		select agency_standing_open(k.months::smallint, agency_first_use_start(
			(now() at time zone 'Asia/Ho_Chi_Minh')::date, k.months))
		from (values (12), (6), (3), (1)) k(months)
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists agency_standing_name on agencies`.execute(db);
	for (const [table, fn] of SOURCES)
		for (const op of ['insert', 'update', 'delete'])
			await sql.raw(`drop trigger if exists ${fn}_${op} on ${table}`).execute(db);
	for (const fn of [
		'agency_standing_name()',
		'agency_standing_signed()',
		'agency_standing_used()',
		'agency_standing_active()',
		'agency_standing_rebuild()',
		'agency_standing_open(smallint, date)',
		'agency_standing_expected(smallint, date)'
	])
		await sql.raw(`drop function if exists ${fn}`).execute(db);
	await sql`drop table if exists agency_standing`.execute(db);
	await sql`drop table if exists agency_standing_period`.execute(db);
}
