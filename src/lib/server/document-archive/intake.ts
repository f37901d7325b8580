// The intake of a signed document into the archive, one function for its two doors: the document
// systems' POST /api/v1/documents and an inspector's upload on /luu-tru/nhap. The file is checked
// (PDF, .p7m, or .p7s with its content), the agency resolved within the caller's scope, the file
// verified at once with the received/issued time as proof of existence (Điều 13.6), then archived
// with that first verification in one transaction; from then on the archive-reverify job keeps
// verifying it. Idempotent on (source system, source id): a resend of the same bytes changes
// nothing, other bytes under the same id are refused. Every intake, refused or not, is recorded in
// the import history and the audit log.
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isAppError } from '../../errors';
import type { FileReport } from '../../pki/verifier';
import type { Indication } from '../../pki/verdicts';
import { signedFileKind } from '../../pki/signed-file-kind';
import { createDbVerifier } from '../verification/sources';
import { INTAKE_REFUSALS as R, refusalDetails } from './intake-refusals';
import { insertNewDocument, sha256Hex, type NewArchivedDocument } from './store';
import { storeVerification } from './verification';
import type { ValidationMaterial } from '../../pki/validation-material';
import {
	disagrees,
	openDisagreementFinding,
	recordedDisagreement,
	type Disagreement
} from './intake-disagreement';
import { auditIntake, auditIntakeRefused, recordIntakeRun, type IntakeActor } from './intake-history';
import { existingDocument, resolveIntakeAgency, type ExistingDocument } from './intake-queries';
import { recordAppearance } from './appearance-findings';

export type { IntakeActor } from './intake-history';
export type { Disagreement } from './intake-disagreement';

/** Largest signed file plus content taken in one intake (under the server's BODY_SIZE_LIMIT of 25M). */
export const MAX_INTAKE_BYTES = 24 * 1024 * 1024;
/** How far ahead of our clock a received/issued time may lie (the systems' clocks drift). */
const FUTURE_SKEW_MS = 5 * 60_000;
/** What a manual upload is filed under when the user names no source system. */
export const MANUAL_SOURCE_SYSTEM = 'Tải lên thủ công';

export interface IntakeFile {
	name: string;
	bytes: Uint8Array;
}

export interface IntakeInput {
	/** The PDF, the .p7m, or the detached .p7s. */
	file: IntakeFile | null;
	/** The signed content of a detached .p7s; absent otherwise. */
	content?: IntakeFile | null;
	agency: { code: string } | { id: number };
	/** Số và ký hiệu, e.g. 123/QĐ-UBND. */
	documentNumber: string;
	direction: 'incoming' | 'outgoing';
	/** When the document system received (incoming) or issued (outgoing) it. */
	receivedAt: Date;
	sourceSystem: string;
	/** The document's id in its source system; an upload without one uses the file's SHA-256. */
	sourceId?: string | null;
	sourceVerification?: { indication: Indication; message?: string | null } | null;
}

export interface IntakeSignature {
	signer: string | null;
	serial: string | null;
	fingerprint: string | null;
	signingTime: string | null;
	indication: Indication;
	subIndication: string | null;
}

export interface IntakeResult {
	id: number;
	alreadyPresent: boolean;
	/** Our verdict (on a resend: the latest stored one, null if never verified). */
	indication: Indication | null;
	subIndication: string | null;
	signatures: IntakeSignature[];
	disagreement: Disagreement | null;
	runId: number;
}

interface CheckedFiles {
	format: 'pdf' | 'cms';
	/** What the verifier reads first: the PDF, the .p7m, or the .p7s. */
	signed: Uint8Array;
	/** What archived_documents.content_sha256 points at (the content of a .p7s). */
	content: Uint8Array;
	signature: Uint8Array | null;
	fileName: string;
}

/** The last path segment, without control characters, at most 255 characters. */
function cleanName(name: string, fallback: string): string {
	// eslint-disable-next-line no-control-regex
	const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
	return (base || fallback).slice(0, 255);
}

