// The judge's revocation-freshness test on ISO strings (signature-judge.ts `supportsAt`) against supportsCheckAt on
// Dates, on random times: with and without a policy maximum, with and without a nextUpdate, equal and millisecond-apart
// instants included.
import { describe, expect, it } from 'vitest';
import { supportsCheckAt } from '../../../src/lib/pki/revocation-freshness';
import { supportsAt } from '../../../src/lib/pki/signature-judge';

const base = Date.UTC(2026, 1, 1);
let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const time = () =>
	new Date(
		base +
			(rand() < 0.3 ? 0 : Math.floor((rand() - 0.5) * 40 * 86_400_000)) +
			(rand() < 0.2 ? 0 : Math.floor(rand() * 3))
	);

describe('supportsAt', () => {
	it('decides as supportsCheckAt does, on 100 000 random times', () => {
		let mismatches = 0;
		for (let i = 0; i < 100_000; i++) {
			const issuedAt = time();
			const at = time();
			const nextUpdate = rand() < 0.2 ? null : rand() < 0.1 ? issuedAt : time();
			const maxAge = rand() < 0.5 ? null : Math.floor(rand() * 20 * 86_400_000);
			const expected = supportsCheckAt({ issuedAt, nextUpdate }, at, maxAge);
			const got = supportsAt(
				issuedAt.toISOString(),
				nextUpdate?.toISOString() ?? null,
				at.toISOString(),
				maxAge
			);
			if (got !== expected) mismatches++;
		}
		expect(mismatches).toBe(0);
	});
});
