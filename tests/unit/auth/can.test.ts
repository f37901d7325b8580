// can() is what pages ask before showing a button; the guard (decideAccess over ROUTE_RULES) is
// what answers the request. For every route, every role (and no one), the page view and every
// form action and endpoint method of its rule, the two must give the same answer.
import { describe, expect, it } from 'vitest';
import { can } from '../../../src/lib/server/auth/can';
import { decideAccess } from '../../../src/lib/server/auth/access';
import { ROUTE_RULES, type RouteId } from '../../../src/lib/server/auth/route-rules';
import { ROLES, type Role } from '../../../src/lib/server/auth/roles';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** The request the guard sees for a route's view (null), a form action, or an endpoint method. */
function requestFor(routeId: string, key: string | null): { method: string; url: URL } {
	const path = routeId.replace(/\[[^\]]+\]/g, '1');
	const url = new URL(`http://kiem-ky.test${path}`);
	if (key === null) return { method: 'GET', url };
	if (METHODS.has(key)) return { method: key, url };
	if (key !== 'default') url.search = `?/${key}`;
	return { method: 'POST', url };
}

const principals: (Role | null)[] = [...ROLES, null];
const cases = Object.entries(ROUTE_RULES).flatMap(([routeId, rule]) =>
	[null, ...Object.keys(rule.actions ?? {})].flatMap((key) =>
		principals.map((role) => [routeId, key, role] as const)
	)
);

describe('can() agrees with the guard', () => {
	it('covers every route of the table', () => {
		expect(new Set(cases.map(([id]) => id)).size).toBe(Object.keys(ROUTE_RULES).length);
		expect(cases.length).toBeGreaterThan(300);
	});

	it.each(cases)('%s %s as %s', (routeId, key, role) => {
		const user = role ? { roles: [role] } : null;
		const { method, url } = requestFor(routeId, key);
		const guard = decideAccess(ROUTE_RULES[routeId], { roles: role ? [role] : null }, method, url);
		// The table's keys are typed for callers; the test walks them as strings.
		const answer = can(user, routeId as RouteId, (key ?? undefined) as never);
		expect(answer, `${routeId} ${key ?? 'view'} as ${role ?? 'anonymous'}`).toBe(guard === 'allowed');
	});

	it('answers for a user holding several roles as the most permissive of them', () => {
		expect(can({ roles: ['leader'] }, '/tac-vu', 'run')).toBe(false);
		expect(can({ roles: ['leader', 'inspector'] }, '/tac-vu', 'run')).toBe(true);
		expect(can({ roles: ['inspector'] }, '/tac-vu', 'schedule')).toBe(false);
		expect(can(null, '/tac-vu')).toBe(false);
	});
});
