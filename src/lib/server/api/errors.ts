// The one error body of /api/**: a stable machine code, the message in Vietnamese (`message`, as
// every other answer of the app) and in English (`message_en`) for the integrators of the document
// systems, and optional details (per-item errors). The OpenAPI document describes it as ApiError.
import { z } from 'zod/v4';
import { apiSchemas } from './registry';

export const apiErrorSchema = apiSchemas.add(
	'ApiError',
	z.object({
		code: z.string().meta({ description: 'Machine-readable error code, e.g. INVALID_JSON, RATE_LIMITED.' }),
		message: z.string().meta({ description: 'Thông báo lỗi bằng tiếng Việt.' }),
		message_en: z.string().meta({ description: 'The error message in English.' }),
		details: z.record(z.string(), z.unknown()).optional()
	})
);
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export function apiError(
	status: number,
	code: string,
	message: string,
	messageEn: string,
	init: { details?: Record<string, unknown>; headers?: Record<string, string> } = {}
): Response {
	const body: ApiErrorBody = { code, message, message_en: messageEn };
	if (init.details) body.details = init.details;
	return Response.json(body, { status, headers: init.headers });
}

/** The refusals the request pipeline gives on /api/** before a handler runs. */
export const API_REFUSALS = {
	401: () =>
		apiError(
			401,
			'UNAUTHENTICATED',
			'Khóa API không hợp lệ, đã bị thu hồi, hoặc thiếu tiêu đề Authorization: Bearer.',
			'The API key is invalid or revoked, or the Authorization: Bearer header is missing.',
			{ headers: { 'www-authenticate': 'Bearer realm="kiem-ky"' } }
		),
	403: () =>
		apiError(
			403,
			'FORBIDDEN',
			'Khóa API này không được gọi địa chỉ này.',
			'This API key may not call this endpoint.'
		)
} as const;
