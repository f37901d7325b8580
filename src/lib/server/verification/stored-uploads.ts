// A one-off verification (the upload page, `kiem-ky verify --db`) kept as a record: the files judged, the
// report, the policy and settings, and the validation material it relied on (evidence.ts), with an audit entry.
// Who sees one: whoever made it, and the province-wide roles (scope 'all'); an agency officer only their own.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { AuditWho } from '../audit/from-event';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import type { FileReport } from '../../pki/verifier';
import type { ValidationMaterial } from '../../pki/validation-material';
import { storeUploadEvidence } from './evidence';
import {
	MAX_VERIFY_UPLOAD_BYTES,
	verifyUploadedFileWithEvidence,
	type UploadedFile,
	type UploadVerification
} from './upload';

/** Who made a verification: a signed-in user on the page, or an operator at the command line. */
export interface UploadMaker {
	origin: 'web' | 'cli';
	userId: number | null;
	agencyId: number | null;
	who: AuditWho;
}

/** Who asks to see one: their id and scope (an AuthUser is one). */
export interface UploadViewer {
	id: number;
	scope: AgencyScope;
}

export interface StoredUploadInput {
	file: UploadedFile;
	content: UploadedFile | null;
	report: FileReport;
	material: ValidationMaterial;
	validationTimeChosen: boolean;
}

/** Stores a verification with its files and material, and audits it; its id. */
export async function storeUploadVerification(
	db: Kysely<Database>,
	maker: UploadMaker,
	v: StoredUploadInput,
	sha256: string
): Promise<number> {
	for (const f of [v.file, v.content])
		if (f && f.bytes.byteLength > MAX_VERIFY_UPLOAD_BYTES)
			throw new AppError(
				'INVALID_INPUT',
				`Tệp "${f.name}" quá lớn để lưu lần kiểm tra (giới hạn ${MAX_VERIFY_UPLOAD_BYTES / 1024 / 1024} MB).`
			);
	if (v.file.bytes.byteLength === 0) throw new AppError('INVALID_INPUT', 'Tệp đã ký rỗng.');
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('upload_verifications')
			.values({
				origin: maker.origin,
				verified_by: maker.userId,
				agency_id: maker.agencyId,
				actor: maker.who.actor.slice(0, 200) || 'không rõ',
				file_name: v.file.name.slice(0, 500) || 'tep',
				content_name: v.content ? v.content.name.slice(0, 500) : null,
				sha256,
				size_bytes: v.file.bytes.byteLength,
				file_bytes: Buffer.from(v.file.bytes),
				content_bytes: v.content ? Buffer.from(v.content.bytes) : null,
				validation_time: v.material.validationTime,
				validation_time_chosen: v.validationTimeChosen,
				poe_time: v.material.poeTime,
				indication: v.report.indication,
				sub_indication: v.report.subIndication ?? null,
				report: JSON.stringify(v.report),
				validation_settings: JSON.stringify(v.material.settings)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await storeUploadEvidence(trx, row.id, v.material);
		await recordAudit(trx, {
			...maker.who,
			action: 'signature.verify_upload',
			entityType: 'upload_verification',
			entityId: row.id,
			details: {
				origin: maker.origin,
				fileName: v.file.name,
				sha256,
				indication: v.report.indication,
				subIndication: v.report.subIndication ?? null,
				validationTime: v.material.validationTime,
				validationTimeChosen: v.validationTimeChosen,
				evidenceItems: v.material.items.length
			}
		});
		return row.id;
	});
}

/** The upload page's check, kept: the verification shown and the id of its record. */
export async function verifyAndStoreUpload(
	db: Kysely<Database>,
	maker: UploadMaker,
	file: UploadedFile | null,
	content: UploadedFile | null,
	now: Date = new Date(),
	at: Date | null = null
): Promise<UploadVerification & { id: number }> {
	const v = await verifyUploadedFileWithEvidence(db, file, content, now, at);
	const id = await storeUploadVerification(
		db,
		maker,
		{
			file: v.file,
			content: v.content,
			report: v.result.report,
			material: v.material,
			validationTimeChosen: v.result.validationTimeChosen
		},
		v.result.sha256
	);
	return { ...v.result, id };
}

