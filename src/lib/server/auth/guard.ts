// The two request handles that decide who is asking and whether they may: identity (session
// cookie, or an API key on /api/**) and access (the route's rule, fail closed). hooks.server.ts
// composes them; the authorisation matrix test runs these very handles against a test database.
// Refusals are returned, not thrown: a thrown redirect or error would skip the handles around
// these (security headers, the session cookie), as SvelteKit builds that answer itself.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { SESSION_COOKIE } from './session-token';
import { validateSession } from './sessions';
import { authenticateApiKey } from './api-keys';
import { ROUTE_RULES, type RouteRule } from './route-rules';
import { decideAccess } from './access';
import { refusal, seeOther } from '../http/refusal';
import { API_REFUSALS } from '../api/errors';

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
			if (!event.locals.apiKey) return API_REFUSALS[401]();
			return resolve(event);
		}
		const token = event.cookies.get(SESSION_COOKIE);
		let stale = false;
		if (token) {
			event.locals.user = await validateSession(await getDb(), token);
			if (!event.locals.user) {
				event.cookies.delete(SESSION_COOKIE, { path: '/' });
				stale = true;
			}
		}
		const response = await resolve(event);
		// SvelteKit adds pending cookies only to what a route answers; the guard's own refusal must
		// clear the dead session cookie too.
		if (stale && !response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)))
			response.headers.append(
				'set-cookie',
				event.cookies.serialize(SESSION_COOKIE, '', { path: '/', maxAge: 0 })
			);
		return response;
	};
}

/** Called when a signed-in user or an API key is refused by a route's rule (to audit it). */
export type OnForbidden = (event: RequestEvent) => Promise<void>;

export function accessHandle(
	rules: Record<string, RouteRule> = ROUTE_RULES,
	onForbidden?: OnForbidden
): Handle {
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
				return seeOther(`/dang-nhap?next=${encodeURIComponent(next)}`);
			}
			if (isApiPath(event.url.pathname)) return API_REFUSALS[401]();
			return refusal(event, 401, 'Vui lòng đăng nhập.');
		}
		if (verdict === 'forbidden') {
			await onForbidden?.(event);
			if (isApiPath(event.url.pathname)) return API_REFUSALS[403]();
			return refusal(event, 403, 'Bạn không có quyền truy cập trang này.');
		}
		return resolve(event);
	};
}
