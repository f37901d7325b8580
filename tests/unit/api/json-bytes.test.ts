import { describe, expect, it } from 'vitest';
import { parseJsonUtf8 } from '../../../src/lib/server/api/json-bytes';

/** What the handler did before: decode, then JSON.parse. */
function reference(bytes: Buffer): { value?: unknown; error?: string } {
	try {
		return { value: JSON.parse(bytes.toString('utf8')) };
	} catch (e) {
		return { error: (e as Error).message };
	}
}

function ours(bytes: Buffer): { value?: unknown; error?: string } {
	try {
		return { value: parseJsonUtf8(bytes) };
	} catch (e) {
		return { error: (e as Error).message };
	}
}

/** Same value, same own keys in the same order (deep), same prototype for every object. */
function sameShape(a: unknown, b: unknown): void {
	expect(JSON.stringify(a)).toBe(JSON.stringify(b));
	if (a && typeof a === 'object') {
		expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
		expect(Reflect.ownKeys(a)).toEqual(Reflect.ownKeys(b as object));
		for (const k of Object.keys(a)) sameShape((a as never)[k], (b as never)[k]);
	}
}

function check(text: string | Buffer): void {
	const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
	const want = reference(bytes);
	const got = ours(bytes);
	expect(got.error).toBe(want.error);
	if (!want.error) sameShape(got.value, want.value);
}

const WORDS = ['Giám đốc', 'QĐ-SYT', 'Sở Y tế', 'abc', '', 'Đồng Tháp', '日本', '😀', 'a"b', 'x\\y', 'tab\t'];

/** A random JSON value (with Vietnamese, astral and escaped text), seeded. */
function randomValue(rand: () => number, depth: number): unknown {
	const r = rand();
	if (depth > 3 || r < 0.4) {
		const k = Math.floor(rand() * 6);
		if (k === 0) return WORDS[Math.floor(rand() * WORDS.length)]!;
		if (k === 1) return Math.floor(rand() * 1e6) / 100;
		if (k === 2) return rand() < 0.5;
		if (k === 3) return null;
		return WORDS[Math.floor(rand() * WORDS.length)]! + String(Math.floor(rand() * 100));
	}
	if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
	const o: Record<string, unknown> = {};
	for (let i = Math.floor(rand() * 5); i > 0; i--)
		o[rand() < 0.3 ? WORDS[Math.floor(rand() * WORDS.length)]! : `k${Math.floor(rand() * 20)}`] = randomValue(
			rand,
			depth + 1
		);
	return o;
}

describe('parseJsonUtf8', () => {
	it('gives what decoding then JSON.parse gives, on a signing-event batch', () => {
		const events = Array.from({ length: 50 }, (_, i) => ({
			source_id: `QLVB-${i}`,
			acting_title: 'Giám đốc',
			document_number: `${i}/QĐ-SYT`,
			channel: 'qlvb'
		}));
		const bytes = Buffer.from(JSON.stringify({ mode: 'valid-rows', events }), 'utf8');
		check(bytes);
		expect((parseJsonUtf8(bytes) as { events: { acting_title: string }[] }).events[7]!.acting_title).toBe(
			'Giám đốc'
		);
	});

	it('decodes keys, nested values, astral characters and a bare string', () => {
		check('{"tên":"Nguyễn Văn A","ds":[["Đ",{"ký hiệu":"QĐ"}],"😀"],"n":1}');
		check('"Sở Y tế"');
		check('["a","ă",["â",["đ"]]]');
		check('{"a":1,"ă":2,"b":{"c":"đ","ê":[1,"ô"]},"z":"ơ"}');
	});

	it('keeps "__proto__" an own key, as JSON.parse does, also when keys are decoded', () => {
		check('{"__proto__":{"x":"ư"},"a":"b"}');
		check('{"__proto__":{"x":1},"đ":"b"}');
		const v = parseJsonUtf8(Buffer.from('{"__proto__":{"polluted":"ư"},"đ":1}')) as Record<string, unknown>;
		expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('takes \\u escapes as JSON.parse does (they may spell characters 0x80-0xFF)', () => {
		check('{"a":"\\u00e1 and á","b":"\\u0110"}');
		check('["\\\\u not an escape", "đ"]');
	});

	it('refuses what JSON.parse refuses, with its message', () => {
		check('{"a":"đ",}');
		check('{"a":"đ"');
		check('["Giám đốc" 1]');
		check('{"a":1}x');
		check('');
		check('{"ă": tru}');
	});

	it('matches on a thousand random documents', () => {
		let seed = 12345;
		const rand = () => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed / 0x80000000;
		};
		for (let i = 0; i < 1000; i++) {
			const text = JSON.stringify(randomValue(rand, 0));
			check(text);
			// And broken: a character cut off somewhere.
			const at = Math.floor(rand() * text.length);
			check(text.slice(0, at) + text.slice(at + 1));
		}
	});

	it('takes any nesting depth without recursion', () => {
		const depth = 20_000;
		let v = parseJsonUtf8(Buffer.from('['.repeat(depth) + '"đ"' + ']'.repeat(depth)));
		for (let i = 0; i < depth; i++) v = (v as unknown[])[0];
		expect(v).toBe('đ');
	});
});