function checkFiles(input: IntakeInput): CheckedFiles {
	const file = input.file;
	if (!file || file.bytes.byteLength === 0) throw R.noFile();
	const content = input.content && input.content.bytes.byteLength > 0 ? input.content : null;
	if (file.bytes.byteLength + (content?.bytes.byteLength ?? 0) > MAX_INTAKE_BYTES)
		throw R.tooLarge(MAX_INTAKE_BYTES);
	const kind = signedFileKind(file.bytes);
	if (kind.kind === 'unknown') throw R.notSigned(file.name, kind.reason);
	const detached = kind.kind === 'cms' && kind.detached;
	if (detached && !content) throw R.contentRequired(file.name);
	if (!detached && content) throw R.contentNotExpected(file.name);
	if (detached && content)
		return {
			format: 'cms',
			signed: file.bytes,
			content: content.bytes,
			signature: file.bytes,
			fileName: cleanName(content.name, cleanName(file.name, 'van-ban').replace(/\.p7s$/i, ''))
		};
	const format = kind.kind === 'pdf' ? 'pdf' : 'cms';
	return {
		format,
		signed: file.bytes,
		content: file.bytes,
		signature: null,
		fileName: cleanName(file.name, format === 'pdf' ? 'van-ban.pdf' : 'van-ban.p7m')
	};
}

function shortSignatures(report: Pick<FileReport, 'signatures'> | null | undefined): IntakeSignature[] {
	if (!report || !Array.isArray(report.signatures)) return [];
	return report.signatures.map((s) => ({
		signer: s.signer?.subject ?? null,
		serial: s.signer?.serial ?? null,
		fingerprint: s.signer?.fingerprint ?? null,
		signingTime: s.signingTime,
		indication: s.indication,
		subIndication: s.subIndication
	}));
}

function sameBytes(existing: ExistingDocument, files: CheckedFiles): boolean {
	return (
		existing.contentSha256 === sha256Hex(files.content) &&
		existing.signatureSha256 === (files.signature ? sha256Hex(files.signature) : null)
	);
}

/** Thrown inside the intake's transaction when another intake took the source id first. */
const LOST_RACE = Symbol('lost race');

interface IntakeRun {
	input: IntakeInput;
	actor: IntakeActor;
	now: Date;
	started: number;
	sourceId: string;
}

const elapsed = (run: IntakeRun) => performance.now() - run.started;

/** A resend: the same bytes answer with what is stored; other bytes are refused. */
async function answerResend(
	db: Kysely<Database>,
	run: IntakeRun,
	existing: ExistingDocument,
	files: CheckedFiles
): Promise<IntakeResult> {
	if (!existing.inScope || !sameBytes(existing, files))
		throw R.sourceIdTaken(run.input.sourceSystem, run.sourceId);
	const runId = await db.transaction().execute(async (trx) => {
		const id = await recordIntakeRun(trx, run.actor, {
			sourceSystem: run.input.sourceSystem,
			fileName: files.fileName,
			outcome: 'already_present',
			startedAt: run.now,
			durationMs: elapsed(run)
		});
		await auditIntake(trx, run.actor, existing.id, {
			sourceSystem: run.input.sourceSystem,
			sourceId: run.sourceId,
			sha256: existing.contentSha256,
			alreadyPresent: true,
			indication: existing.latest?.indication ?? null
		});
		return id;
	});
	return {
		id: existing.id,
		alreadyPresent: true,
		indication: existing.latest?.indication ?? null,
		subIndication: existing.latest?.subIndication ?? null,
		signatures: shortSignatures(existing.latest?.report as FileReport | undefined),
		disagreement: await recordedDisagreement(db, existing.id),
		runId
	};
}

async function verify(
	db: Kysely<Database>,
	files: CheckedFiles,
	run: IntakeRun
): Promise<{ report: FileReport; material: ValidationMaterial }> {
	// One verifier per intake, over the trust anchors, inventory and CRLs as they are now.
	const { verifier } = await createDbVerifier(db, { clock: () => run.now });
	const options = { validationTime: run.now, poeTime: run.input.receivedAt };
	// The stored name of a .p7s is its content's (often .pdf), which the verifier would take for a PDF.
	return files.signature
		? verifier.verifyFileWithEvidence(files.signature, { ...options, detachedContent: files.content })
		: verifier.verifyFileWithEvidence(files.signed, { ...options, fileName: files.fileName });
}

