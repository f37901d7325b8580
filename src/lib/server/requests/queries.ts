// Lifecycle request lists and lookups (Điều 6, 9, 10, 11), always narrowed to the caller's
// agency scope. "Overdue" is an open request past its due time.
import { foldedLike, foldedPattern } from '../db/search';
import { orderBySort, textSortKey } from '../db/sort';
import { sql, type Expression, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import type { RequestOutcome } from './completion';
import {
	OPEN_REQUEST_STATUSES,
	REQUEST_KINDS,
	REQUEST_STATUSES,
	type RequestKind,
	type RequestStatus
} from '../../domain/requests';
import { parseSort, type ListSort } from '../../lists/sort';
import { queryId } from '../http/query-values';

export interface RequestFilters {
	kind?: RequestKind;
	status?: RequestStatus;
	agencyId?: number;
	overdue?: boolean;
	/** Words in the person's name, the agency's name, the reference number or the certificate. */
	q?: string;
	/** A header the user clicked; newest submitted first when absent. */
	sort?: ListSort<RequestSortColumn>;
	limit?: number;
	offset?: number;
}

export const REQUEST_SORT_COLUMNS = [
	'id',
	'kind',
	'agency',
	'subject',
	'submitted',
	'due',
	'status'
] as const;
export type RequestSortColumn = (typeof REQUEST_SORT_COLUMNS)[number];
export const REQUEST_DEFAULT_SORT: ListSort<RequestSortColumn> = { column: 'submitted', direction: 'desc' };

const SORT_SQL: Record<RequestSortColumn, Expression<unknown> | Expression<unknown>[]> = {
	id: sql`r.id`,
	kind: sql`r.kind`,
	agency: textSortKey(sql`a.name`),
	// What the page shows in the column: the certificate's name, else the person's.
	subject: textSortKey(sql`coalesce(c.subject_cn, p.full_name)`),
	submitted: sql`r.submitted_at`,
	due: sql`r.due_at`,
	status: sql`r.status`
};

/** The list's filters, search and sort from the URL (`/yeu-cau?…`); bad values are dropped. */
export function parseRequestFilters(q: URLSearchParams): RequestFilters {
	return {
		kind: REQUEST_KINDS.find((k) => k === q.get('loai')),
		status: REQUEST_STATUSES.find((s) => s === q.get('trang-thai')),
		agencyId: queryId(q.get('co-quan')),
		overdue: q.get('qua-han') === '1',
		q: q.get('q')?.trim().slice(0, 100) || undefined,
		sort: parseSort(q, REQUEST_SORT_COLUMNS, REQUEST_DEFAULT_SORT)
	};
}

export interface RequestRow {
	id: number;
	kind: RequestKind;
	form: string | null;
	status: RequestStatus;
	agencyId: number;
	agencyName: string;
	personName: string | null;
	certificateCn: string | null;
	certificateId: number | null;
	tokenSerial: string | null;
	tokenId: number | null;
	referenceNumber: string | null;
	submittedAt: Date;
	validAt: Date | null;
	dueAt: Date | null;
	decidedAt: Date | null;
	reason: string | null;
	overdue: boolean;
	/** Decided (or still open) after the due time. */
	late: boolean;
}

/** One request with what its completion changed. */
export interface RequestDetailRow extends RequestRow {
	outcome: RequestOutcome;
}

function base(db: Kysely<Database>, scope: AgencyScope, now: Date) {
	// Every join is a left join on a unique key (a request's agency is required and kept by its
	// foreign key, so the agency's is inner in effect): a count without a search reads the requests
	// alone, the planner dropping the joins it does not need (62,583 requests at --scale 50).
	return db
		.selectFrom('lifecycle_requests as r')
		.leftJoin('agencies as a', 'a.id', 'r.agency_id')
		.leftJoin('people as p', 'p.id', 'r.person_id')
		.leftJoin('certificates as c', 'c.id', 'r.certificate_id')
		.leftJoin('tokens as t', 't.id', 'r.token_id')
		.where(({ ref }) => inScope(scope, ref('r.agency_id')))
		.select([
			'r.id',
			'r.kind',
			'r.form',
			'r.status',
			'r.agency_id as agencyId',
			'a.name as agencyName',
			'p.full_name as personName',
			'c.subject_cn as certificateCn',
			'r.certificate_id as certificateId',
			't.serial as tokenSerial',
			'r.token_id as tokenId',
			'r.reference_number as referenceNumber',
			'r.submitted_at as submittedAt',
			'r.valid_at as validAt',
			'r.due_at as dueAt',
			'r.decided_at as decidedAt',
			'r.reason',
			sql<boolean>`(r.status in ('submitted', 'in_progress', 'approved') and r.due_at is not null and r.due_at < ${now})`.as(
				'overdue'
			),
			sql<boolean>`(r.due_at is not null and coalesce(r.decided_at, ${now}) > r.due_at)`.as('late')
		]);
}

function filtered(db: Kysely<Database>, scope: AgencyScope, f: RequestFilters, now: Date) {
	let q = base(db, scope, now);
	if (f.kind) q = q.where('r.kind', '=', f.kind);
	if (f.status) q = q.where('r.status', '=', f.status);
	if (f.agencyId) {
		const agencyId = f.agencyId;
		q = q.where(({ ref }) => inAgencySubtree(agencyId, ref('r.agency_id')));
	}
	if (f.overdue) q = q.where('r.status', 'in', OPEN_REQUEST_STATUSES).where('r.due_at', '<', now);
	const like = foldedPattern(f.q);
	if (like)
		q = q.where(({ eb, ref }) =>
			eb.or([
				foldedLike(ref('p.full_name'), like),
				foldedLike(ref('a.name'), like),
				foldedLike(ref('r.reference_number'), like),
				foldedLike(ref('c.subject_cn'), like)
			])
		);
	return q;
}

export async function listRequests(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: RequestFilters,
	now: Date
): Promise<{ rows: RequestRow[]; total: number }> {
	const q = filtered(db, scope, f, now);
	const [rows, total] = await Promise.all([
		orderBySort(q, f.sort ?? REQUEST_DEFAULT_SORT, SORT_SQL, sql`r.id`)
			.limit(f.limit ?? 100)
			.offset(f.offset ?? 0)
			.execute(),
		q
			.clearSelect()
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows: rows as RequestRow[], total: total.n };
}

export async function getRequestRow(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number,
	now: Date
): Promise<RequestDetailRow | undefined> {
	return (await base(db, scope, now).select('r.outcome').where('r.id', '=', id).executeTakeFirst()) as
		RequestDetailRow | undefined;
}

/** Open token-recovery requests (Điều 11.2: 01 working day), most urgent first. */
export async function openRecoveryRequests(
	db: Kysely<Database>,
	scope: AgencyScope,
	now: Date
): Promise<RequestRow[]> {
	return (await base(db, scope, now)
		.where('r.kind', '=', 'recover')
		.where('r.status', 'in', OPEN_REQUEST_STATUSES)
		.orderBy('r.due_at', 'asc')
		.limit(50)
		.execute()) as RequestRow[];
}
