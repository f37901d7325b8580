// The findings page: a filtered, paged list within the viewer's agency scope, and one finding
// with its evidence and history (404 outside scope).
import { sql, type Expression, type Kysely } from 'kysely';
import { foldedLike, foldedPattern } from '../db/search';
import { orderBySort, textSortKey } from '../db/sort';
import { parseSort, type ListSort } from '../../lists/sort';
import type { Database, Finding } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import {
	FINDING_STATUSES,
	LEGAL_BASES,
	isFindingKind,
	SEVERITIES,
	type FindingKind,
	type FindingStatus,
	type Severity
} from '../../domain/findings';
import { queryId, queryPage } from '../http/query-values';

export interface FindingFilters {
	kind?: FindingKind;
	legalBasis?: string;
	agencyId?: number;
	severity?: Severity;
	/** 'active' = open or acknowledged (the default view). */
	status?: FindingStatus | 'active';
	/** Words in the summary, diacritics and case ignored. */
	q?: string;
	/** A header the user clicked; the default order (most severe, latest seen) when absent. */
	sort?: ListSort<FindingSortColumn>;
	page?: number;
	pageSize?: number;
}

export const FINDING_SORT_COLUMNS = [
	'severity',
	'kind',
	'summary',
	'legal_basis',
	'agency',
	'status',
	'last_seen'
] as const;
export type FindingSortColumn = (typeof FINDING_SORT_COLUMNS)[number];

const SEVERITY_RANK = sql`case f.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
const SORT_SQL: Record<FindingSortColumn, Expression<unknown> | Expression<unknown>[]> = {
	severity: SEVERITY_RANK,
	kind: sql`f.kind`,
	summary: textSortKey(sql`f.summary`),
	legal_basis: sql`f.legal_basis`,
	agency: textSortKey(sql`a.name`),
	status: sql`f.status`,
	last_seen: sql`f.last_seen_at`
};

export function parseFindingFilters(q: URLSearchParams): FindingFilters {
	const kind = q.get('loai') ?? '';
	const status = q.get('trang-thai') ?? 'active';
	const text = q.get('q')?.trim().slice(0, 100);
	return {
		q: text || undefined,
		sort: q.has('sap')
			? parseSort(q, FINDING_SORT_COLUMNS, { column: 'severity', direction: 'asc' })
			: undefined,
		kind: isFindingKind(kind) ? kind : undefined,
		// `article` is the English alias the overview's links may use.
		legalBasis: LEGAL_BASES.find((b) => b === (q.get('dieu') ?? q.get('article'))),
		agencyId: queryId(q.get('co-quan')),
		severity: SEVERITIES.find((s) => s === q.get('muc-do')),
		status:
			status === 'all'
				? undefined
				: (FINDING_STATUSES as readonly string[]).includes(status)
					? (status as FindingStatus)
					: 'active',
		page: queryPage(q.get('page'))
	};
}

export interface FindingRow {
	id: number;
	kind: string;
	severity: string;
	legal_basis: string;
	summary: string;
	status: string;
	agency_name: string | null;
	assigned_name: string | null;
	first_seen_at: Date;
	last_seen_at: Date;
}

export async function listFindings(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: FindingFilters
): Promise<{ rows: FindingRow[]; total: number; page: number; pageSize: number }> {
	const pageSize = f.pageSize ?? 50;
	const page = f.page ?? 1;
	let q = db.selectFrom('findings as f').where(({ ref }) => inScope(scope, ref('f.agency_id')));
	if (f.kind) q = q.where('f.kind', '=', f.kind);
	if (f.legalBasis) q = q.where('f.legal_basis', '=', f.legalBasis);
	if (f.severity) q = q.where('f.severity', '=', f.severity);
	if (f.status === 'active') q = q.where('f.status', '<>', 'resolved');
	else if (f.status) q = q.where('f.status', '=', f.status);
	if (f.agencyId) {
		const agencyId = f.agencyId;
		q = q.where(({ ref }) => inAgencySubtree(agencyId, ref('f.agency_id')));
	}
	const like = foldedPattern(f.q);
	if (like) q = q.where(({ ref }) => foldedLike(ref('f.summary'), like));
	const rows = q
		.leftJoin('agencies as a', 'a.id', 'f.agency_id')
		.leftJoin('users as u', 'u.id', 'f.assigned_user_id')
		.select([
			'f.id',
			'f.kind',
			'f.severity',
			'f.legal_basis',
			'f.summary',
			'f.status',
			'a.name as agency_name',
			'u.display_name as assigned_name',
			'f.first_seen_at',
			'f.last_seen_at'
		]);
	const ordered = f.sort
		? orderBySort(rows, f.sort, SORT_SQL, sql`f.id`)
		: rows.orderBy(SEVERITY_RANK).orderBy('f.last_seen_at', 'desc').orderBy('f.id', 'desc');
	const [page_, count] = await Promise.all([
		ordered
			.limit(pageSize)
			.offset((page - 1) * pageSize)
			.execute(),
		q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return { rows: page_, total: count.n, page, pageSize };
}

export interface FindingDetail {
	finding: Finding;
	agencyName: string | null;
	certificate: { id: number; subject_cn: string; fingerprint_sha256: string } | null;
	personName: string | null;
	assignedName: string | null;
	events: {
		id: number;
		at: Date;
		from_status: string | null;
		to_status: string;
		note: string | null;
		user_name: string | null;
	}[];
}

export async function getFinding(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<FindingDetail | null> {
	const finding = await db
		.selectFrom('findings as f')
		.selectAll('f')
		.where('f.id', '=', id)
		.where(({ ref }) => inScope(scope, ref('f.agency_id')))
		.executeTakeFirst();
	if (!finding) return null;
	const [agency, certificate, person, assigned, events] = await Promise.all([
		finding.agency_id
			? db.selectFrom('agencies').select('name').where('id', '=', finding.agency_id).executeTakeFirst()
			: undefined,
		finding.certificate_id
			? db
					.selectFrom('certificates')
					.select(['id', 'subject_cn', 'fingerprint_sha256'])
					.where('id', '=', finding.certificate_id)
					.executeTakeFirst()
			: undefined,
		finding.person_id
			? db.selectFrom('people').select('full_name').where('id', '=', finding.person_id).executeTakeFirst()
			: undefined,
		finding.assigned_user_id
			? db
					.selectFrom('users')
					.select('display_name')
					.where('id', '=', finding.assigned_user_id)
					.executeTakeFirst()
			: undefined,
		db
			.selectFrom('finding_events as e')
			.leftJoin('users as u', 'u.id', 'e.user_id')
			.select(['e.id', 'e.at', 'e.from_status', 'e.to_status', 'e.note', 'u.display_name as user_name'])
			.where('e.finding_id', '=', id)
			.orderBy('e.at')
			.orderBy('e.id')
			.execute()
	]);
	return {
		finding,
		agencyName: agency?.name ?? null,
		certificate: certificate ?? null,
		personName: person?.full_name ?? null,
		assignedName: assigned?.display_name ?? null,
		events
	};
}

/** Users a finding may be assigned to: active inspectors and admins. */
export async function assignableUsers(db: Kysely<Database>): Promise<{ id: number; name: string }[]> {
	return db
		.selectFrom('users as u')
		.innerJoin('user_roles as r', 'r.user_id', 'u.id')
		.select(['u.id', 'u.display_name as name'])
		.where('r.role', 'in', ['inspector', 'admin'])
		.where('u.active', '=', true)
		.groupBy(['u.id', 'u.display_name'])
		.orderBy('u.display_name')
		.execute();
}