async function intake(db: Kysely<Database>, run: IntakeRun): Promise<IntakeResult> {
	const { input, actor, now } = run;
	const files = checkFiles(input);
	const agency = await resolveIntakeAgency(db, input.agency, actor.scope);
	if (input.receivedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) throw R.futureTime();
	run.sourceId = input.sourceId?.trim() || `sha256:${sha256Hex(files.signed)}`;

	const existing = await existingDocument(db, input.sourceSystem, run.sourceId, actor.scope);
	if (existing) return answerResend(db, run, existing, files);

	const { report, material } = await verify(db, files, run);
	// A PDF without a signature field, or a CMS the verifier cannot read a signer from.
	if (report.signatures.length === 0) throw R.noSignature(input.file!.name);

	const doc: NewArchivedDocument = {
		content: files.content,
		signature: files.signature ?? undefined,
		format: files.format,
		fileName: files.fileName,
		documentNumber: input.documentNumber.trim(),
		issuingAgencyId: agency.id,
		receivedAt: input.receivedAt,
		sourceSystem: input.sourceSystem,
		sourceId: run.sourceId,
		direction: input.direction,
		sourceIndication: input.sourceVerification?.indication ?? null,
		sourceMessage: input.sourceVerification?.message?.trim() || null,
		intakeOrigin: actor.origin,
		intakeApiKeyId: actor.apiKeyId,
		intakeUserId: actor.userId
	};
	const stored = await db
		.transaction()
		.execute(async (trx) => {
			const id = await insertNewDocument(trx, doc);
			// Roll back (the content rows too): the caller answers as for a resend.
			if (id === undefined) throw LOST_RACE;
			await storeVerification(trx, id, report, { now, poeTime: input.receivedAt, material });
			const runId = await recordIntakeRun(trx, actor, {
				sourceSystem: input.sourceSystem,
				fileName: files.fileName,
				outcome: 'inserted',
				startedAt: now,
				durationMs: elapsed(run)
			});
			await auditIntake(trx, actor, id, {
				sourceSystem: input.sourceSystem,
				sourceId: run.sourceId,
				sha256: sha256Hex(files.content),
				signatureSha256: files.signature ? sha256Hex(files.signature) : null,
				agencyCode: agency.code,
				direction: input.direction,
				indication: report.indication,
				subIndication: report.subIndication,
				reportedIndication: input.sourceVerification?.indication ?? null,
				alreadyPresent: false
			});
			return { id, runId };
		})
		.catch((e: unknown) => {
			if (e === LOST_RACE) return undefined;
			throw e;
		});
	if (!stored) {
		// Another intake of the same source id committed between our check and our insert.
		const winner = await existingDocument(db, input.sourceSystem, run.sourceId, actor.scope);
		if (!winner) throw new Error('archive intake: source id taken but not found');
		return answerResend(db, run, winner, files);
	}

	// Điều 13: how the signatures look, recorded at once (archive-reverify keeps the findings current).
	if (files.format === 'pdf' && !files.signature)
		await recordAppearance(
			db,
			{
				id: stored.id,
				format: 'pdf',
				fileName: files.fileName,
				documentNumber: doc.documentNumber ?? null,
				agencyId: agency.id,
				content: files.content
			},
			report.signatures,
			now
		);

	let disagreement: Disagreement | null = null;
	const reported = input.sourceVerification;
	if (reported && disagrees(reported.indication, report.indication)) {
		const findingId = await openDisagreementFinding(db, {
			documentId: stored.id,
			agencyId: agency.id,
			documentNumber: doc.documentNumber ?? null,
			fileName: files.fileName,
			direction: input.direction,
			sourceSystem: input.sourceSystem,
			sourceId: run.sourceId,
			reported,
			report,
			now
		});
		disagreement = {
			reportedIndication: reported.indication,
			reportedMessage: reported.message ?? null,
			indication: report.indication,
			subIndication: report.subIndication,
			findingId
		};
	}
	return {
		id: stored.id,
		alreadyPresent: false,
		indication: report.indication,
		subIndication: report.subIndication,
		signatures: shortSignatures(report),
		disagreement,
		runId: stored.runId
	};
}

/**
 * Takes one signed document in. Refusals are AppErrors (INVALID_INPUT, FORBIDDEN, CONFLICT) whose
 * details carry the API code and the English message; each is recorded before it is thrown.
 */
export async function intakeDocument(
	db: Kysely<Database>,
	input: IntakeInput,
	actor: IntakeActor,
	now: Date = new Date()
): Promise<IntakeResult> {
	const run: IntakeRun = { input, actor, now, started: performance.now(), sourceId: input.sourceId ?? '' };
	try {
		return await intake(db, run);
	} catch (e) {
		if (!isAppError(e)) throw e;
		const code = refusalDetails(e)?.apiCode ?? e.code;
		await db.transaction().execute(async (trx) => {
			await recordIntakeRun(trx, actor, {
				sourceSystem: input.sourceSystem,
				fileName: input.file?.name ?? null,
				outcome: 'rejected',
				error: `${code}: ${e.message}`.slice(0, 2000),
				startedAt: now,
				durationMs: elapsed(run)
			});
			await auditIntakeRefused(trx, actor, {
				code,
				sourceSystem: input.sourceSystem,
				sourceId: run.sourceId || null,
				fileName: input.file?.name ?? null,
				sha256: input.file?.bytes.byteLength ? sha256Hex(input.file.bytes) : null
			});
		});
		throw e;
	}
}
