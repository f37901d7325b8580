// The overview page's adoption figures without every agency crossing to Node: the totals in SQL,
// and only the agencies the page can list (the best and bottom ten, the first silent and dormant
// ones, with their ties), ranked in Node as over every agency. The workbook (tong-quan/xuat)
// still reads every agency (adoption.ts).
import { sql, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { DaySpan } from '../../time/periods';
import { addDays, DAY_MS, startOfVietnamDay } from '../../time/vietnam';
import { tailClosed } from '../signing/activity';
import { summaryRows } from '../signing/summary-source';
import {
	certificatesUsed,
	dormantByAgency,
	dormantPerAgency,
	standingsOf,
	useSource,
	type Adoption,
	type CertificateUseRow
} from './adoption';
import { standingAnswers, standingShortlist, type ShortlistRows } from './standing';

/** How many of the agencies the overview page lists: the best and the bottom, the silent, the dormant. */
export interface Shortlist {
	ranked: number;
	silent: number;
	dormant: number;
}

export interface AdoptionShortlist extends Adoption {
	/** Agencies that signed nothing in the current span, and the active certificates they hold. */
	silentTotal: { agencies: number; active: number };
}

/**
 * The adoption figures as the overview page shows them, without every agency crossing to Node
 * (23,212 at --scale 50: ≈ 1.4 MB of JSON to parse and rank on each view): the totals, and only
 * the agencies that may stand among the `ranked` best or bottom (by share of certificates used,
 * then documents), the first `silent` that signed nothing (by active certificates) or the first
 * `dormant` by dormant certificates. Ties at each cut come along (for the best and the bottom,
 * ties on share, documents and active certificates), so that ranking them in Node by the
 * Vietnamese collation (rankAgencies, dormantByAgency) gives what it gives over every agency;
 * their names come in the same order as certificateUse's rows.
 */
export async function adoptionShortlist(
	db: Kysely<Database>,
	scope: AgencyScope,
	spans: { current: DaySpan; lastYear: DaySpan; previous: DaySpan },
	now: Date,
	dormantDays: number,
	cut: Shortlist
): Promise<AdoptionShortlist> {
	const since = new Date(now.getTime() - dormantDays * DAY_MS);
	const [t, dormant, [lastYear, previous]] = await Promise.all([
		agencyShortlist(db, scope, spans.current, cut),
		dormantShortlist(db, scope, since, cut.dormant),
		certificatesUsed(db, scope, [spans.lastYear, spans.previous])
	]);
	const parsed = JSON.parse(t.rows) as [number | null, string | null, number, number, number][];
	const use: CertificateUseRow[] = parsed.map(([agency_id, agency_name, active, used]) => ({
		agency_id,
		agency_name,
		active,
		used: [used],
		dormant: 0
	}));
	const signed = new Map(parsed.flatMap(([id, , , , n]) => (id === null ? [] : [[id, n] as const])));
	return {
		active: t.active,
		used: { current: t.used, lastYear: lastYear!, previous: previous! },
		dormant: { total: dormant.total, byAgency: dormantByAgency(dormant.rows).byAgency },
		standings: standingsOf(use, signed),
		silentTotal: { agencies: t.silent_agencies, active: t.silent_active }
	};
}

/** The province's period from agency_standing when it keeps it (its lists are index scans), else from the roll-ups. */
async function agencyShortlist(
	db: Kysely<Database>,
	scope: AgencyScope,
	span: DaySpan,
	cut: Shortlist
): Promise<ShortlistRows> {
	return scope.kind === 'all' && (await standingAnswers(db, span))
		? standingShortlist(db, span, cut)
		: rollupShortlist(db, scope, span, cut);
}

/**
 * The shortlist's figures summed from the roll-ups (for a scope, filter or span agency_standing does not
 * keep): every agency's standing in the span, then the candidates of each list as standingShortlist
 * gives them.
 */
async function rollupShortlist(
	db: Kysely<Database>,
	scope: AgencyScope,
	span: DaySpan,
	cut: Shortlist
): Promise<ShortlistRows> {
	// This month so far: its monthly totals per agency answer it when no event lies after today
	// (one probe), one row per agency instead of every daily summary row of its days.
	const closed = await tailClosed(db, {
		...span,
		start: startOfVietnamDay(span.from),
		end: startOfVietnamDay(addDays(span.to, 1))
	});
	// Summed per agency with the other sources: the roll-up rows as they are, not grouped first.
	const docs = summaryRows(db, scope, { bucket: 'month' }, span, {
		byAgency: true,
		agencyTotals: true,
		tailClosed: closed
	})
		.select(['s.agency_id', 's.n as signed'])
		.where('s.agency_id', 'is not', null);
	const shortlist = sql<ShortlistRows>`
		with s as materialized (
			select u.*, u.used_0::float8 / u.active as share from (${useSource(scope, [span], null, docs)}) u
		),
		-- The last place of each list (a top-N sort each): rows tied with it or before it are
		-- candidates. Compared as scalars (a row comparison per agency cost ≈ 13 ms at --scale 50).
		-- The best and the bottom are cut on all of the ranking's numbers (ranking.ts, byNumbers),
		-- so that only rows tied on share, documents and active certificates with the last place
		-- wait for the names: early in a month thousands tie at share 0 without documents.
		cut as materialized (
			select b.share as b_share, b.signed as b_signed, b.active as b_active,
				w.share as w_share, w.signed as w_signed, w.active as w_active,
				(select x.active from s x where x.agency_id is not null and x.signed = 0
					order by x.active desc offset ${cut.silent - 1} limit 1) as quiet
			from (select 1) one
				left join lateral (select x.share, x.signed, x.active from s x where x.agency_id is not null
					order by x.share desc, x.signed desc, x.active offset ${cut.ranked - 1} limit 1) b on true
				left join lateral (select x.share, x.signed, x.active from s x where x.agency_id is not null
					order by x.share, x.signed, x.active desc offset ${cut.ranked - 1} limit 1) w on true
		),
		-- The rows tied on every number with the last place of the bottom or the silent list (4,691
		-- at --scale 50 six days into a month, the same rows for both), and their name keys.
		tied as materialized (
			select x.agency_id, a.name_key,
				coalesce(x.share = k.w_share and x.signed = k.w_signed and x.active = k.w_active, false) as at_w,
				coalesce(x.signed = 0 and x.active = k.quiet, false) as at_q
			from s x cross join cut k join agencies a on a.id = x.agency_id
			where (x.share = k.w_share and x.signed = k.w_signed and x.active = k.w_active)
				or (x.signed = 0 and x.active = k.quiet)
		),
		-- Of the tied rows, those Node may put first by name: up to the n-th complete name key
		-- (migration 2026_12_13_0200_agency_name_key: where two keys differ, byte order is the
		-- collator's) in byte order, n rows come before any row whose key is larger.
		name_cut as materialized (
			select (select t.name_key from tied t where t.at_w and right(t.name_key, 1) = ' '
						order by t.name_key collate "C" offset ${cut.ranked - 1} limit 1) as w_key,
				(select t.name_key from tied t where t.at_q and right(t.name_key, 1) = ' '
					order by t.name_key collate "C" offset ${cut.silent - 1} limit 1) as q_key
		)
		select (
				-- Names for the candidates only, in certificateUse's order: the last tie-break (input
				-- position) reads it.
				select coalesce(json_agg(json_build_array(r.agency_id, a.name, r.active, r.used_0, r.signed)
					order by a.name, r.agency_id), '[]')::text
				from (
					select r.* from s r cross join cut k cross join name_cut n
						left join tied t on t.agency_id = r.agency_id
					where (r.agency_id is not null and (k.b_share is null or r.share > k.b_share
							or (r.share = k.b_share and (r.signed > k.b_signed
								or (r.signed = k.b_signed and r.active <= k.b_active)))
							or k.w_share is null or r.share < k.w_share
							or (r.share = k.w_share and (r.signed < k.w_signed
								or (r.signed = k.w_signed and r.active > k.w_active)))
							or (r.signed = 0 and (k.quiet is null or r.active > k.quiet))
							or (t.at_w and (n.w_key is null or t.name_key collate "C" <= n.w_key))
							or (t.at_q and (n.q_key is null or t.name_key collate "C" <= n.q_key))))
					-- The names of the few rows left, not of every row first.
					offset 0
				) r left join agencies a on a.id = r.agency_id
			) as rows,
			coalesce(sum(r.active), 0)::int as active, coalesce(sum(r.used_0), 0)::int as used,
			count(*) filter (where r.agency_id is not null and r.signed = 0)::int as silent_agencies,
			coalesce(sum(r.active) filter (where r.agency_id is not null and r.signed = 0), 0)::int as silent_active
		from s r`;
	const { rows } = await withoutJit(db, shortlist);
	return rows[0]!;
}

/**
 * The dormant certificates (dormantPerAgency) in all, and the agencies holding the most, the first `cut` with
 * the ties at the cut, in certificateUse's order (by name, then id), as dormantByAgency reads them. A
 * statement of its own, beside the standings' (it shares no row with them): the two run side by side on the
 * pool, and the page waits for the longer, where one statement did both in turn (≈ 12 ms more at --scale 50).
 */
async function dormantShortlist(
	db: Kysely<Database>,
	scope: AgencyScope,
	since: Date,
	cut: number
): Promise<{ total: number; rows: CertificateUseRow[] }> {
	const statement = sql<{ rows: string; total: number }>`
		with d as materialized (
			select nullif(x.agency_id, 0) as agency_id, x.n from (${dormantPerAgency(scope, since)}) x
		),
		k as (select d.n from d where d.n > 0 order by d.n desc offset ${cut - 1} limit 1)
		select (
				select coalesce(json_agg(json_build_array(d.agency_id, a.name, d.n) order by a.name, d.agency_id), '[]')::text
				from d left join agencies a on a.id = d.agency_id
				where d.n > 0 and d.n >= coalesce((select k.n from k), 0)
			) as rows,
			(select coalesce(sum(d.n), 0)::int from d) as total`;
	const { rows } = await withoutJit(db, statement);
	const t = rows[0]!;
	const parsed = JSON.parse(t.rows) as [number | null, string | null, number][];
	return {
		total: t.total,
		rows: parsed.map(([agency_id, agency_name, n]) => ({
			agency_id,
			agency_name,
			active: 0,
			used: [0],
			dormant: n
		}))
	};
}

/**
 * One statement with JIT off. The windows' sorts over estimated joins of derived tables cost enough
 * on paper to be compiled (2.7 s at --scale 10, an estimate that grows with the province): the few
 * thousand rows they read need no compiling.
 */
function withoutJit<R>(db: Kysely<Database>, statement: RawBuilder<R>): Promise<QueryResult<R>> {
	return db.transaction().execute(async (trx) => {
		await sql`set local jit = off`.execute(trx);
		return statement.execute(trx);
	});
}
