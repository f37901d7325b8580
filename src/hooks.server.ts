// Request pipeline: security headers, language, who is asking (session cookie, or an API key on
// /api/**), and the access rule by route id (src/lib/server/auth/route-rules.ts, fail closed).
import { sequence } from '@sveltejs/kit/hooks';
import { error, json, redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import { startServer } from '$lib/server/startup';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';
import { validateSession } from '$lib/server/auth/sessions';
import { authenticateApiKey } from '$lib/server/auth/api-keys';
import { ROUTE_RULES } from '$lib/server/auth/route-rules';
import { decideAccess } from '$lib/server/auth/access';
import { parseLang } from '$lib/i18n';

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
	if (event.locals.user) response.headers.set('Cache-Control', 'no-store');
	return response;
};

const handleLang: Handle = async ({ event, resolve }) => {
	event.locals.lang = parseLang(event.cookies.get('lang'));
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang) });
};

function isApiPath(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/');
}

const handleIdentity: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.apiKey = null;
	const authorization = event.request.headers.get('authorization');
	if (authorization !== null && isApiPath(event.url.pathname)) {
		// Machines authenticate per request; a bad key is refused outright, never downgraded to anonymous.
		event.locals.apiKey = await authenticateApiKey(await getDb(), authorization);
		if (!event.locals.apiKey) return json({ message: 'Khóa API không hợp lệ hoặc đã bị thu hồi.' }, { status: 401 });
		return resolve(event);
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		event.locals.user = await validateSession(await getDb(), token);
		if (!event.locals.user) event.cookies.delete(SESSION_COOKIE, { path: '/' });
	}
	return resolve(event);
};

const handleAccess: Handle = async ({ event, resolve }) => {
	const routeId = event.route.id;
	if (routeId === null) return resolve(event); // no route matched: static assets and the 404 page
	const verdict = decideAccess(
		ROUTE_RULES[routeId],
		{ roles: event.locals.user?.roles ?? null, apiKey: !!event.locals.apiKey },
		event.request.method,
		new URL(event.request.url)
	);
	if (verdict === 'unauthenticated') {
		if (event.request.method === 'GET' && !isApiPath(event.url.pathname)) {
			const next = event.url.pathname + event.url.search;
			redirect(303, `/dang-nhap?next=${encodeURIComponent(next)}`);
		}
		error(401, { message: 'Vui lòng đăng nhập.' });
	}
	if (verdict === 'forbidden') error(403, { message: 'Bạn không có quyền truy cập trang này.' });
	return resolve(event);
};

export const handle = sequence(handleSecurityHeaders, handleLang, handleIdentity, handleAccess);
