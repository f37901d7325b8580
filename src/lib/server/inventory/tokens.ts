// Key devices (tokens): the list with filters, and one device with its custody history and the
// certificates it holds. Status and holder come from the custody events (view token_holdings);
// scope follows the device's holder agency.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { zId } from '../http/query-values';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { orderBySort, textSortKey } from '../db/sort';
import { DEVICE_KINDS, TOKEN_STATUSES, type TokenStatus } from '../../domain/devices';
import { inAgencySubtree, offsetOf, PAGE_SIZE, type Paged } from './filters';

export const tokenFilterSchema = z.object({
	q: z.string().max(100).optional(),
	status: z.enum(TOKEN_STATUSES).optional(),
	type: z.enum(DEVICE_KINDS).optional(),
	agency: zId().optional(),
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	// A column header's sort (?sap=&chieu=); none: by serial, as the keyset export pages.
	sap: z.enum(['serial', 'type', 'model', 'agency', 'holder', 'status', 'certificates']).optional(),
	chieu: z.enum(['asc', 'desc']).optional()
});
export type TokenFilter = z.infer<typeof tokenFilterSchema>;

export interface TokenRow {
	id: number;
	serial: string;
	device_type: string;
	model: string | null;
	status: TokenStatus;
	holder_agency_name: string | null;
	holder_person_name: string | null;
	certificates: number;
}

