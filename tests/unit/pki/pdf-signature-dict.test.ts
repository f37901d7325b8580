// scanPdf reads a signature dictionary's keys from its text without the /Contents hex digits when the byte-range gap
// is a hex string: keys before and after /Contents must still be found, and a gap that is not hex keeps the full text.
import { describe, expect, it } from 'vitest';
import { scanPdf } from '../../../src/lib/pki/pdf-signatures';

/** A one-object PDF whose signature dictionary is `before` /ByteRange [...] /Contents <gap> `after`. */
function tinyPdf(before: string, gap: string, after: string): Uint8Array {
	const head = '%PDF-1.7\n1 0 obj\n<< ' + before;
	// Fixed-width numbers so that the range text does not move what it points at.
	const pad = (n: number) => String(n).padStart(10, '0');
	const build = (a: number, b: number, c: number) =>
		`${head} /ByteRange [0 ${pad(a)} ${pad(b)} ${pad(c)}] /Contents `;
	const prefix = build(0, 0, 0);
	const gapStart = prefix.length;
	const gapEnd = gapStart + gap.length;
	const tail = ` ${after} >>\nendobj\n%%EOF\n`;
	const text = build(gapStart, gapEnd, tail.length) + gap + tail;
	return new TextEncoder().encode(text);
}

describe('signature dictionary keys around /Contents', () => {
	it('reads /SubFilter and /Type placed after a hex /Contents', () => {
		const der = '3003020101';
		const pdf = tinyPdf(
			'/Filter /Adobe.PPKLite',
			`<${der}${'0'.repeat(64)}>`,
			'/Type /Sig /SubFilter /ETSI.CAdES.detached'
		);
		const [field] = scanPdf(pdf).signatures;
		expect(field).toMatchObject({ error: null, subFilter: 'ETSI.CAdES.detached', type: 'Sig' });
		expect(Buffer.from(field!.contents!).toString('hex')).toBe(der);
	});

	it('reads keys placed before /Contents', () => {
		const pdf = tinyPdf(
			'/Type /DocTimeStamp /SubFilter /ETSI.RFC3161',
			'<3003020101>',
			'/M (D:20250601000000Z)'
		);
		expect(scanPdf(pdf).signatures[0]).toMatchObject({
			error: null,
			subFilter: 'ETSI.RFC3161',
			type: 'DocTimeStamp'
		});
	});

	it('a gap that is not a hex string is an error, and the keys are still read from the whole text', () => {
		const pdf = tinyPdf('/Type /Sig', '<30 /SubFilter /adbe.pkcs7.detached>', '/M (D:20250601000000Z)');
		expect(scanPdf(pdf).signatures[0]).toMatchObject({
			error: '/ByteRange không loại trừ đúng giá trị /Contents của chữ ký',
			subFilter: 'adbe.pkcs7.detached',
			type: 'Sig'
		});
	});
});
