// Findings: the kinds shared by the scans, the demo data, the reports and the UI (each with the
// article it rests on, quoted on every finding, and its default severity), the severities, and
// where a finding stands.
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const FINDING_KINDS = {
	expiring_soon: { legalBasis: 'Điều 9; NĐ 68/2024 Điều 9', severity: 'low' },
	expired_still_active: { legalBasis: 'Điều 7; Điều 10; NĐ 68/2024 Điều 17', severity: 'medium' },
	signed_after_expiry: { legalBasis: 'Điều 12; NĐ 68/2024 Điều 31', severity: 'high' },
	signed_after_revocation: { legalBasis: 'Điều 12; NĐ 68/2024 Điều 31', severity: 'critical' },
	org_cert_non_clerk: { legalBasis: 'Điều 8.3, Điều 17.2', severity: 'high' },
	title_mismatch: { legalBasis: 'Điều 8.4', severity: 'medium' },
	holder_left: { legalBasis: 'Điều 8.4; Điều 10; NĐ 68/2024 Điều 17', severity: 'high' },
	on_behalf_wrong_cert: { legalBasis: 'Điều 8.5', severity: 'high' },
	secret_document_signed: { legalBasis: 'Điều 3.1', severity: 'critical' },
	cross_agency_use: { legalBasis: 'Điều 3.3', severity: 'medium' },
	lost_token_signing: { legalBasis: 'Điều 10; Điều 16; NĐ 68/2024 Điều 17', severity: 'critical' },
	incoming_accepted_invalid: { legalBasis: 'Điều 17.3', severity: 'high' },
	unusual_pattern: { legalBasis: 'Điều 3.4 (dấu hiệu bất thường)', severity: 'low' },
	archive_verification_failed: { legalBasis: 'Điều 3.2; Điều 12', severity: 'high' },
	archive_verdict_worse: { legalBasis: 'Điều 3.2; Điều 12', severity: 'high' },
	// Our verdict at intake differs from the one the document system reported (high when it passed a failing one).
	verification_disagreement: { legalBasis: 'Điều 12; Điều 17.3', severity: 'medium' },
	recovery_overdue: { legalBasis: 'Điều 11.2', severity: 'medium' },
	device_not_returned: { legalBasis: 'Điều 10; NĐ 68/2024 Điều 17-20 (Mẫu 08)', severity: 'medium' },
	validity_too_long: { legalBasis: 'Điều 7; NĐ 68/2024 Điều 9', severity: 'low' },
	public_ca_certificate: { legalBasis: 'Điều 8.2', severity: 'medium' },
	audit_log_tampered: { legalBasis: 'Điều 3.4', severity: 'critical' },
	unknown_certificate: { legalBasis: 'Điều 14.1; Điều 12', severity: 'medium' },
	// Round two (what should have been done; Decree 30; Điều 13). Citations checked against the regulation.
	should_have_been_revoked: { legalBasis: 'Điều 10; NĐ 68/2024 Điều 17', severity: 'high' },
	change_request_missing: { legalBasis: 'Điều 9; NĐ 68/2024 Điều 15', severity: 'medium' },
	others_certificate_used: { legalBasis: 'Điều 8.4; Điều 16', severity: 'high' },
	incoming_not_verified: { legalBasis: 'Điều 17.3', severity: 'medium' },
	org_cert_without_clerk: { legalBasis: 'Điều 8.3; Điều 17.1', severity: 'medium' },
	org_token_not_with_clerk: { legalBasis: 'Điều 8.3; Điều 17.2; NĐ 30/2020 Điều 32', severity: 'high' },
	clerk_change_without_handover: { legalBasis: 'Điều 18.2; NĐ 30/2020 Điều 32', severity: 'medium' },
	renewal_beyond_limit: { legalBasis: 'Điều 7; NĐ 68/2024 Điều 9', severity: 'low' },
	document_number_invalid: { legalBasis: 'NĐ 30/2020 Điều 15', severity: 'low' },
	document_number_duplicate: { legalBasis: 'NĐ 30/2020 Điều 15', severity: 'medium' },
	org_signed_before_person: { legalBasis: 'Điều 8.1; NĐ 30/2020 Điều 32', severity: 'high' },
	// The signing time is shown in Vietnam time (ISO 8601 with its offset): Điều 13.2, 13.4, 13.5.
	signing_time_zone_slip: { legalBasis: 'Điều 13.2, 13.4-13.5', severity: 'low' },
	// Điều 13.1.a: the person's signature image, centred between title and name; 13.1.b: the seal over its left
	// third; 13.2 (copies) and 13.4.b (attachments in a separate file): top right of page 1, no image, ISO 8601.
	appearance_signature_image: { legalBasis: 'Điều 13.1.a', severity: 'low' },
	appearance_seal_placement: { legalBasis: 'Điều 13.1.b', severity: 'low' },
	appearance_copy_signature: { legalBasis: 'Điều 13.2; Điều 13.4.b', severity: 'low' }
} as const satisfies Record<string, { legalBasis: string; severity: Severity }>;

export type FindingKind = keyof typeof FINDING_KINDS;
export const FINDING_KIND_NAMES = Object.keys(FINDING_KINDS) as FindingKind[];

export function isFindingKind(v: string): v is FindingKind {
	return Object.hasOwn(FINDING_KINDS, v);
}

/** The distinct articles cited, for the article filter. */
export const LEGAL_BASES = [...new Set(Object.values(FINDING_KINDS).map((k) => k.legalBasis))];
