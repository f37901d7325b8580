// timeOf reads UTCTime / GeneralizedTime digits straight from the bytes; it must accept and reject exactly what the
// regular-expression version it replaced did, with the same instants.
import { describe, expect, it } from 'vitest';
import { oidOf, timeOf } from '../../../src/lib/pki/der-reader';

const UTC_TIME = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d{1,3}))?Z$/;

/** The previous implementation, kept as the reference. */
function reference(tag: number, s: string): Date | null {
	if (s.length > 32) return null;
	const m = tag === 0x17 ? UTC_TIME.exec(s) : tag === 0x18 ? GENERALIZED_TIME.exec(s) : null;
	if (!m) return null;
	const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
	const year = tag === 0x17 ? (n[0] >= 50 ? 1900 + n[0] : 2000 + n[0]) : n[0];
	if (year < 100) return null;
	const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
	const d = new Date(Date.UTC(year, n[1] - 1, n[2], n[3], n[4], n[5], ms));
	if (
		d.getUTCMonth() !== n[1] - 1 ||
		d.getUTCDate() !== n[2] ||
		d.getUTCHours() !== n[3] ||
		d.getUTCMinutes() !== n[4] ||
		d.getUTCSeconds() !== n[5]
	)
		return null;
	return d;
}

/** The string as the value of a TLV with `tag`, with a byte of padding either side. */
function read(tag: number, s: string): Date | null {
	const bytes = new Uint8Array([0x41, tag, s.length, ...Buffer.from(s, 'latin1'), 0x5a]);
	return timeOf(bytes, { tag, start: 1, valueStart: 3, end: 3 + s.length });
}

const same = (tag: number, s: string) =>
	expect(read(tag, s)?.getTime() ?? null).toBe(reference(tag, s)?.getTime() ?? null);

describe('timeOf', () => {
	it('agrees with the regular-expression version on valid and edge-case times', () => {
		const cases = [
			'250601000000Z',
			'491231235959Z',
			'500101000000Z',
			'991231235959Z',
			'000229120000Z',
			'010229120000Z',
			'251301000000Z',
			'250631000000Z',
			'250601240000Z',
			'250601006000Z',
			'250601000060Z',
			'25060100000Z',
			'2506010000000Z',
			'250601000000',
			'250601000000+0700',
			'2506010a0000Z',
			' 50601000000Z',
			'',
			'20250601000000Z',
			'20250601000000.5Z',
			'20250601000000.05Z',
			'20250601000000.123Z',
			'20250601000000.1234Z',
			'20250601000000.Z',
			'20250601000000,5Z',
			'00500601000000Z',
			'01000101000000Z',
			'99991231235959Z',
			'20240229000000Z',
			'20230229000000Z',
			'2025060100000Z',
			'20250601000000',
			'20250601000000.5',
			'Z'
		];
		for (const s of cases) for (const tag of [0x17, 0x18, 0x04]) same(tag, s);
	});

	it('agrees on random strings over digits, Z and a dot', () => {
		const alphabet = '0123456789Z.';
		let seed = 42;
		const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		for (let i = 0; i < 20_000; i++) {
			const len = 11 + rnd(10);
			let s = '';
			for (let j = 0; j < len; j++) s += rnd(4) ? alphabet[rnd(10)] : alphabet[rnd(12)];
			if (rnd(2)) s = s.slice(0, -1) + 'Z';
			same(rnd(2) ? 0x17 : 0x18, s);
		}
	});
});

describe('oidOf', () => {
	it('decodes and memoises by the exact encoding', () => {
		const enc = (hex: string) => {
			const b = Buffer.from(`06${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`, 'hex');
			return oidOf(b, { tag: 0x06, start: 0, valueStart: 2, end: b.length });
		};
		expect(enc('608648016503040201')).toBe('2.16.840.1.101.3.4.2.1');
		expect(enc('2a864886f70d010702')).toBe('1.2.840.113549.1.7.2');
		expect(enc('608648016503040201')).toBe('2.16.840.1.101.3.4.2.1');
		expect(enc('ff01')).toBe('2.16177');
	});

	it('tells apart encodings the memo files under the same number', () => {
		const at = (b: Uint8Array) => oidOf(b, { tag: 0x06, start: 0, valueStart: 2, end: b.length });
		// Same length, and 0x01 * 31 + 0x40 === 0x02 * 31 + 0x21: one memo bucket, two OIDs.
		const a = Uint8Array.of(0x06, 0x02, 0x01, 0x40);
		const b = Uint8Array.of(0x06, 0x02, 0x02, 0x21);
		expect([at(a), at(b), at(a), at(b)]).toEqual(['0.1.64', '0.2.33', '0.1.64', '0.2.33']);
	});

	it('gives the same text as a fresh decode for 20,000 random encodings, memoised or not', () => {
		let seed = 7;
		const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
		const decode = (v: Uint8Array): string => {
			const arcs: number[] = [];
			let x = 0;
			for (const byte of v) {
				x = x * 128 + (byte & 0x7f);
				if (!(byte & 0x80)) {
					if (!arcs.length) arcs.push(x < 40 ? 0 : x < 80 ? 1 : 2, x < 80 ? x % 40 : x - 80);
					else arcs.push(x);
					x = 0;
				}
			}
			return arcs.join('.');
		};
		const pool: Uint8Array[] = [];
		for (let i = 0; i < 20_000; i++) {
			const v =
				pool.length && rnd() < 0.3
					? pool[Math.floor(rnd() * pool.length)]!
					: Uint8Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Math.floor(rnd() * 128));
			pool.push(v);
			const b = Uint8Array.of(0x06, v.length, ...v);
			expect(oidOf(b, { tag: 0x06, start: 0, valueStart: 2, end: b.length })).toBe(decode(v));
		}
	});
});
