// The certificate inventory list: search, filters, sorting and paging, within the viewer's scope.
// Offset paging over indexed columns stays fast at 100,000 certificates; the count shares the filters.
import { sql, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { zId } from '../http/query-values';
import type { Certificate, Database } from '../db/schema';
import type { CertificatesTable } from '../db/schema.generated';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { foldedPattern } from '../db/search';
import { inAgencySubtree, offsetOf, PAGE_SIZE, type Paged } from './filters';
import { CERT_KINDS, CERT_STATUSES } from '../../domain/certificates';

export const CERT_SORTS = ['not_after', 'not_before', 'subject_cn', 'status'] as const;

export const certificateFilterSchema = z.object({
	q: z.string().max(200).optional(),
	status: z.enum(CERT_STATUSES).optional(),
	kind: z.enum(CERT_KINDS).optional(),
	agency: zId().optional(),
	expiring: z.coerce.number().int().min(1).max(3650).optional(),
	issuer: z.string().max(500).optional(),
	/** '1': only certificates without a holder (no agency, or an individual one without a person). */
	unlinked: z.enum(['1']).optional(),
	/** Active certificates valid this many days that signed nothing in them (the overview's dormant figure). */
	dormant: z.coerce.number().int().min(1).max(3650).optional(),
	sort: z.enum(CERT_SORTS).default('not_after'),
	dir: z.enum(['asc', 'desc']).default('asc'),
	page: z.coerce.number().int().min(1).max(1_000_000).default(1)
});
export type CertificateFilter = z.infer<typeof certificateFilterSchema>;

export interface CertificateRow extends Pick<
	Certificate,
	| 'id'
	| 'subject_cn'
	| 'serial_number'
	| 'fingerprint_sha256'
	| 'kind'
	| 'status'
	| 'not_before'
	| 'not_after'
	| 'issuer_dn'
	| 'agency_id'
	| 'revocation_requested_at'
> {
	agency_name: string | null;
	person_name: string | null;
	token_serial: string | null;
}

/** Hex-looking search text without separators ("3A:0F 12" → "3a0f12"), or null. */
function hexNeedle(q: string): string | null {
	const h = q.replace(/[\s:]/g, '').toLowerCase();
	return /^[0-9a-f]{4,}$/.test(h) ? h : null;
}

type CertQuery = SelectQueryBuilder<Database & { c: CertificatesTable }, 'c', object>;

function applyFilters(qb: CertQuery, scope: AgencyScope, f: CertificateFilter, now: Date): CertQuery {
	let q = qb.where(({ ref }) => inScope(scope, ref('c.agency_id')));
	if (f.status) q = q.where('c.status', '=', f.status);
	if (f.kind) q = q.where('c.kind', '=', f.kind);
	if (f.agency) {
		const agencyId = f.agency;
		q = q.where(({ ref }) => inAgencySubtree(agencyId, ref('c.agency_id')));
	}
	if (f.issuer) q = q.where('c.issuer_dn', '=', f.issuer);
	if (f.unlinked)
		q = q.where((eb) =>
			eb.or([
				eb('c.agency_id', 'is', null),
				eb.and([eb('c.kind', '=', 'individual'), eb('c.person_id', 'is', null)])
			])
		);
	if (f.expiring) {
		q = q
			.where('c.status', '=', 'active')
			.where('c.not_after', '>', now)
			.where('c.not_after', '<=', new Date(now.getTime() + f.expiring * 86400_000));
	}
	if (f.dormant) {
		// certificate_last_use (kept by triggers) holds each certificate's last signature.
		const since = new Date(now.getTime() - f.dormant * 86400_000);
		q = q
			.where('c.status', '=', 'active')
			.where('c.not_before', '<=', since)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom('certificate_last_use as l')
							.select(sql.lit(1).as('one'))
							.whereRef('l.certificate_id', '=', 'c.id')
							.where('l.last_signed_at', '>=', since)
					)
				)
			);
	}
	const text = f.q?.trim();
	if (text) {
		const hex = hexNeedle(text);
		const like = foldedPattern(text) ?? '%';
		q = q.where((eb) =>
			eb.or([
				// The stored fold (migration 2026_12_11_0130), kk_fold(subject_cn) as the search's.
				sql<SqlBool>`c.subject_cn_folded like ${like}`,
				...(hex
					? [eb('c.serial_number', 'like', `${hex}%`), eb('c.fingerprint_sha256', 'like', `${hex}%`)]
					: [])
			])
		);
	}
	return q;
}

