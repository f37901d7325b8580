// What a signed-in user may do, read from the one route-rules table the guard enforces. Pages ask
// `can()` for the buttons and forms they show, so a button never offers what the guard would
// refuse, and a change of rule changes both. Agency scope is still the services' business.
import type { Role } from './roles';
import { isAllowed, ROUTE_RULES, type RouteAction, type RouteId } from './route-rules';

/** Anyone holding roles: the session's user, or null for an anonymous visitor. */
export type Actor = { roles: readonly Role[] } | null | undefined;

/**
 * May `user` load `route` (no action) or run its form action / endpoint method `action`?
 * The same answer the guard gives to the request (tests/unit/auth/can.test.ts checks it).
 */
export function can<R extends RouteId>(user: Actor, route: R, action?: RouteAction<R>): boolean {
	return isAllowed(ROUTE_RULES[route], user?.roles ?? null, action ?? null) === 'allowed';
}
