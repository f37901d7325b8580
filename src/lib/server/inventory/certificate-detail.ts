// One certificate as the inspector reads it: holder, token, renewal chain, findings and its
// signing events. Out of scope is the same as missing (null), so the route answers 404 for both.
import { sql, type Kysely } from 'kysely';
import type { Certificate, Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';

// The certificate's own columns come from the generated schema; the rest are joined names.
export interface CertificateDetail extends Pick<
	Certificate,
	| 'id'
	| 'fingerprint_sha256'
	| 'serial_number'
	| 'subject_dn'
	| 'subject_cn'
	| 'issuer_dn'
	| 'kind'
	| 'status'
	| 'not_before'
	| 'not_after'
	| 'revoked_at'
	| 'revocation_reason'
	| 'revocation_requested_at'
	| 'stated_title'
	| 'email'
	| 'key_algorithm'
	| 'key_bits'
	| 'signature_algorithm'
	| 'public_ca'
	| 'agency_id'
	| 'person_id'
	| 'token_id'
> {
	agency_name: string | null;
	person_name: string | null;
	person_title: string | null;
	person_status: string | null;
	token_serial: string | null;
	token_status: string | null;
}

export interface ChainLink {
	id: number;
	subject_cn: string;
	serial_number: string;
	not_before: Date;
	not_after: Date;
	status: string;
}

export interface CertificateFindingRow {
	id: number;
	kind: string;
	severity: 'low' | 'medium' | 'high' | 'critical';
	legal_basis: string;
	summary: string;
	status: 'open' | 'acknowledged' | 'resolved';
	first_seen_at: Date;
}

export async function getCertificateDetail(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<CertificateDetail | null> {
	const row = await db
		.selectFrom('certificates as c')
		.leftJoin('agencies as a', 'a.id', 'c.agency_id')
		.leftJoin('people as p', 'p.id', 'c.person_id')
		.leftJoin('tokens as t', 't.id', 'c.token_id')
		.leftJoin('token_holdings as h', 'h.token_id', 'c.token_id')
		.select([
			'c.id',
			'c.fingerprint_sha256',
			'c.serial_number',
			'c.subject_dn',
			'c.subject_cn',
			'c.issuer_dn',
			'c.kind',
			'c.status',
			'c.not_before',
			'c.not_after',
			'c.revoked_at',
			'c.revocation_reason',
			'c.revocation_requested_at',
			'c.stated_title',
			'c.email',
			'c.key_algorithm',
			'c.key_bits',
			'c.signature_algorithm',
			'c.public_ca',
			'c.agency_id',
			'a.name as agency_name',
			'c.person_id',
			'p.full_name as person_name',
			'p.title as person_title',
			'p.status as person_status',
			'c.token_id',
			't.serial as token_serial',
			'h.status as token_status'
		])
		.where('c.id', '=', id)
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.executeTakeFirst();
	return row ?? null;
}

/** The DER of a certificate in scope, with the name to save it under; null when missing or out of scope. */
export async function getCertificateDer(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<{ der: Uint8Array; fileName: string; fingerprint: string } | null> {
	const row = await db
		.selectFrom('certificates as c')
		.select(['c.der', 'c.serial_number', 'c.fingerprint_sha256'])
		.where('c.id', '=', id)
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.executeTakeFirst();
	if (!row) return null;
	return {
		der: new Uint8Array(row.der),
		fileName: `chung-thu-${row.serial_number}.cer`,
		fingerprint: row.fingerprint_sha256
	};
}

/** Every certificate linked to `id` through renewal_of_id, oldest first (the certificate included). */
export async function renewalChain(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number
): Promise<ChainLink[]> {
	const { rows } = await sql<ChainLink & { agency_id: number | null }>`
		with recursive back(id, renewal_of_id, depth) as (
			select id, renewal_of_id, 0 from certificates where id = ${id}
			union all
			select c.id, c.renewal_of_id, b.depth + 1 from certificates c join back b on c.id = b.renewal_of_id where b.depth < 50
		),
		root as (select id from back order by depth desc limit 1),
		fwd(id, depth) as (
			select id, 0 from root
			union all
			select c.id, f.depth + 1 from certificates c join fwd f on c.renewal_of_id = f.id where f.depth < 50
		)
		select c.id, c.subject_cn, c.serial_number, c.not_before, c.not_after, c.status, c.agency_id
		from fwd join certificates c on c.id = fwd.id
		order by c.not_before, c.id
	`.execute(db);
	const visible = await db
		.selectFrom('certificates as c')
		.select('c.id')
		.where('c.id', 'in', rows.map((r) => r.id).concat([-1]))
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.execute();
	const ok = new Set(visible.map((v) => v.id));
	return rows.filter((r) => ok.has(r.id)).map(({ agency_id: _agency, ...link }) => link);
}

export async function certificateFindings(
	db: Kysely<Database>,
	scope: AgencyScope,
	certificateId: number
): Promise<CertificateFindingRow[]> {
	return db
		.selectFrom('findings as f')
		.select(['f.id', 'f.kind', 'f.severity', 'f.legal_basis', 'f.summary', 'f.status', 'f.first_seen_at'])
		.where('f.certificate_id', '=', certificateId)
		.where(({ ref }) => inScope(scope, ref('f.agency_id')))
		.orderBy('f.first_seen_at', 'desc')
		.limit(200)
		.execute();
}
