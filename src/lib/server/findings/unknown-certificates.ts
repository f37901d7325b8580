// Findings for signing events whose certificate is not in the inventory (unknown_certificate):
// one per certificate reference and agency of the events, naming the reference and how many
// events were signed with it, refreshed by every import that brings more. An import opens them
// in its own transaction, so they appear with the events or not at all. They are not resolved by
// any scan: an inspector resolves one once the certificate is imported or explained.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { formatDate } from '../../time/vietnam';
import { FINDING_KINDS } from '../../domain/findings';
import { foundFromRows, syncFindings, type FoundFinding, type SyncCounts } from './sync';

/** How a certificate reference reads to a person ('sha256:ab…' or 'serial:0a…'). */
export function describeCertificateRef(ref: string): string {
	if (ref.startsWith('sha256:')) return `dấu vân tay SHA-256 ${ref.slice(7)}`;
	if (ref.startsWith('serial:')) return `số hiệu ${ref.slice(7)}`;
	return ref;
}

/** Opens or refreshes the findings of these certificate references (all their events counted). */
export async function openUnknownCertificateFindings(
	db: Kysely<Database>,
	refs: readonly string[],
	now = new Date()
): Promise<SyncCounts> {
	const none = { seen: 0, opened: 0, reopened: 0, resolved: 0 };
	if (!refs.length) return none;
	const { rows } = await sql<{
		ref: string;
		agency_id: number | null;
		agency_name: string | null;
		agency_code: string | null;
		n: number;
		first_at: Date;
		last_at: Date;
	}>`
		select e.certificate_ref as ref, e.document_agency_id as agency_id, a.name as agency_name,
			a.code as agency_code, count(*)::int as n, min(e.signed_at) as first_at, max(e.signed_at) as last_at
		from signing_events e
		left join agencies a on a.id = e.document_agency_id
		where e.certificate_id is null and e.certificate_ref = any(${refs as string[]}::text[])
		group by e.certificate_ref, e.document_agency_id, a.name, a.code
	`.execute(db);
	const { legalBasis, severity } = FINDING_KINDS.unknown_certificate;
	const found: FoundFinding[] = rows.map((r) => ({
		dedupe_key: `unknown_certificate:${r.ref}:${r.agency_id ?? 'none'}`,
		kind: 'unknown_certificate',
		severity,
		legal_basis: legalBasis,
		summary:
			`Chứng thư chưa có trong danh mục (${describeCertificateRef(r.ref)}) đã ký ${r.n} văn bản` +
			`${r.agency_name ? ` của ${r.agency_name}` : ''}, từ ${formatDate(new Date(r.first_at))} đến ${formatDate(new Date(r.last_at))}: ` +
			'cần nhập chứng thư vào danh mục hoặc làm rõ nguồn gốc.',
		agency_id: r.agency_id,
		certificate_id: null,
		person_id: null,
		token_id: null,
		document_id: null,
		request_id: null,
		evidence: {
			certificate_ref: r.ref,
			events: r.n,
			agency_code: r.agency_code,
			first_signed_at: new Date(r.first_at).toISOString(),
			last_signed_at: new Date(r.last_at).toISOString()
		}
	}));
	if (!found.length) return none;
	// This pass closes nothing: the findings of other certificates are not its business.
	return syncFindings(db, {
		kinds: ['unknown_certificate'],
		found: foundFromRows(found),
		now,
		resolveWithin: sql<boolean>`false`
	});
}

/**
 * Links the events of certificates just added to the inventory: events that named one of them by
 * fingerprint, or by a serial number that now names exactly one certificate, get its id (the daily
 * summary moves them to the certificate's agency, by its update triggers). Their findings, once no
 * event of the reference is left unlinked, are resolved. Returns how many events were linked.
 */
export async function linkUnknownCertificateEvents(
	db: Kysely<Database>,
	certificateIds: readonly number[],
	now = new Date()
): Promise<number> {
	if (!certificateIds.length) return 0;
	const ids = certificateIds as number[];
	const { rows } = await sql<{ ref: string }>`
		with linked as (
			update signing_events e set certificate_id = c.id
			from certificates c
			where c.id = any(${ids}::int[]) and e.certificate_id is null
				and (e.certificate_ref = 'sha256:' || c.fingerprint_sha256
					or (e.certificate_ref = 'serial:' || c.serial_number
						and (select count(*) from certificates o where o.serial_number = c.serial_number) = 1))
			returning e.certificate_ref as ref
		)
		select ref from linked
	`.execute(db);
	if (!rows.length) return 0;
	const refs = [...new Set(rows.map((r) => r.ref))];
	await syncFindings(db, {
		kinds: ['unknown_certificate'],
		found: foundFromRows([]),
		now,
		resolveWithin: sql<boolean>`f.evidence->>'certificate_ref' = any(${refs}::text[])
			and not exists (select 1 from signing_events e where e.certificate_id is null and e.certificate_ref = f.evidence->>'certificate_ref')`
	});
	return rows.length;
}
