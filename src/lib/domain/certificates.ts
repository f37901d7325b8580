// Certificates: the kinds a subscriber certificate is issued for (Decree 68: organisation,
// individual, device/service) and the states the inventory records.
export const CERT_KINDS = ['organisation', 'individual', 'device'] as const;
export type CertKind = (typeof CERT_KINDS)[number];

export const CERT_STATUSES = ['active', 'expired', 'revoked', 'replaced'] as const;
export type CertStatus = (typeof CERT_STATUSES)[number];
