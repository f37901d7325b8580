// Archived signed documents (Điều 3.2, 12): lists with their latest verdict, one document, its
// verification history, and the stored bytes. Every query is narrowed to the caller's scope by
// the issuing agency.
import { foldedLike, foldedPattern } from '../db/search';
import { parseDayInput } from '../../i18n/day-input';
import { orderBySort, textSortKey } from '../db/sort';
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import { latestVerification } from './latest-verification';
import type { Indication } from '../../pki/verdicts';
import { parseSort, type ListSort } from '../../lists/sort';
import { queryId } from '../http/query-values';

export interface ArchiveFilters {
	agencyId?: number;
	receivedFrom?: string; // YYYY-MM-DD, Vietnam days
	receivedTo?: string;
	verdict?: Indication | 'none';
	format?: 'pdf' | 'cms';
	/** Words in the file name or the document number, diacritics and case ignored. */
	q?: string;
	/** A header the user clicked; newest received first when absent. */
	sort?: ListSort<ArchiveSortColumn>;
	limit?: number;
	offset?: number;
}

export const ARCHIVE_SORT_COLUMNS = ['file', 'number', 'agency', 'received', 'format', 'verdict'] as const;
export type ArchiveSortColumn = (typeof ARCHIVE_SORT_COLUMNS)[number];
export const ARCHIVE_DEFAULT_SORT: ListSort<ArchiveSortColumn> = { column: 'received', direction: 'desc' };
const VERDICTS = ['TOTAL_PASSED', 'INDETERMINATE', 'TOTAL_FAILED', 'none'] as const;

const SORT_SQL: Record<ArchiveSortColumn, Expression<unknown> | Expression<unknown>[]> = {
	file: textSortKey(sql`d.file_name`),
	number: textSortKey(sql`d.document_number`),
	agency: textSortKey(sql`a.name`),
	received: sql`d.received_at`,
	format: sql`d.format`,
	// Valid, then undetermined, then failed; never verified last.
	verdict: sql`case lv.indication when 'TOTAL_PASSED' then 0 when 'INDETERMINATE' then 1 when 'TOTAL_FAILED' then 2 end`
};

/** A day typed dd/MM/yyyy (or YYYY-MM-DD) as YYYY-MM-DD; anything else is no filter. */
const isDay = (s: string | null) => (s ? (parseDayInput(s) ?? undefined) : undefined);

/** The list's filters, search and sort from the URL (`/luu-tru?…`); bad values are dropped. */
export function parseArchiveFilters(q: URLSearchParams): ArchiveFilters {
	const format = q.get('dinh-dang');
	return {
		agencyId: queryId(q.get('co-quan')),
		receivedFrom: isDay(q.get('tu')),
		receivedTo: isDay(q.get('den')),
		verdict: VERDICTS.find((v) => v === q.get('ket-qua')),
		format: format === 'pdf' || format === 'cms' ? format : undefined,
		q: q.get('q')?.trim().slice(0, 100) || undefined,
		sort: parseSort(q, ARCHIVE_SORT_COLUMNS, ARCHIVE_DEFAULT_SORT)
	};
}

export interface ArchiveRow {
	id: number;
	fileName: string;
	format: 'pdf' | 'cms';
	documentNumber: string | null;
	agencyId: number | null;
	agencyName: string | null;
	receivedAt: Date;
	sourceSystem: string;
	sourceId: string;
	contentSha256: string;
	signatureSha256: string | null;
	sizeBytes: number;
	latestIndication: Indication | null;
	latestSubIndication: string | null;
	latestVerifiedAt: Date | null;
	verifications: number;
	direction: 'incoming' | 'outgoing';
	/** The source system's own verification result, as reported at intake. */
	sourceIndication: Indication | null;
	sourceMessage: string | null;
	intakeOrigin: 'api' | 'upload' | null;
	intakeApiKeyName: string | null;
	intakeUserName: string | null;
}

