import { describe, expect, it } from 'vitest';
import { actionNames, endpointMethods, samplePath } from '../../integration/auth/route-tree';

describe('route tree reader', () => {
	it('reads the top-level action names only', () => {
		const src = `export const actions: Actions = {
	// a comment { with: braces }
	default: async ({ request }) => { const x = { inner: 1 }; return x; },
	create: async (e) => fn({ nested: 'a,b' }),
	async rename(event) { return 1; },
	'quoted-name': x,
	shorthand
};`;
		expect(actionNames(src)).toEqual(['default', 'create', 'rename', 'quoted-name', 'shorthand']);
		expect(actionNames('export const load = 1;')).toEqual([]);
	});
	it('reads endpoint methods', () => {
		expect(
			endpointMethods('export const GET: RequestHandler = () => x;\nexport async function POST() {}')
		).toEqual(['GET', 'POST']);
	});
	it('fills parameters and drops groups', () => {
		expect(samplePath('/(app)/chung-thu/[id]/[[tab]]/[...rest]')).toBe('/chung-thu/1/1/1');
		expect(samplePath('/')).toBe('/');
	});
});
