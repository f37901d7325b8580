// Reading the audit log for the "Nhật ký" page and its export: filters by who, action, entity and
// Vietnam-date range, a search without accents or case over the actor and the action and target
// in words, newest first or by a whitelisted column (id tie-break), a page at a time.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { foldedLike, foldedPattern } from '../db/search';
import { orderBySort, textSortKey } from '../db/sort';
import { codesMatching, labelSortKey } from '../db/label-sort';
import { auditActionInWords, auditEntityInWords } from '../../i18n/audit-words';
import { LANGS } from '../../i18n/catalogue';
import { dayOrText } from '../../i18n/day-input';
import { parseSort, type ListSort } from '../../lists/sort';

export const AUDIT_SORTS = ['at', 'actor', 'action', 'entity'] as const;
export type AuditSortColumn = (typeof AUDIT_SORTS)[number];

export interface AuditFilter {
	/** Searches the actor, the action and the target (in words, either language) and the target's id. */
	q?: string;
	actor?: string;
	action?: string;
	entityType?: string;
	entityId?: string;
	/** 'YYYY-MM-DD', inclusive, Vietnam days. */
	from?: string;
	to?: string;
	page?: number;
	pageSize?: number;
	/** Absent: newest first (by id). */
	sort?: ListSort<AuditSortColumn>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FilterSchema = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	actor: z.string().trim().max(100).optional().catch(undefined),
	action: z.string().trim().max(100).optional().catch(undefined),
	entityType: z.string().trim().max(100).optional().catch(undefined),
	entityId: z.string().trim().max(100).optional().catch(undefined),
	// Typed dd/MM/yyyy (or YYYY-MM-DD), read as YYYY-MM-DD.
	from: z.preprocess(dayOrText, z.string().regex(DAY)).optional().catch(undefined),
	to: z.preprocess(dayOrText, z.string().regex(DAY)).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

/** The page's filters from its URL; a bad value is dropped, an unknown sort column is the default. */
export function parseAuditFilter(params: URLSearchParams): AuditFilter & { page: number } {
	const raw = Object.fromEntries([...params].filter(([, v]) => v.trim() !== ''));
	const f = FilterSchema.parse(raw);
	const asked = AUDIT_SORTS.some((c) => c === params.get('sap'));
	return asked ? { ...f, sort: parseSort(params, AUDIT_SORTS, { column: 'at', direction: 'desc' }) } : f;
}

export interface AuditRow {
	id: number;
	at: Date;
	actor: string;
	action: string;
	entityType: string | null;
	entityId: string | null;
	details: unknown;
	ip: string | null;
}

/** Each code with its words in every language (a search finds either). */
const inWords = (codes: string[], words: typeof auditActionInWords) =>
	codes.flatMap((c) => LANGS.map((lang): [string, string] => [c, words(lang, c)]));

/**
 * A page of the log. `o.beforeId` (newest-first order only) starts after that entry instead of at
 * an offset, and `o.count: false` skips the count (total is then -1): the export walks a large log
 * that way, by the primary key, without counting it again for every page.
 */
export async function searchAudit(
	db: Kysely<Database>,
	f: AuditFilter,
	o: { beforeId?: number; count?: boolean } = {}
): Promise<{ rows: AuditRow[]; total: number; page: number; pageSize: number }> {
	const pageSize = Math.min(Math.max(f.pageSize ?? 50, 1), 1000);
	const page = Math.max(f.page ?? 1, 1);
	const needsCodes =
		Boolean(foldedPattern(f.q)) || f.sort?.column === 'action' || f.sort?.column === 'entity';
	const [actions, entities] = needsCodes
		? await Promise.all([auditActions(db), auditEntityTypes(db)])
		: [[], []];
	let q = db.selectFrom('audit_log');
	const actorLike = foldedPattern(f.actor);
	if (actorLike) q = q.where(({ ref }) => foldedLike(ref('actor'), actorLike));
	const like = foldedPattern(f.q);
	if (like) {
		const term = f.q!.trim();
		const actionCodes = [...new Set(codesMatching(term, inWords(actions, auditActionInWords)))];
		const entityCodes = [...new Set(codesMatching(term, inWords(entities, auditEntityInWords)))];
		q = q.where(({ or, eb, ref }) =>
			or([
				foldedLike(ref('actor'), like),
				foldedLike(ref('action'), like),
				eb('entity_id', '=', term),
				...(actionCodes.length ? [eb('action', 'in', actionCodes)] : []),
				...(entityCodes.length ? [eb('entity_type', 'in', entityCodes)] : [])
			])
		);
	}
	if (f.action) q = q.where('action', 'like', `${escapeLike(f.action)}%`);
	if (f.entityType) q = q.where('entity_type', '=', f.entityType);
	if (f.entityId) q = q.where('entity_id', '=', f.entityId);
	// Dates are Vietnam days: the session time zone is Asia/Ho_Chi_Minh, so 'YYYY-MM-DD'::timestamptz is local midnight.
	if (f.from) q = q.where('at', '>=', sql<Date>`${f.from}::date::timestamptz`);
	if (f.to) q = q.where('at', '<', sql<Date>`(${f.to}::date + 1)::timestamptz`);
	const keyset = !f.sort && o.beforeId !== undefined ? o.beforeId : null;
	const select = (keyset === null ? q : q.where('id', '<', keyset)).select([
		'id',
		'at',
		'actor',
		'action',
		'entity_type',
		'entity_id',
		'details',
		'ip'
	]);
	const vi = (codes: string[], words: typeof auditActionInWords) =>
		codes.map((c): [string, string] => [c, words('vi', c)]);
	const ordered = f.sort
		? orderBySort(
				select,
				f.sort,
				{
					at: sql`at`,
					actor: textSortKey(sql`actor`),
					action: labelSortKey(sql`action`, vi(actions, auditActionInWords)),
					entity: [labelSortKey(sql`entity_type`, vi(entities, auditEntityInWords)), sql`entity_id`]
				},
				sql`id`
			)
		: select.orderBy('id', 'desc');
	const [rows, count] = await Promise.all([
		ordered
			.limit(pageSize)
			.offset(keyset === null ? (page - 1) * pageSize : 0)
			.execute(),
		o.count === false ? { n: -1 } : q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			at: r.at,
			actor: r.actor,
			action: r.action,
			entityType: r.entity_type,
			entityId: r.entity_id,
			details: r.details,
			ip: r.ip
		})),
		total: count.n,
		page,
		pageSize
	};
}

/**
 * The distinct values of a column of the log, in order: a skip scan of its index (one index probe
 * per value, a few dozen values), where `select distinct` read every entry of a log that only grows.
 */
async function distinctValues(db: Kysely<Database>, column: 'action' | 'entity_type'): Promise<string[]> {
	const col = sql.ref(column);
	const l = sql.ref(`l.${column}`);
	const r = await sql<{ v: string }>`
		with recursive d(v) as (
			(select ${col} from audit_log where ${col} is not null order by ${col} limit 1)
			union all
			select (select ${l} from audit_log l where ${l} > d.v order by ${l} limit 1) from d where d.v is not null
		)
		select v from d where v is not null`.execute(db);
	return r.rows.map((row) => row.v);
}

/** The distinct action names, for the filter's list. */
export async function auditActions(db: Kysely<Database>): Promise<string[]> {
	return distinctValues(db, 'action');
}

/** The distinct kinds of record the log names (for a search or a sort by the target in words). */
async function auditEntityTypes(db: Kysely<Database>): Promise<string[]> {
	return distinctValues(db, 'entity_type');
}

function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
