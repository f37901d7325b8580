// Where the sign-in page may send the user afterwards: only paths on this site. Each probe below
// was answered `303 Location: //evil.example` once, because the check judged the raw string while
// the redirect used the URL parser's normalised path (dot segments and backslashes removed).
import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '../../../src/lib/server/auth/safe-redirect';

const ORIGIN = 'https://kiemky.example.gov.vn';

/** Where a browser lands when it follows `Location: <path>` from a page of ORIGIN. */
function followed(location: string): URL {
	return new URL(location, `${ORIGIN}/dang-nhap`);
}

describe('safeRedirectPath', () => {
	for (const [next, expected] of [
		['/chung-thu?status=active', '/chung-thu?status=active'],
		['/chung-thu?q=a%20b#x', '/chung-thu?q=a%20b#x'],
		['/', '/'],
		['/thanh-tra/12', '/thanh-tra/12'],
		['/a/./b/../c', '/a/c']
	] as const)
		it(`keeps the local path ${JSON.stringify(next)}`, () => {
			expect(safeRedirectPath(next)).toBe(expected);
		});

	for (const next of [
		'/.//evil.example',
		'/..//evil.example',
		'/%2e%2e//evil.example',
		'/%2E%2E//evil.example',
		'/.%2e//evil.example',
		'/x/../\\evil.example',
		'/x/..\\/evil.example',
		'/x/../\\/evil.example',
		'/x/../\\\\evil.example',
		'/./\\evil.example',
		'//evil.example',
		'/\\evil.example',
		'https://evil.example/',
		'/\t/evil.example',
		'/\n/evil.example',
		'\t//evil.example',
		'evil.example',
		'',
		null
	])
		it(`refuses ${JSON.stringify(next)}`, () => {
			const to = safeRedirectPath(next);
			expect(to).toBe('/');
		});

	it('never returns a path a browser resolves to another origin', () => {
		const probes = ['/.//', '/..//', '/%2e%2e//', '/x/../\\', '/x/..\\/', '/./\\/', '/%2e/\\'];
		for (const p of probes)
			for (const tail of ['evil.example', '/evil.example', '\\evil.example', 'evil.example/x?y#z']) {
				const to = safeRedirectPath(p + tail);
				expect(to.startsWith('/'), `${p + tail} -> ${to}`).toBe(true);
				expect(/^\/[/\\]/.test(to), `${p + tail} -> ${to}`).toBe(false);
				expect(followed(to).origin, `${p + tail} -> ${to}`).toBe(ORIGIN);
			}
	});
});
