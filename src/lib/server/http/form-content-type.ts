// Form actions read `request.formData()`, which throws on any body but a form's: SvelteKit lets
// text/plain through (a browser form may send it, so its CSRF check covers it) and the action then
// fails with a 500. Pages only take forms, so anything else is refused here, once for all actions;
// /api endpoints take JSON and check their own bodies.
import type { Handle } from '@sveltejs/kit';
import { isApiPath } from '../auth/guard';
import { refusal } from './refusal';

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const FORM_CONTENT_TYPE_MESSAGE =
	'Biểu mẫu phải được gửi dưới dạng application/x-www-form-urlencoded hoặc multipart/form-data.';

export function isFormContentType(header: string | null): boolean {
	const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
	return FORM_TYPES.has(type);
}

export const formContentTypeHandle: Handle = async ({ event, resolve }) => {
	if (
		!BODYLESS.has(event.request.method) &&
		!isApiPath(event.url.pathname) &&
		!isFormContentType(event.request.headers.get('content-type'))
	)
		return refusal(event, 415, FORM_CONTENT_TYPE_MESSAGE);
	return resolve(event);
};
