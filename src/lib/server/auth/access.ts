// Which rule entries a request must satisfy, decided the way SvelteKit routes the request.
// A GET may render the page or hit a +server.ts GET; a POST may run a form action (named by the
// first `?/name` parameter, as SvelteKit reads it) or a +server.ts POST, depending on headers the
// client controls. So every reading the rule defines must allow the request, and a request
// that matches no entry at all is refused (fail closed).
import type { Role } from './roles';
import type { RouteRule } from './route-rules';

export type AccessVerdict = 'allowed' | 'unauthenticated' | 'forbidden';

/** The rule keys a request could be served under: null for the page view, else an action name or method. */
export function requestCandidates(method: string, url: URL): (string | null)[] {
	const m = method.toUpperCase();
	if (m === 'GET' || m === 'HEAD') return [null, 'GET'];
	if (m === 'POST') {
		let name = 'default';
		for (const [key] of url.searchParams) {
			if (key.startsWith('/')) {
				name = key.slice(1);
				break;
			}
		}
		return [name, 'POST'];
	}
	return [m];
}

function entry(rule: RouteRule, key: string | null): Role[] | 'any' | undefined {
	return key === null ? rule.view : rule.actions?.[key];
}

/**
 * May this principal make this request? `roles` is null for an anonymous visitor; `apiKey` is
 * true when the caller authenticated with an API key (machines only reach rules' apiKey methods).
 */
export function decideAccess(
	rule: RouteRule | undefined,
	who: { roles: Role[] | null; apiKey?: boolean },
	method: string,
	url: URL
): AccessVerdict {
	if (!rule) return 'forbidden';
	const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
	if (who.apiKey) return rule.apiKey?.includes(m) ? 'allowed' : 'forbidden';
	const defined = requestCandidates(method, url).filter((k) => entry(rule, k) !== undefined);
	// A public page with no explicit view entry is viewable by anyone.
	if (defined.length === 0 && rule.public && m === 'GET') return 'allowed';
	if (defined.length === 0) return who.roles ? 'forbidden' : 'unauthenticated';
	if (rule.public) return 'allowed';
	if (!who.roles) return 'unauthenticated';
	const roles = who.roles;
	const ok = defined.every((k) => {
		const allowed = entry(rule, k)!;
		return allowed === 'any' || roles.some((r) => allowed.includes(r));
	});
	return ok ? 'allowed' : 'forbidden';
}
