// Upserts the findings a scan found and resolves those whose cause has gone, in one set-based
// statement: a finding is keyed by its dedupe key, so re-running a scan never duplicates it.
// A finding the system resolved reopens when its cause comes back; a finding a user
// acknowledged keeps that state, and one a user resolved is never reopened by a scan. Every
// status change writes a finding_events row.
//
// Two scans may keep the same kinds (misuse-scan and revocation-scan both keep signing after
// revocation or expiry, lost tokens, holders who left) and run at once on two instances. Each pass
// takes a transaction-scoped advisory lock per kind it keeps, in one order, so passes over the same
// kinds follow each other and the second sees what the first committed; and the database refuses
// a second "opened" entry for a finding (finding_events_opened_once_uq) whatever the callers do.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import type { FindingKind, Severity } from '../../domain/findings';

/** One finding as a scan reports it (the columns a `found` query must select, in this order). */
export interface FoundFinding {
	dedupe_key: string;
	kind: FindingKind;
	severity: Severity;
	legal_basis: string;
	summary: string;
	agency_id: number | null;
	certificate_id: number | null;
	person_id: number | null;
	token_id: number | null;
	document_id: number | null;
	request_id: number | null;
	evidence: Record<string, unknown>;
}

export interface SyncOptions {
	/** The kinds this pass is responsible for: open findings of these kinds not found are resolved. */
	kinds: readonly FindingKind[];
	/** A select returning the FoundFinding columns (evidence as jsonb). */
	found: RawBuilder<unknown>;
	now: Date;
	/** Narrows which open findings this pass may resolve (alias `f`), e.g. the documents it re-verified. */
	resolveWithin?: RawBuilder<SqlBool>;
	/** work_mem for this statement (e.g. '64MB'), so a scan's grouped read hashes in memory. */
	workMem?: string;
}

export interface SyncCounts {
	seen: number;
	opened: number;
	reopened: number;
	resolved: number;
}

const AUTO_RESOLVE_NOTE = 'Tự động đóng: lần quét gần nhất không còn phát hiện nguyên nhân.';

export async function syncFindings(db: Kysely<Database>, o: SyncOptions): Promise<SyncCounts> {
	if (o.kinds.length === 0) throw new Error('syncFindings needs at least one kind');
	const now = sql`${o.now}::timestamptz`;
	const kinds = sql.join(o.kinds.map((k) => sql`${k}`));
	const within = o.resolveWithin ?? sql<SqlBool>`true`;
	const statement = sql<SyncCounts>`
		with found as materialized (${o.found}),
		dedup as (
			select distinct on (dedupe_key) * from found order by dedupe_key
		),
		prior as (
			select f.id, f.dedupe_key, f.status, f.auto_resolved
			from findings f join dedup d on d.dedupe_key = f.dedupe_key
		),
		upserted as (
			insert into findings as f (dedupe_key, kind, severity, legal_basis, summary, agency_id, certificate_id,
				person_id, token_id, document_id, request_id, evidence, status, first_seen_at, last_seen_at)
			select dedupe_key, kind, severity, legal_basis, summary, agency_id, certificate_id,
				person_id, token_id, document_id, request_id, evidence, 'open', ${now}, ${now}
			from dedup
			on conflict (dedupe_key) do update set
				last_seen_at = greatest(f.last_seen_at, excluded.last_seen_at),
				severity = excluded.severity,
				-- A corrected citation reaches the findings already open (issue 16).
				legal_basis = excluded.legal_basis,
				summary = excluded.summary,
				evidence = excluded.evidence,
				status = case when f.status = 'resolved' and f.auto_resolved then 'open' else f.status end,
				resolved_at = case when f.status = 'resolved' and f.auto_resolved then null else f.resolved_at end,
				resolution_note = case when f.status = 'resolved' and f.auto_resolved then null else f.resolution_note end,
				auto_resolved = case when f.status = 'resolved' and f.auto_resolved then false else f.auto_resolved end
			returning f.id, f.dedupe_key
		),
		resolved as (
			update findings f
			set status = 'resolved', resolved_at = greatest(${now}, f.first_seen_at), auto_resolved = true,
				resolution_note = ${AUTO_RESOLVE_NOTE}
			from (
				select f.id, f.status as old_status from findings f
				where f.kind in (${kinds}) and f.status <> 'resolved' and ${within}
					and not exists (select 1 from dedup d where d.dedupe_key = f.dedupe_key)
			) o
			where f.id = o.id
			returning f.id, o.old_status
		),
		transitions as (
			select u.id, null::text as from_status, 'open' as to_status, 'Phát hiện' as note
			from upserted u left join prior p on p.dedupe_key = u.dedupe_key where p.id is null
			union all
			select u.id, 'resolved', 'open', 'Mở lại: nguyên nhân xuất hiện lại'
			from upserted u join prior p on p.dedupe_key = u.dedupe_key where p.status = 'resolved' and p.auto_resolved
			union all
			select r.id, r.old_status, 'resolved', ${AUTO_RESOLVE_NOTE} from resolved r
		),
		events as (
			insert into finding_events (finding_id, at, from_status, to_status, note)
			select id, ${now}, from_status, to_status, note from transitions
			on conflict (finding_id) where from_status is null do nothing
			returning to_status, from_status
		)
		select
			(select count(*) from upserted)::int as seen,
			(select count(*) from events where from_status is null)::int as opened,
			(select count(*) from events where from_status = 'resolved')::int as reopened,
			(select count(*) from events where to_status = 'resolved')::int as resolved
	`;
	const pass = async (trx: Kysely<Database>) => {
		// JIT compilation of this many expressions costs seconds and gains nothing on a scan this simple.
		await sql`set local jit = off`.execute(trx);
		if (o.workMem) await sql`select set_config('work_mem', ${o.workMem}, true)`.execute(trx);
		for (const kind of [...new Set(o.kinds)].sort())
			await sql`select pg_advisory_xact_lock(${FINDING_KIND_LOCK_CLASS}, hashtext(${kind}))`.execute(trx);
		return statement.execute(trx);
	};
	// In a job's transaction (ctx.commit) the pass commits, or not, with the job's other writes.
	const { rows } = db.isTransaction ? await pass(db) : await db.transaction().execute(pass);
	return rows[0] ?? { seen: 0, opened: 0, reopened: 0, resolved: 0 };
}

/** The advisory lock class of the per-kind locks of syncFindings (pg_locks.classid). */
export const FINDING_KIND_LOCK_CLASS = 0x4b4b46;

/** A `found` query over findings computed in JavaScript (passed as one jsonb parameter). */
export function foundFromRows(rows: readonly FoundFinding[]): RawBuilder<unknown> {
	return sql`
		select x.dedupe_key, x.kind, x.severity, x.legal_basis, x.summary, x.agency_id, x.certificate_id,
			x.person_id, x.token_id, x.document_id, x.request_id, coalesce(x.evidence, '{}'::jsonb) as evidence
		from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(dedupe_key text, kind text, severity text,
			legal_basis text, summary text, agency_id integer, certificate_id integer, person_id integer,
			token_id integer, document_id integer, request_id integer, evidence jsonb)`;
}

export function sumCounts(a: SyncCounts, b: SyncCounts): SyncCounts {
	return {
		seen: a.seen + b.seen,
		opened: a.opened + b.opened,
		reopened: a.reopened + b.reopened,
		resolved: a.resolved + b.resolved
	};
}
