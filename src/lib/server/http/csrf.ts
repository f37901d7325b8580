// The cross-site request forgery check of SvelteKit (kit.csrf), done here instead of in the
// framework. SvelteKit refuses every form-encoded POST, PUT, PATCH or DELETE whose Origin is not
// this server's, a missing Origin included, before any hook runs. That is right for the pages,
// whose session rides on a cookie the browser adds by itself, and wrong for POST
// /api/v1/documents, which a document system sends as multipart/form-data with its API key in the
// Authorization header, from a program that sends no Origin. A browser never adds that header to a
// cross-site request by itself, and a page cannot set it without a CORS preflight this server never
// grants, so such a request cannot be forged. svelte.config.js therefore turns the framework's
// check off (trustedOrigins: ['*']) and this handle applies it to everything else, in production
// as SvelteKit does (the dev server and the tests run without it).
import type { Handle } from '@sveltejs/kit';
import { isApiPath } from '../auth/guard';
import { apiError } from '../api/errors';
import { refusal } from './refusal';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// SvelteKit's list (is_form_content_type): what a cross-site HTML form or a no-preflight fetch can send.
const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
]);

export const CROSS_SITE_MESSAGE = 'Không chấp nhận biểu mẫu gửi từ trang web khác.';

function isFormType(request: Request): boolean {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	return FORM_TYPES.has(type);
}

/** True when the request must be refused as a possible cross-site forgery. */
export function isCrossSiteForm(request: Request, url: URL): boolean {
	if (!UNSAFE.has(request.method) || !isFormType(request)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	// A credential only a program can attach: nothing ambient to forge.
	return !(isApiPath(url.pathname) && request.headers.has('authorization'));
}

export function csrfHandle(enabled: boolean): Handle {
	return async ({ event, resolve }) => {
		if (!enabled || !isCrossSiteForm(event.request, event.url)) return resolve(event);
		if (isApiPath(event.url.pathname))
			return apiError(
				403,
				'CROSS_SITE_FORM',
				`${CROSS_SITE_MESSAGE} Máy gọi API gửi khóa trong tiêu đề Authorization: Bearer.`,
				'Cross-site form submissions are refused. Programs calling the API send their key in the Authorization: Bearer header.'
			);
		return refusal(event, 403, CROSS_SITE_MESSAGE);
	};
}
