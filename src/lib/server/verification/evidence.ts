// Keeps the validation material of a stored verification (validation-material.ts): each certificate, CRL, OCSP
// answer and time-stamp token once by SHA-256 in evidence_blobs, linked to the verification with its role, times
// and origin (verification_evidence for the archive's document_verifications, upload_verification_evidence for
// the upload page's and the CLI's upload_verifications), and the policy and settings on the verification row.
// Loading gives the material back as the verifier produced it, for replay (document-archive/evidence-replay.ts,
// verification/stored-upload-replay.ts).
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { MaterialItem, MaterialSettings, ValidationMaterial } from '../../pki/validation-material';

const date = (iso: string | null) => (iso ? new Date(iso) : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const bytes = (b: Uint8Array | Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

type EvidenceRow = Omit<Insertable<Database['verification_evidence']>, 'verification_id'>;

function link(it: MaterialItem): EvidenceRow {
	const base = {
		blob_sha256: it.sha256,
		kind: it.kind,
		role: null as EvidenceRow['role'],
		subject: null as string | null,
		source_url: null as string | null,
		this_update: null as Date | null,
		next_update: null as Date | null,
		produced_at: null as Date | null,
		gen_time: null as Date | null
	};
	switch (it.kind) {
		case 'certificate':
			return { ...base, role: it.role, subject: it.subject };
		case 'crl':
			return {
				...base,
				role: it.origin,
				subject: it.issuer,
				source_url: it.url,
				this_update: date(it.thisUpdate),
				next_update: date(it.nextUpdate)
			};
		case 'ocsp':
			return {
				...base,
				role: it.origin,
				source_url: it.url,
				this_update: date(it.thisUpdate),
				next_update: date(it.nextUpdate),
				produced_at: date(it.producedAt)
			};
		case 'timestamp':
			return { ...base, subject: it.tsa, gen_time: date(it.genTime) };
	}
}

/** Writes each blob once (those shared by thousands of verifications, the root, the day's CRL, are there already). */
async function storeBlobs(db: Kysely<Database>, material: ValidationMaterial): Promise<void> {
	await db
		.insertInto('evidence_blobs')
		.values(
			material.items.map((it) => ({
				sha256: it.sha256,
				kind: it.kind,
				size_bytes: it.der.byteLength,
				der: Buffer.from(it.der)
			}))
		)
		.onConflict((oc) => oc.column('sha256').doNothing())
		.execute();
}

/** Stores the material of verification `verificationId` (call inside the transaction that inserted it). */
export async function storeValidationEvidence(
	db: Kysely<Database>,
	verificationId: number,
	material: ValidationMaterial
): Promise<void> {
	await db
		.updateTable('document_verifications')
		.set({ validation_settings: JSON.stringify(material.settings) })
		.where('id', '=', verificationId)
		.execute();
	if (!material.items.length) return;
	await storeBlobs(db, material);
	await db
		.insertInto('verification_evidence')
		.values(material.items.map((it) => ({ ...link(it), verification_id: verificationId })))
		.onConflict((oc) => oc.columns(['verification_id', 'blob_sha256']).doNothing())
		.execute();
}

/** Links the material of upload verification `id` (its settings are on the row, written with it). */
export async function storeUploadEvidence(
	db: Kysely<Database>,
	id: number,
	material: ValidationMaterial
): Promise<void> {
	if (!material.items.length) return;
	await storeBlobs(db, material);
	await db
		.insertInto('upload_verification_evidence')
		.values(material.items.map((it) => ({ ...link(it), upload_verification_id: id })))
		.onConflict((oc) => oc.columns(['upload_verification_id', 'blob_sha256']).doNothing())
		.execute();
}

type LinkRow = {
	blob_sha256: string;
	kind: MaterialItem['kind'];
	role: string | null;
	subject: string | null;
	source_url: string | null;
	this_update: Date | null;
	next_update: Date | null;
	produced_at: Date | null;
	gen_time: Date | null;
	der: Uint8Array;
};

function item(l: LinkRow): MaterialItem {
	const der = bytes(l.der);
	const sha256 = l.blob_sha256;
	switch (l.kind) {
		case 'certificate':
			return {
				kind: 'certificate',
				der,
				sha256,
				role: (l.role ?? 'ca') as 'anchor' | 'ca' | 'signer' | 'tsa',
				subject: l.subject ?? '',
				notBefore: '',
				notAfter: ''
			};
		case 'crl':
			return {
				kind: 'crl',
				der,
				sha256,
				issuer: l.subject ?? '',
				thisUpdate: iso(l.this_update) ?? '',
				nextUpdate: iso(l.next_update),
				origin: (l.role ?? 'store') as 'store',
				url: l.source_url
			};
		case 'ocsp':
			return {
				kind: 'ocsp',
				der,
				sha256,
				producedAt: iso(l.produced_at),
				thisUpdate: iso(l.this_update),
				nextUpdate: iso(l.next_update),
				origin: (l.role ?? 'document') as 'document',
				url: l.source_url
			};
		default:
			return { kind: 'timestamp', der, sha256, genTime: iso(l.gen_time), tsa: l.subject, ok: true };
	}
}

const LINK_COLUMNS = [
	'e.blob_sha256',
	'e.kind',
	'e.role',
	'e.subject',
	'e.source_url',
	'e.this_update',
	'e.next_update',
	'e.produced_at',
	'e.gen_time',
	'b.der'
] as const;

/** The material kept for a verification, or null when it was made before evidence was kept. */
export async function loadValidationEvidence(
	db: Kysely<Database>,
	verificationId: number
): Promise<ValidationMaterial | null> {
	const row = await db
		.selectFrom('document_verifications')
		.select(['validation_time', 'poe_time', 'validation_settings'])
		.where('id', '=', verificationId)
		.executeTakeFirst();
	if (!row?.validation_settings) return null;
	const links = await db
		.selectFrom('verification_evidence as e')
		.innerJoin('evidence_blobs as b', 'b.sha256', 'e.blob_sha256')
		.select(LINK_COLUMNS)
		.where('e.verification_id', '=', verificationId)
		.orderBy('e.kind')
		.orderBy('e.blob_sha256')
		.execute();
	return {
		validationTime: row.validation_time.toISOString(),
		poeTime: iso(row.poe_time),
		settings: row.validation_settings as unknown as MaterialSettings,
		items: links.map(item)
	};
}

/** The material kept with upload verification `id` (null when there is no such row). */
export async function loadUploadEvidence(
	db: Kysely<Database>,
	id: number
): Promise<ValidationMaterial | null> {
	const row = await db
		.selectFrom('upload_verifications')
		.select(['validation_time', 'poe_time', 'validation_settings'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const links = await db
		.selectFrom('upload_verification_evidence as e')
		.innerJoin('evidence_blobs as b', 'b.sha256', 'e.blob_sha256')
		.select(LINK_COLUMNS)
		.where('e.upload_verification_id', '=', id)
		.orderBy('e.kind')
		.orderBy('e.blob_sha256')
		.execute();
	return {
		validationTime: row.validation_time.toISOString(),
		poeTime: iso(row.poe_time),
		settings: row.validation_settings as unknown as MaterialSettings,
		items: links.map(item)
	};
}
