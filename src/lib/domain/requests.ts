// Lifecycle requests (Điều 6, 9, 10, 11): what is asked and where the request stands.
export const REQUEST_KINDS = ['issue', 'renew', 'change', 'revoke', 'recover'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = [
	'submitted',
	'in_progress',
	'approved',
	'rejected',
	'completed',
	'cancelled'
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The statuses of a request still waiting for someone. */
export const OPEN_REQUEST_STATUSES: readonly RequestStatus[] = ['submitted', 'in_progress', 'approved'];
