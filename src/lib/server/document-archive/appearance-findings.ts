// Điều 13 findings for an archived PDF: what its signatures look like (src/lib/pki/pdf-appearance), judged with
// each signer's role taken from the certificate inventory (an organisation certificate signs as the organisation,
// an individual one as the competent person), one finding per kind and signature field with the page and the
// box to draw, and the verdicts in words. Used by the intake (at once) and by archive-reverify (on every pass).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { FINDING_KINDS, type FindingKind } from '../../domain/findings';
import {
	formFromFileName,
	readSignatureAppearance,
	type AppearanceRule,
	type AppearanceVerdict,
	type SignatureRole
} from '../../pki/pdf-appearance';
import { foundFromRows, syncFindings, type FoundFinding, type SyncCounts } from '../findings/sync';

export const APPEARANCE_KINDS = [
	'appearance_signature_image',
	'appearance_seal_placement',
	'appearance_copy_signature'
] as const satisfies readonly FindingKind[];

const KIND: Record<AppearanceRule, (typeof APPEARANCE_KINDS)[number]> = {
	signature_image: 'appearance_signature_image',
	seal_placement: 'appearance_seal_placement',
	copy_signature: 'appearance_copy_signature'
};

export interface AppearanceDocument {
	id: number;
	format: 'pdf' | 'cms';
	fileName: string;
	documentNumber: string | null;
	agencyId: number | null;
	content: Uint8Array;
}

/** The verification report's signatures, as far as the roles need them. */
export interface SignedField {
	fieldName?: string;
	signer: { fingerprint: string } | null;
}

/** Roles by field name from the inventory's certificate kinds; fields of unknown signers are left out. */
export async function rolesFromInventory(
	db: Kysely<Database>,
	signatures: readonly SignedField[]
): Promise<Map<string, SignatureRole>> {
	const fingerprints = signatures.map((s) => s.signer?.fingerprint).filter((f): f is string => !!f);
	const roles = new Map<string, SignatureRole>();
	if (!fingerprints.length) return roles;
	const kinds = new Map(
		(
			await db
				.selectFrom('certificates')
				.select(['fingerprint_sha256', 'kind'])
				.where('fingerprint_sha256', 'in', fingerprints)
				.execute()
		).map((r) => [r.fingerprint_sha256, r.kind])
	);
	for (const s of signatures) {
		const kind = s.signer ? kinds.get(s.signer.fingerprint) : undefined;
		if (!s.fieldName || !kind || kind === 'device') continue;
		roles.set(s.fieldName, kind === 'organisation' ? 'organisation' : 'person');
	}
	return roles;
}

const rectText = (r: readonly number[]) => r.map((x) => Math.round(x * 10) / 10).join(' ');

/** The findings one document's appearance gives (none for a CMS file or a PDF without visible signatures). */
export function appearanceFindings(
	doc: AppearanceDocument,
	roles: Map<string, SignatureRole>
): FoundFinding[] {
	if (doc.format !== 'pdf') return [];
	const result = readSignatureAppearance(doc.content, { roles, form: formFromFileName(doc.fileName) });
	const groups = new Map<string, AppearanceVerdict[]>();
	for (const v of result.verdicts) {
		const key = `${KIND[v.rule]}:${doc.id}:${v.field ?? '-'}`;
		groups.set(key, [...(groups.get(key) ?? []), v]);
	}
	const label = doc.documentNumber ? `số ${doc.documentNumber}` : `"${doc.fileName}"`;
	return [...groups].map(([key, vs]) => {
		const first = vs[0]!;
		const kind = KIND[first.rule];
		const size = result.pageSizes.get(first.page);
		return {
			dedupe_key: key,
			kind,
			severity: FINDING_KINDS[kind].severity,
			legal_basis: FINDING_KINDS[kind].legalBasis,
			summary: `Văn bản lưu trữ ${label}: ${first.message}`,
			agency_id: doc.agencyId,
			certificate_id: null,
			person_id: null,
			token_id: null,
			document_id: doc.id,
			request_id: null,
			evidence: {
				appearance: vs.map((v) => v.code),
				document_form: result.form,
				signature_field: first.field,
				page: first.page,
				box: rectText(first.rect),
				page_size: size ? rectText(size) : null,
				details: vs.map((v) => v.message).join(' ')
			}
		};
	});
}

/** Opens and resolves the appearance findings of the documents `ids` (alias `f` in the SQL). */
export async function syncAppearanceFindings(
	db: Kysely<Database>,
	ids: readonly number[],
	found: readonly FoundFinding[],
	now: Date
): Promise<SyncCounts> {
	return syncFindings(db, {
		kinds: APPEARANCE_KINDS,
		found: foundFromRows(found),
		now,
		resolveWithin: ids.length ? sql<boolean>`f.document_id in (${sql.join(ids)})` : sql<boolean>`false`
	});
}

/** Judges one document just taken in and records its findings. */
export async function recordAppearance(
	db: Kysely<Database>,
	doc: AppearanceDocument,
	signatures: readonly SignedField[],
	now: Date
): Promise<SyncCounts> {
	const found = appearanceFindings(doc, await rolesFromInventory(db, signatures));
	return syncAppearanceFindings(db, [doc.id], found, now);
}

/** The box a finding draws: its page, its rectangle (pt) and the page's size, read back from the evidence. */
export function appearanceBox(
	evidence: unknown
): { page: number; rect: [number, number, number, number]; pageSize: [number, number] | null } | null {
	if (!evidence || typeof evidence !== 'object') return null;
	const e = evidence as Record<string, unknown>;
	const rect = typeof e.box === 'string' ? e.box.split(' ').map(Number) : [];
	const size = typeof e.page_size === 'string' ? e.page_size.split(' ').map(Number) : [];
	if (typeof e.page !== 'number' || rect.length !== 4 || rect.some((x) => !Number.isFinite(x))) return null;
	return {
		page: e.page,
		rect: rect as [number, number, number, number],
		pageSize: size.length === 2 && size.every(Number.isFinite) ? (size as [number, number]) : null
	};
}
