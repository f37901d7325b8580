// The two request handles that decide who is asking and whether they may: identity (session
// cookie, or an API key on /api/**) and access (the route's rule, fail closed). hooks.server.ts
// composes them; the authorisation matrix test runs these very handles against a test database.
import { error, json, redirect, type Handle } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { SESSION_COOKIE } from './session-token';
import { validateSession } from './sessions';
import { authenticateApiKey } from './api-keys';
import { ROUTE_RULES, type RouteRule } from './route-rules';
import { decideAccess } from './access';

export function isApiPath(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/');
}

export function identityHandle(getDb: () => Promise<Kysely<Database>>): Handle {
	return async ({ event, resolve }) => {
		event.locals.user = null;
		event.locals.apiKey = null;
		const authorization = event.request.headers.get('authorization');
		if (authorization !== null && isApiPath(event.url.pathname)) {
			// Machines authenticate per request; a bad key is refused outright, never downgraded to anonymous.
			event.locals.apiKey = await authenticateApiKey(await getDb(), authorization);
			if (!event.locals.apiKey)
				return json({ message: 'Khóa API không hợp lệ hoặc đã bị thu hồi.' }, { status: 401 });
			return resolve(event);
		}
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			event.locals.user = await validateSession(await getDb(), token);
			if (!event.locals.user) event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
		return resolve(event);
	};
}

export function accessHandle(rules: Record<string, RouteRule> = ROUTE_RULES): Handle {
	return async ({ event, resolve }) => {
		const routeId = event.route.id;
		if (routeId === null) return resolve(event); // no route matched: static assets and the 404 page
		const verdict = decideAccess(
			rules[routeId],
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
}