function tokenQuery(db: Kysely<Database>, scope: AgencyScope, f: TokenFilter) {
	let base = db
		.selectFrom('tokens as t')
		.innerJoin('token_holdings as h', 'h.token_id', 't.id')
		.where(({ ref }) => inScope(scope, ref('h.holder_agency_id')));
	if (f.status) base = base.where('h.status', '=', f.status);
	if (f.type) base = base.where('t.device_type', '=', f.type);
	if (f.agency) {
		const agencyId = f.agency;
		base = base.where(({ ref }) => inAgencySubtree(agencyId, ref('h.holder_agency_id')));
	}
	const text = f.q?.trim();
	if (text) base = base.where('t.serial', 'ilike', `%${text.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
	return base;
}

const certificateCount = sql<number>`(select count(*)::int from certificates c where c.token_id = t.id)`;

function tokenRows(base: ReturnType<typeof tokenQuery>, f: Pick<TokenFilter, 'sap' | 'chieu'>) {
	const q = base
		.leftJoin('agencies as a', 'a.id', 'h.holder_agency_id')
		.leftJoin('people as p', 'p.id', 'h.holder_person_id')
		.select([
			't.id',
			't.serial',
			't.device_type',
			't.model',
			'h.status',
			'a.name as holder_agency_name',
			'p.full_name as holder_person_name',
			(eb) =>
				eb
					.selectFrom('certificates as c')
					.select(sql<number>`count(*)::int`.as('n'))
					.whereRef('c.token_id', '=', 't.id')
					.as('certificates')
		])
		.$castTo<TokenRow>();
	if (!f.sap) return q.orderBy('t.serial');
	return orderBySort(
		q,
		{ column: f.sap, direction: f.chieu ?? 'asc' },
		{
			serial: sql`t.serial`,
			type: sql`t.device_type`,
			model: textSortKey(sql<string | null>`t.model`),
			agency: textSortKey(sql<string | null>`a.name`),
			holder: textSortKey(sql<string | null>`p.full_name`),
			status: sql`h.status`,
			certificates: certificateCount
		},
		sql`t.id`
	);
}

export async function listTokens(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: TokenFilter,
	pageSize = PAGE_SIZE
): Promise<Paged<TokenRow>> {
	const base = tokenQuery(db, scope, f);
	// Nothing asks the custody state (province-wide, no status or agency): count the devices alone,
	// not their join with token_holdings (one row per device), which read every device's state.
	const counted =
		scope.kind === 'all' && !f.status && !f.agency
			? db
					.selectFrom('tokens as t')
					.$if(Boolean(f.type), (q) => q.where('t.device_type', '=', f.type!))
					.$if(Boolean(f.q?.trim()), (q) =>
						q.where('t.serial', 'ilike', `%${f.q!.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`)
					)
			: base;
	const [rows, count] = await Promise.all([
		tokenRows(base, f).limit(pageSize).offset(offsetOf(f.page, pageSize)).execute(),
		counted.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, page: f.page, pageSize, total: count.n };
}

/**
 * The devices after `cursor` in the list's order, for exports: by serial, the last serial (serials are unique);
 * under a column sort, the number of rows already read.
 */
export async function tokensAfter(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: TokenFilter,
	cursor: string | null,
	limit: number
): Promise<{ rows: TokenRow[]; next: string | null }> {
	let base = tokenQuery(db, scope, f);
	if (f.sap) {
		const offset = Number(cursor) || 0;
		const rows = await tokenRows(base, f).limit(limit).offset(offset).execute();
		return { rows, next: rows.length === limit ? String(offset + limit) : null };
	}
	if (cursor !== null) base = base.where('t.serial', '>', cursor);
	const rows = await tokenRows(base, f).limit(limit).execute();
	return { rows, next: rows.length === limit ? rows.at(-1)!.serial : null };
}

export interface TokenDetail {
	id: number;
	serial: string;
	device_type: string;
	model: string | null;
	status: TokenStatus;
	status_since: Date | null;
	max_pin_retries: number | null;
	holder_agency_id: number | null;
	holder_agency_name: string | null;
	holder_person_id: number | null;
	holder_person_name: string | null;
	created_at: Date;
}

export interface CustodyRow {
	id: number;
	event: string;
	occurred_at: Date;
	from_person_name: string | null;
	to_person_name: string | null;
	agency_name: string | null;
	recorded_by: string | null;
	recorded_at: Date;
	form: string | null;
	reason: string | null;
	record_number: string | null;
	note: string | null;
}

export interface TokenCertificateRow {
	id: number;
	subject_cn: string;
	serial_number: string;
	status: string;
	not_after: Date;
}

export async function getTokenDetail(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<{ token: TokenDetail; custody: CustodyRow[]; certificates: TokenCertificateRow[] } | null> {
	const token = await db
		.selectFrom('tokens as t')
		.innerJoin('token_holdings as h', 'h.token_id', 't.id')
		.leftJoin('agencies as a', 'a.id', 'h.holder_agency_id')
		.leftJoin('people as p', 'p.id', 'h.holder_person_id')
		.select([
			't.id',
			't.serial',
			't.device_type',
			't.model',
			'h.status',
			'h.status_since',
			't.max_pin_retries',
			'h.holder_agency_id',
			'a.name as holder_agency_name',
			'h.holder_person_id',
			'p.full_name as holder_person_name',
			't.created_at'
		])
		.where('t.id', '=', id)
		.where(({ ref }) => inScope(scope, ref('h.holder_agency_id')))
		.executeTakeFirst();
	if (!token) return null;
	const [custody, certificates] = await Promise.all([
		db
			.selectFrom('token_custody_events as ev')
			.leftJoin('people as pf', 'pf.id', 'ev.from_person_id')
			.leftJoin('people as pt', 'pt.id', 'ev.to_person_id')
			.leftJoin('agencies as a', 'a.id', 'ev.agency_id')
			.select([
				'ev.id',
				'ev.event',
				'ev.occurred_at',
				'pf.full_name as from_person_name',
				'pt.full_name as to_person_name',
				'a.name as agency_name',
				'ev.recorded_by',
				'ev.recorded_at',
				'ev.form',
				'ev.reason',
				'ev.record_number',
				'ev.note'
			])
			.where('ev.token_id', '=', id)
			.orderBy('ev.occurred_at')
			.orderBy('ev.id')
			.execute(),
		db
			.selectFrom('certificates as c')
			.select(['c.id', 'c.subject_cn', 'c.serial_number', 'c.status', 'c.not_after'])
			.where('c.token_id', '=', id)
			.where(({ ref }) => inScope(scope, ref('c.agency_id')))
			.orderBy('c.not_before')
			.execute()
	]);
	return { token, custody, certificates };
}
