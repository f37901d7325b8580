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

/** Who a new certificate is for: a person in a post (Mẫu 01) or the agency itself, its seal (Mẫu 02). */
export const ISSUE_SUBSCRIBERS = ['individual', 'organisation'] as const;
export type IssueSubscriber = (typeof ISSUE_SUBSCRIBERS)[number];

/** What a request names when it is filed, besides its kind and agency. */
export type RequestField = 'person' | 'certificate' | 'device';

/**
 * The fields a request of `kind` must name when filed (Decree 68 Art. 10-22): a new issuance for a
 * person names the person; a renewal, change of information or revocation names the certificate; a
 * recovery names the locked device (its serial, or a certificate kept on it).
 */
export function requiredRequestFields(kind: RequestKind, subscriber: IssueSubscriber): RequestField[] {
	if (kind === 'issue') return subscriber === 'individual' ? ['person'] : [];
	if (kind === 'recover') return ['device'];
	return ['certificate'];
}
