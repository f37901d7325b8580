// Writes Vietnamese text in the 8-bit encodings of older document systems, for tests: a character's
// own byte in the table, else its base letter's byte followed by its tone mark's (how Windows-1258
// writes "ố": "ô" then the acute).
import { TCVN3_HIGH } from '../../src/lib/server/import/readers/encodings/tcvn3';
import { WINDOWS_1258_HIGH } from '../../src/lib/server/import/readers/encodings/windows-1258';

function encode(text: string, high: readonly number[]): Uint8Array {
	const byCode = new Map<number, number>();
	high.forEach((c, i) => byCode.set(c, 0x80 + i));
	const byteOf = (ch: string) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : byCode.get(ch.charCodeAt(0)));
	const out: number[] = [];
	for (const ch of text.normalize('NFC')) {
		const one = byteOf(ch);
		if (one !== undefined) {
			out.push(one);
			continue;
		}
		const d = ch.normalize('NFD');
		const mark = [...d].find((c) => /[\u0300\u0301\u0303\u0309\u0323]/.test(c));
		const base = mark === undefined ? undefined : byteOf(d.replace(mark, '').normalize('NFC'));
		const markByte = mark === undefined ? undefined : byteOf(mark);
		if (base === undefined || markByte === undefined) throw new Error(`cannot encode ${ch}`);
		out.push(base, markByte);
	}
	return new Uint8Array(out);
}

export const encodeWindows1258 = (text: string) => encode(text, WINDOWS_1258_HIGH);
export const encodeTcvn3 = (text: string) => encode(text, TCVN3_HIGH);
