// Request pipeline: security headers, language, session, and access rules by route id.
import { sequence } from '@sveltejs/kit/hooks';
import { error, redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import { startServer } from '$lib/server/startup';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';
import { validateSession } from '$lib/server/auth/sessions';
import { ROUTE_RULES, isAllowed } from '$lib/server/auth/route-rules';
import { parseLang } from '$lib/i18n';

export const init: ServerInit = async () => {
	if (!building) await startServer();
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};

const handleLang: Handle = async ({ event, resolve }) => {
	event.locals.lang = parseLang(event.cookies.get('lang'));
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang) });
};

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		event.locals.user = await validateSession(await getDb(), token);
		if (!event.locals.user) event.cookies.delete(SESSION_COOKIE, { path: '/' });
	}
	return resolve(event);
};

/** The form action or HTTP method a request performs, or null for a plain page view. */
function requestedAction(event: Parameters<Handle>[0]['event']): string | null {
	const method = event.request.method;
	if (method === 'GET' || method === 'HEAD') return event.route.id?.includes('/api/') ? 'GET' : null;
	const isEndpoint = event.route.id?.includes('/api/') || event.url.pathname.endsWith('/download');
	if (isEndpoint) return method;
	const named = [...event.url.searchParams.keys()].find((k) => k.startsWith('/'));
	return named ? named.slice(1) : 'default';
}

const handleAccess: Handle = async ({ event, resolve }) => {
	const routeId = event.route.id;
	if (routeId === null) return resolve(event); // 404 pages and static assets
	const verdict = isAllowed(ROUTE_RULES[routeId], event.locals.user?.roles ?? null, requestedAction(event));
	if (verdict === 'unauthenticated') {
		if (event.request.method === 'GET') {
			const next = event.url.pathname + event.url.search;
			redirect(303, `/dang-nhap?next=${encodeURIComponent(next)}`);
		}
		error(401, { message: 'Vui lòng đăng nhập.' });
	}
	if (verdict === 'forbidden') error(403, { message: 'Bạn không có quyền truy cập trang này.' });
	return resolve(event);
};

export const handle = sequence(handleSecurityHeaders, handleLang, handleSession, handleAccess);
