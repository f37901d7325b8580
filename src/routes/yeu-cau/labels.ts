// The request kinds and statuses in display order, for the list filters (client-safe copy of the
// server's enums, which live under $lib/server and cannot be imported by a page component).
export const REQUEST_KINDS = ['issue', 'renew', 'change', 'revoke', 'recover'] as const;
export const REQUEST_STATUSES = [
	'submitted',
	'in_progress',
	'approved',
	'rejected',
	'completed',
	'cancelled'
] as const;
