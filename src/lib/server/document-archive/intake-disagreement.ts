// When the document system's own verification result differs from ours at intake, the document
// is still archived (it was received or issued, whatever its signature), and a finding
// `verification_disagreement` is opened: a system that passes a failing signature lets its clerks
// accept or issue invalid documents (Điều 12, 17.3). A past event: no scan ever resolves it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FileReport } from '../../pki/verifier';
import type { Indication } from '../../pki/verdicts';
import { FINDING_KINDS } from '../../domain/findings';
import { foundFromRows, syncFindings } from '../findings/sync';

export interface Disagreement {
	reportedIndication: Indication;
	reportedMessage: string | null;
	indication: Indication;
	subIndication: string | null;
	findingId: number | null;
}

export interface DisagreementContext {
	documentId: number;
	agencyId: number;
	documentNumber: string | null;
	fileName: string;
	direction: 'incoming' | 'outgoing';
	sourceSystem: string;
	sourceId: string;
	reported: { indication: Indication; message?: string | null };
	report: FileReport;
	now: Date;
}

const dedupeKey = (documentId: number) => `verification_disagreement:${documentId}`;

const VI: Record<Indication, string> = {
	TOTAL_PASSED: 'hợp lệ',
	INDETERMINATE: 'chưa xác định được',
	TOTAL_FAILED: 'không hợp lệ'
};

export function disagrees(reported: Indication | null | undefined, ours: Indication): boolean {
	return !!reported && reported !== ours;
}

/** Opens (idempotently) the finding for one document; returns its id. */
export async function openDisagreementFinding(db: Kysely<Database>, c: DisagreementContext): Promise<number> {
	const fingerprints = c.report.signatures.map((s) => s.signer?.fingerprint).filter((f): f is string => !!f);
	const certificate = fingerprints.length
		? await db
				.selectFrom('certificates')
				.select('id')
				.where('fingerprint_sha256', 'in', fingerprints)
				.orderBy('id')
				.executeTakeFirst()
		: undefined;
	const kind = FINDING_KINDS.verification_disagreement;
	// Passing what fails is the dangerous way round: the system let an invalid signature through.
	const severity =
		c.reported.indication === 'TOTAL_PASSED' && c.report.indication === 'TOTAL_FAILED'
			? 'high'
			: kind.severity;
	const label = c.documentNumber ? `số ${c.documentNumber}` : `"${c.fileName}"`;
	const what = c.direction === 'incoming' ? 'Văn bản đến' : 'Văn bản đi';
	await syncFindings(db, {
		kinds: ['verification_disagreement'],
		found: foundFromRows([
			{
				dedupe_key: dedupeKey(c.documentId),
				kind: 'verification_disagreement',
				severity,
				legal_basis: kind.legalBasis,
				summary:
					`${what} ${label} từ hệ thống "${c.sourceSystem}": hệ thống báo chữ ký ${VI[c.reported.indication]}, ` +
					`Kiểm Ký kiểm tra được ${VI[c.report.indication]}${c.report.subIndication ? ` (${c.report.subIndication})` : ''}.`,
				agency_id: c.agencyId,
				certificate_id: certificate?.id ?? null,
				person_id: null,
				token_id: null,
				document_id: c.documentId,
				request_id: null,
				evidence: {
					source_system: c.sourceSystem,
					source_id: c.sourceId,
					direction: c.direction,
					reported_indication: c.reported.indication,
					reported_message: c.reported.message ?? null,
					indication: c.report.indication,
					sub_indication: c.report.subIndication,
					explanation: c.report.explanation
				}
			}
		]),
		now: c.now,
		resolveWithin: sql<boolean>`false`
	});
	const row = await db
		.selectFrom('findings')
		.select('id')
		.where('dedupe_key', '=', dedupeKey(c.documentId))
		.executeTakeFirstOrThrow();
	return row.id;
}

/** The disagreement recorded at a document's intake, if any (for the answer to a resend). */
export async function recordedDisagreement(
	db: Kysely<Database>,
	documentId: number
): Promise<Disagreement | null> {
	const row = await db
		.selectFrom('findings')
		.select(['id', 'evidence'])
		.where('dedupe_key', '=', dedupeKey(documentId))
		.executeTakeFirst();
	if (!row) return null;
	const e = row.evidence as Record<string, unknown>;
	return {
		reportedIndication: e.reported_indication as Indication,
		reportedMessage: (e.reported_message as string | null) ?? null,
		indication: e.indication as Indication,
		subIndication: (e.sub_indication as string | null) ?? null,
		findingId: row.id
	};
}
