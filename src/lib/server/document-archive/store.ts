// Storing a received document: its bytes once by SHA-256 (document_contents), and its row in
// archived_documents, unique on (source_system, source_id) so the same document sent twice is one.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Indication } from '../../pki/verdicts';

export interface NewArchivedDocument {
	content: Uint8Array;
	/** The detached signature (.p7s) when the content is signed separately. */
	signature?: Uint8Array;
	format: 'pdf' | 'cms';
	fileName: string;
	/** Số và ký hiệu, e.g. 123/QĐ-UBND. */
	documentNumber?: string | null;
	/** The agency whose archive files it: the issuer (outgoing) or the recipient (incoming). */
	issuingAgencyId?: number | null;
	/** When the document system received or issued it: the proof of existence (Điều 13.6). */
	receivedAt: Date;
	sourceSystem: string;
	sourceId: string;
	direction?: 'incoming' | 'outgoing';
	/** The source system's own verification result, as reported. */
	sourceIndication?: Indication | null;
	sourceMessage?: string | null;
	intakeOrigin?: 'api' | 'upload' | null;
	intakeApiKeyId?: number | null;
	intakeUserId?: number | null;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function storeContent(db: Kysely<Database>, bytes: Uint8Array): Promise<string> {
	const sha256 = sha256Hex(bytes);
	await db
		.insertInto('document_contents')
		.values({ sha256, size_bytes: bytes.byteLength, content: Buffer.from(bytes) })
		.onConflict((oc) => oc.column('sha256').doNothing())
		.execute();
	return sha256;
}

function documentRow(d: NewArchivedDocument, contentSha: string, signatureSha: string | null) {
	return {
		content_sha256: contentSha,
		signature_sha256: signatureSha,
		format: d.format,
		file_name: d.fileName,
		document_number: d.documentNumber ?? null,
		issuing_agency_id: d.issuingAgencyId ?? null,
		received_at: d.receivedAt,
		source_system: d.sourceSystem,
		source_id: d.sourceId,
		direction: d.direction ?? 'outgoing',
		source_indication: d.sourceIndication ?? null,
		source_message: d.sourceMessage ?? null,
		intake_origin: d.intakeOrigin ?? null,
		intake_api_key_id: d.intakeApiKeyId ?? null,
		intake_user_id: d.intakeUserId ?? null
	};
}

/** Stores a received document (content once by hash); idempotent on (source_system, source_id). */
export async function archiveDocument(db: Kysely<Database>, d: NewArchivedDocument): Promise<number> {
	const contentSha = await storeContent(db, d.content);
	const signatureSha = d.signature ? await storeContent(db, d.signature) : null;
	const row = await db
		.insertInto('archived_documents')
		.values(documentRow(d, contentSha, signatureSha))
		.onConflict((oc) => oc.columns(['source_system', 'source_id']).doUpdateSet({ source_id: d.sourceId }))
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * Stores a new document; undefined when (source_system, source_id) is already taken (a concurrent
 * intake of the same document won), so the caller can answer as for a resend.
 */
export async function insertNewDocument(
	db: Kysely<Database>,
	d: NewArchivedDocument
): Promise<number | undefined> {
	const contentSha = await storeContent(db, d.content);
	const signatureSha = d.signature ? await storeContent(db, d.signature) : null;
	const row = await db
		.insertInto('archived_documents')
		.values(documentRow(d, contentSha, signatureSha))
		.onConflict((oc) => oc.columns(['source_system', 'source_id']).doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id;
}
