// An AppError from a service as the one JSON error body of /api/**: the service's own API code and
// English message when it gave them (details.apiCode, details.messageEn), else the generic ones of
// its code. Never a 500 for an expected refusal.
import { ERROR_TABLE, type AppError } from '../../errors';
import { apiError } from './errors';

export function appErrorResponse(e: AppError): Response {
	const d = (e.details ?? {}) as { apiCode?: unknown; messageEn?: unknown; field?: unknown };
	const code = typeof d.apiCode === 'string' ? d.apiCode : e.code;
	const en = typeof d.messageEn === 'string' ? d.messageEn : ERROR_TABLE[e.code].en;
	return apiError(
		e.status,
		code,
		e.message,
		en,
		typeof d.field === 'string' ? { details: { field: d.field } } : {}
	);
}