function base(db: Kysely<Database>, scope: AgencyScope) {
	return db
		.selectFrom('archived_documents as d')
		.innerJoin('document_contents as dc', 'dc.sha256', 'd.content_sha256')
		.leftJoin('agencies as a', 'a.id', 'd.issuing_agency_id')
		.leftJoin('api_keys as k', 'k.id', 'd.intake_api_key_id')
		.leftJoin('users as u', 'u.id', 'd.intake_user_id')
		.leftJoinLateral(latestVerification, (join) => join.onTrue())
		.where(({ ref }) => inScope(scope, ref('d.issuing_agency_id')))
		.select([
			'd.id',
			'd.file_name as fileName',
			'd.format',
			'd.document_number as documentNumber',
			'd.issuing_agency_id as agencyId',
			'a.name as agencyName',
			'd.received_at as receivedAt',
			'd.source_system as sourceSystem',
			'd.source_id as sourceId',
			'd.content_sha256 as contentSha256',
			'd.signature_sha256 as signatureSha256',
			'dc.size_bytes as sizeBytes',
			'lv.indication as latestIndication',
			'lv.sub_indication as latestSubIndication',
			'lv.verified_at as latestVerifiedAt',
			'd.direction',
			'd.source_indication as sourceIndication',
			'd.source_message as sourceMessage',
			'd.intake_origin as intakeOrigin',
			'k.name as intakeApiKeyName',
			'u.display_name as intakeUserName',
			sql<number>`(select count(*)::int from document_verifications x where x.document_id = d.id)`.as(
				'verifications'
			)
		]);
}

/**
 * The filters as conditions on `archived_documents as d`, and on `lv` (the latest verification)
 * for the verdict.
 */
function conditions(f: ArchiveFilters): Expression<SqlBool>[] {
	const out: Expression<SqlBool>[] = [];
	if (f.agencyId) out.push(inAgencySubtree(f.agencyId, sql.ref('d.issuing_agency_id')));
	if (f.receivedFrom)
		out.push(
			sql<SqlBool>`d.received_at >= (${f.receivedFrom}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`
		);
	if (f.receivedTo)
		out.push(
			sql<SqlBool>`d.received_at < (${f.receivedTo}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`
		);
	if (f.format) out.push(sql<SqlBool>`d.format = ${f.format}`);
	if (f.verdict === 'none') out.push(sql<SqlBool>`lv.indication is null`);
	else if (f.verdict) out.push(sql<SqlBool>`lv.indication = ${f.verdict}`);
	const like = foldedPattern(f.q);
	if (like)
		out.push(
			sql<SqlBool>`(${foldedLike(sql.ref('d.file_name'), like)} or ${foldedLike(sql.ref('d.document_number'), like)})`
		);
	return out;
}

/**
 * How many documents the filters keep, reading only the tables a filter needs: the page's other
 * joins give one row each (the content is required, the rest are left joins), and the latest
 * verification, looked up for every document, made the count the list's dearest statement.
 */
function countDocuments(db: Kysely<Database>, scope: AgencyScope, f: ArchiveFilters) {
	const q = db
		.selectFrom('archived_documents as d')
		.where(({ ref }) => inScope(scope, ref('d.issuing_agency_id')))
		.where((eb) => eb.and(conditions(f)));
	return (f.verdict ? q.leftJoinLateral(latestVerification, (join) => join.onTrue()) : q)
		.select(sql<number>`count(*)::int`.as('n'))
		.executeTakeFirstOrThrow();
}

export async function listArchivedDocuments(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: ArchiveFilters
): Promise<{ rows: ArchiveRow[]; total: number }> {
	const q = base(db, scope).where((eb) => eb.and(conditions(f)));
	const [rows, total] = await Promise.all([
		orderBySort(q, f.sort ?? ARCHIVE_DEFAULT_SORT, SORT_SQL, sql`d.id`)
			.limit(f.limit ?? 100)
			.offset(f.offset ?? 0)
			.execute(),
		countDocuments(db, scope, f)
	]);
	return { rows: rows as ArchiveRow[], total: total.n };
}

export async function getArchivedDocumentRow(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<ArchiveRow | undefined> {
	return (await base(db, scope).where('d.id', '=', id).executeTakeFirst()) as ArchiveRow | undefined;
}

export async function verificationRows(db: Kysely<Database>, documentId: number) {
	return db
		.selectFrom('document_verifications')
		.select([
			'id',
			'verified_at',
			'validation_time',
			'poe_time',
			'indication',
			'sub_indication',
			'signer_fingerprints',
			'report',
			'job_run_id'
		])
		.where('document_id', '=', documentId)
		.orderBy('verified_at', 'desc')
		.orderBy('id', 'desc')
		.execute();
}

export async function contentBytes(db: Kysely<Database>, sha256: string): Promise<Uint8Array | undefined> {
	const row = await db
		.selectFrom('document_contents')
		.select('content')
		.where('sha256', '=', sha256)
		.executeTakeFirst();
	return row ? new Uint8Array(row.content) : undefined;
}
