// What a signed-in user may do, read from the one route-rules table the guard enforces. Pages ask
// `can()` for the buttons and forms they show, so a button never offers what the guard would
// refuse, and a change of rule changes both. Agency scope is still the services' business.
import type { Role } from './roles';
import { isAllowed, ROUTE_RULES, type RouteAction, type RouteId } from './route-rules';

/** Anyone holding roles: the session's user, or null for an anonymous visitor. */
export type Actor = { roles: readonly Role[] } | null | undefined;

/**
 * May `user` open `route` (no action: the page, or the GET of an endpoint) or run its form action
 * or endpoint method `action`? The guard's answer to that request (tests/unit/auth/can.test.ts).
 */
export function can<R extends RouteId>(user: Actor, route: R, action?: RouteAction<R>): boolean {
	const rule = ROUTE_RULES[route];
	const key = action ?? (rule?.view === undefined && rule?.actions?.GET ? 'GET' : null);
	return isAllowed(rule, user?.roles ?? null, key) === 'allowed';
}
