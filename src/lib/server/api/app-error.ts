// An AppError from a service as the one JSON error body of /api/**: the service's own API code and
// English message when it gave them (details.apiCode, details.messageEn), else the generic ones of
// its code. Never a 500 for an expected refusal.
import type { AppError, ErrorCode } from '../../errors';
import { apiError } from './errors';

const ENGLISH: Record<ErrorCode, string> = {
	NOT_FOUND: 'Not found.',
	FORBIDDEN: 'You may not do this.',
	UNAUTHENTICATED: 'Authentication required.',
	INVALID_INPUT: 'The request is not valid.',
	CONFLICT: 'The data already exists or conflicts with what is stored.',
	RATE_LIMITED: 'Too many attempts: retry later.',
	DATABASE_UNAVAILABLE: 'The database is unavailable.',
	MIGRATION_FAILED: 'The database schema update failed.',
	IMPORT_FAILED: 'The import failed.',
	JOB_FAILED: 'The job failed.',
	REPORT_FAILED: 'The report failed.',
	INTERNAL: 'Internal error.'
};

export function appErrorResponse(e: AppError): Response {
	const d = (e.details ?? {}) as { apiCode?: unknown; messageEn?: unknown; field?: unknown };
	const code = typeof d.apiCode === 'string' ? d.apiCode : e.code;
	const en = typeof d.messageEn === 'string' ? d.messageEn : ENGLISH[e.code];
	return apiError(
		e.status,
		code,
		e.message,
		en,
		typeof d.field === 'string' ? { details: { field: d.field } } : {}
	);
}
