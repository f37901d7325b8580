// isPdf (the file-kind sniff run on every document) against the byte loop it replaced, on random inputs made of the
// magic's bytes so that near-misses, matches at every offset and the 1024-byte bound all occur.
import { describe, expect, it } from 'vitest';
import { isPdf } from '../../../src/lib/pki/pdf-signatures';

/** The previous implementation, kept as the reference: "%PDF-" starting within the first 1024 - 4 positions. */
function reference(b: Uint8Array): boolean {
	const n = Math.min(b.length, 1024);
	for (let i = 0; i + 5 <= n; i++)
		if (b[i] === 0x25 && b[i + 1] === 0x50 && b[i + 2] === 0x44 && b[i + 3] === 0x46 && b[i + 4] === 0x2d)
			return true;
	return false;
}

describe('isPdf', () => {
	it('agrees with the byte loop on 50,000 random inputs, views into larger buffers included', () => {
		let seed = 11;
		const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
		const alphabet = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x30];
		let found = 0;
		for (let i = 0; i < 50_000; i++) {
			const len = Math.floor(rnd() * 1100);
			const backing = new Uint8Array(len + 16);
			for (let j = 0; j < backing.length; j++) backing[j] = alphabet[Math.floor(rnd() * alphabet.length)]!;
			const offset = Math.floor(rnd() * 16);
			const b =
				i % 3 ? backing.subarray(offset, offset + len) : Buffer.from(backing.subarray(offset, offset + len));
			const want = reference(b);
			if (want) found++;
			expect(isPdf(b)).toBe(want);
		}
		expect(found).toBeGreaterThan(1000);
		expect(found).toBeLessThan(49_000);
	});

	it('finds the magic ending exactly at byte 1024, not one byte later', () => {
		const b = new Uint8Array(2048);
		b.set([0x25, 0x50, 0x44, 0x46, 0x2d], 1019);
		expect(isPdf(b)).toBe(true);
		const c = new Uint8Array(2048);
		c.set([0x25, 0x50, 0x44, 0x46, 0x2d], 1020);
		expect(isPdf(c)).toBe(false);
		expect(isPdf(new Uint8Array(0))).toBe(false);
	});
});