export interface StoredUploadSummary {
	id: number;
	verifiedAt: Date;
	origin: 'web' | 'cli';
	actor: string;
	fileName: string;
	contentName: string | null;
	sha256: string;
	sizeBytes: number;
	indication: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';
	subIndication: string | null;
}

export interface StoredUpload extends StoredUploadSummary {
	validationTime: Date;
	validationTimeChosen: boolean;
	poeTime: Date | null;
	report: FileReport;
	evidence: { certificates: number; crls: number; ocsp: number; timestamps: number };
}

/** Province-wide roles see every stored verification; anyone else only their own. */
const ownOnly = (viewer: UploadViewer) => viewer.scope.kind !== 'all';

const SUMMARY = [
	'u.id',
	'u.verified_at',
	'u.origin',
	'u.actor',
	'u.file_name',
	'u.content_name',
	'u.sha256',
	'u.size_bytes',
	'u.indication',
	'u.sub_indication'
] as const;

type SummaryRow = {
	id: number;
	verified_at: Date;
	origin: 'web' | 'cli';
	actor: string;
	file_name: string;
	content_name: string | null;
	sha256: string;
	size_bytes: number;
	indication: StoredUploadSummary['indication'];
	sub_indication: string | null;
};

const summary = (r: SummaryRow): StoredUploadSummary => ({
	id: r.id,
	verifiedAt: r.verified_at,
	origin: r.origin,
	actor: r.actor,
	fileName: r.file_name,
	contentName: r.content_name,
	sha256: r.sha256,
	sizeBytes: r.size_bytes,
	indication: r.indication,
	subIndication: r.sub_indication
});

/** The newest stored verifications the viewer may see. */
export async function listUploadVerifications(
	db: Kysely<Database>,
	viewer: UploadViewer,
	limit = 20
): Promise<StoredUploadSummary[]> {
	const rows = await db
		.selectFrom('upload_verifications as u')
		.select(SUMMARY)
		.$if(ownOnly(viewer), (q) => q.where('u.verified_by', '=', viewer.id))
		.orderBy('u.verified_at', 'desc')
		.orderBy('u.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map(summary);
}

export const NOT_VISIBLE = 'Không tìm thấy lần kiểm tra đã lưu (hoặc lần kiểm tra không do bạn thực hiện).';

/** One stored verification with its report, or NOT_FOUND when absent or not the viewer's to see. */
export async function getUploadVerification(
	db: Kysely<Database>,
	viewer: UploadViewer,
	id: number
): Promise<StoredUpload> {
	const row = await db
		.selectFrom('upload_verifications as u')
		.select([...SUMMARY, 'u.validation_time', 'u.validation_time_chosen', 'u.poe_time', 'u.report'])
		.where('u.id', '=', id)
		.$if(ownOnly(viewer), (q) => q.where('u.verified_by', '=', viewer.id))
		.executeTakeFirst();
	if (!row) throw new AppError('NOT_FOUND', NOT_VISIBLE);
	const kinds = await db
		.selectFrom('upload_verification_evidence')
		.select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
		.where('upload_verification_id', '=', id)
		.groupBy('kind')
		.execute();
	const n = (k: string) => Number(kinds.find((x) => x.kind === k)?.n ?? 0);
	return {
		...summary(row),
		validationTime: row.validation_time,
		validationTimeChosen: row.validation_time_chosen,
		poeTime: row.poe_time,
		report: row.report as FileReport,
		evidence: { certificates: n('certificate'), crls: n('crl'), ocsp: n('ocsp'), timestamps: n('timestamp') }
	};
}

/** The files of a stored verification (after getUploadVerification has checked who asks). */
export async function uploadFiles(
	db: Kysely<Database>,
	id: number
): Promise<{ bytes: Uint8Array; fileName: string; content: Uint8Array | null }> {
	const row = await db
		.selectFrom('upload_verifications')
		.select(['file_bytes', 'file_name', 'content_bytes'])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	const u8 = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
	return {
		bytes: u8(row.file_bytes),
		fileName: row.file_name,
		content: row.content_bytes ? u8(row.content_bytes) : null
	};
}