/** The list's columns: the certificate with its holder agency, person and device. */
function withRowColumns(q: CertQuery) {
	return q
		.leftJoin('agencies as a', 'a.id', 'c.agency_id')
		.leftJoin('people as p', 'p.id', 'c.person_id')
		.leftJoin('tokens as t', 't.id', 'c.token_id')
		.select([
			'c.id',
			'c.subject_cn',
			'c.serial_number',
			'c.fingerprint_sha256',
			'c.kind',
			'c.status',
			'c.not_before',
			'c.not_after',
			'c.issuer_dn',
			'c.agency_id',
			'c.revocation_requested_at',
			'a.name as agency_name',
			'p.full_name as person_name',
			't.serial as token_serial'
		]);
}

export async function listCertificates(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: CertificateFilter,
	now = new Date(),
	pageSize = PAGE_SIZE
): Promise<Paged<CertificateRow>> {
	const base = applyFilters(db.selectFrom('certificates as c'), scope, f, now);
	const [rows, count] = await Promise.all([
		withRowColumns(base)
			.orderBy(`c.${f.sort}`, f.dir)
			.orderBy('c.id', f.dir)
			.limit(pageSize)
			.offset(offsetOf(f.page, pageSize))
			.execute(),
		base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
	]);
	return { rows, page: f.page, pageSize, total: count.n };
}

/** The sort column's type, for comparing a keyset cursor (kept as text, so timestamps keep their microseconds). */
const SORT_TYPES: Record<(typeof CERT_SORTS)[number], 'timestamptz' | 'text'> = {
	not_after: 'timestamptz',
	not_before: 'timestamptz',
	subject_cn: 'text',
	status: 'text'
};

/**
 * The list in the page's order after `cursor` (null: from the start), for exports: keyset paging, so
 * a long export neither rescans skipped rows nor repeats or loses rows when others are added meanwhile.
 * The cursor is the last row's sort value (as text) and id.
 */
export async function certificatesAfter(
	db: Kysely<Database>,
	scope: AgencyScope,
	f: CertificateFilter,
	cursor: string | null,
	limit: number,
	now = new Date()
): Promise<{ rows: CertificateRow[]; next: string | null }> {
	let q = applyFilters(db.selectFrom('certificates as c'), scope, f, now);
	const col = sql.ref(`c.${f.sort}`);
	if (cursor) {
		const [value, id] = JSON.parse(cursor) as [string, number];
		const cmp = sql.raw(f.dir === 'asc' ? '>' : '<');
		q = q.where(
			sql<boolean>`(${col}, c.id) ${cmp} (cast(${value} as ${sql.raw(SORT_TYPES[f.sort])}), ${id})`
		);
	}
	const rows = await withRowColumns(q)
		.select(sql<string>`${col}::text`.as('sort_value'))
		.orderBy(`c.${f.sort}`, f.dir)
		.orderBy('c.id', f.dir)
		.limit(limit)
		.execute();
	const last = rows.at(-1);
	return {
		rows: rows.map(({ sort_value: _v, ...r }) => r),
		next: rows.length === limit && last ? JSON.stringify([last.sort_value, last.id]) : null
	};
}

/** The distinct issuers of certificates in scope, for the issuer filter. */
export async function certificateIssuers(db: Kysely<Database>, scope: AgencyScope): Promise<string[]> {
	if (scope.kind === 'all') {
		// Province-wide: one probe of the (issuer_dn, serial_number) index per issuer, not a pass over
		// every certificate's entry (a handful of issuers among 23,774 certificates at --scale 10).
		const { rows } = await sql<{ dn: string }>`
			with recursive i(dn) as (
				(select issuer_dn from certificates order by issuer_dn limit 1)
				union all
				select (select c.issuer_dn from certificates c where c.issuer_dn > i.dn order by c.issuer_dn limit 1)
				from i where i.dn is not null
			)
			select dn from i where dn is not null limit 100`.execute(db);
		return rows.map((r) => r.dn);
	}
	const rows = await db
		.selectFrom('certificates as c')
		.select('c.issuer_dn')
		.distinct()
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.orderBy('c.issuer_dn')
		.limit(100)
		.execute();
	return rows.map((r) => r.issuer_dn);
}
