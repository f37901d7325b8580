// Request pipeline: security headers, language, who is asking (session cookie, or an API key on
// /api/**), and the access rule by route id (src/lib/server/auth/route-rules.ts, fail closed).
import { sequence } from '@sveltejs/kit/hooks';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import { startServer } from '$lib/server/startup';
import { accessHandle, identityHandle } from '$lib/server/auth/guard';
import { parseLang } from '$lib/i18n';
import { databaseErrorBody, handleDatabaseOutage } from '$lib/server/db/outage-response';

export const init: ServerInit = async () => {
	if (!building) await startServer();
};

// The CSP itself comes from kit.csp in svelte.config.js (it needs SvelteKit's nonces); these
// cover every response, endpoints and downloads included.
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (!response.headers.has('Content-Security-Policy'))
		response.headers.set('Content-Security-Policy', "frame-ancestors 'none'");
	if (event.locals.user && !response.headers.has('Cache-Control'))
		response.headers.set('Cache-Control', 'no-store');
	return response;
};

const handleLang: Handle = async ({ event, resolve }) => {
	event.locals.lang = parseLang(event.cookies.get('lang'));
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang) });
};

// A lost database connection answers 503 (handleDatabaseOutage sets the status); anything else
// is logged as SvelteKit would and keeps its generic message.
export const handleError: HandleServerError = ({ error, event, status }) => {
	const body = databaseErrorBody(error, event);
	if (body) return body;
	console.error(`[kiem-ky] ${status} ${event.request.method} ${event.url.pathname}:`, error);
};

export const handle = sequence(
	handleSecurityHeaders,
	handleDatabaseOutage,
	handleLang,
	identityHandle(getDb),
	accessHandle()
);
