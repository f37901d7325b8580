// What every /api handler does before its own work: the per-key rate for machines, and
// validation of a parsed body against the endpoint's contract schema with per-field messages.
import { z } from 'zod/v4';
import { apiError } from './errors';
import { rateLimited } from './rate-limit';

/** A 429 when an API key is over its rate, else null (signed-in users are not limited here). */
export function apiKeyGate(locals: App.Locals): Response | null {
	return locals.apiKey ? rateLimited(locals.apiKey.id) : null;
}

export interface FieldIssue {
	path: string;
	message: string;
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
	return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** The body as the schema reads it, or a 400 listing each field that does not fit. */
export function validateBody<T extends z.ZodType>(
	schema: T,
	value: unknown
): { ok: true; value: z.output<T> } | { ok: false; response: Response } {
	const parsed = schema.safeParse(value);
	if (parsed.success) return { ok: true, value: parsed.data };
	const issues = fieldIssues(parsed.error);
	return {
		ok: false,
		response: apiError(
			400,
			'INVALID_REQUEST',
			`Yêu cầu không đúng định dạng: ${issues
				.slice(0, 5)
				.map((i) => `${i.path || '(gốc)'}: ${i.message}`)
				.join('; ')}`,
			`The request does not match its schema: ${issues
				.slice(0, 5)
				.map((i) => `${i.path || '(root)'}: ${i.message}`)
				.join('; ')}`,
			{ details: { issues } }
		)
	};
}
