// The encodings of document-system exports: the byte tables of Windows-1258 and TCVN3 against
// bytes GNU iconv wrote for known Vietnamese words, NFC output whatever the chunking, and the
// detection of UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern), Windows-1258 and TCVN3.
import { describe, expect, it } from 'vitest';
import { createDecoder, decodeAll, type TextEncoding } from '../../../src/lib/server/import/readers/decoder';
import { detectEncoding, isUtf8 } from '../../../src/lib/server/import/readers/encoding-detection';
import { encodeTcvn3, encodeWindows1258 } from '../../helpers/vietnamese-encodings';

const hex = (s: string) =>
	new Uint8Array(
		s
			.trim()
			.split(/\s+/)
			.map((h) => parseInt(h, 16))
	);

// `printf '%s' WORD | iconv -f UTF-8 -t CP1258` and `-t TCVN5712-1` (glibc).
const KNOWN: { text: string; cp1258: string; tcvn3: string }[] = [
	{
		text: 'Sở Khoa học và Công nghệ',
		cp1258: '53 f5 d2 20 4b 68 6f 61 20 68 6f f2 63 20 76 e0 20 43 f4 6e 67 20 6e 67 68 ea f2',
		tcvn3: '53 eb 20 4b 68 6f 61 20 68 e4 63 20 76 b5 20 43 ab 6e 67 20 6e 67 68 d6'
	},
	{ text: 'Đồng Tháp', cp1258: 'd0 f4 cc 6e 67 20 54 68 e1 70', tcvn3: 'a7 e5 6e 67 20 54 68 b8 70' },
	{
		text: 'Nguyễn Văn Hùng',
		cp1258: '4e 67 75 79 ea de 6e 20 56 e3 6e 20 48 f9 6e 67',
		tcvn3: '4e 67 75 79 d4 6e 20 56 a8 6e 20 48 ef 6e 67'
	},
	{ text: 'Ký thay', cp1258: '4b 79 ec 20 74 68 61 79', tcvn3: '4b fd 20 74 68 61 79' },
	{
		text: 'Thừa ủy quyền',
		cp1258: '54 68 fd cc 61 20 75 d2 79 20 71 75 79 ea cc 6e',
		tcvn3: '54 68 f5 61 20 f1 79 20 71 75 79 d2 6e'
	}
];

const CSV = [
	'Số ký hiệu;Thời điểm ký;Người ký;Chức danh;Cơ quan ban hành;Hình thức ký',
	'15/QĐ-SKHCN;05/03/2026 09:15;Nguyễn Văn Hùng;Giám đốc;Sở Khoa học và Công nghệ;Ký thay',
	'16/QĐ-UBND;06/03/2026 10:00;Trần Thị Hoa;Phó Chủ tịch;Ủy ban nhân dân tỉnh Đồng Tháp;Thừa ủy quyền',
	'17/TB-SYT;07/03/2026 14:30;Lê Minh Tâm;Chánh Văn phòng;Sở Y tế;Thừa lệnh'
].join('\r\n');

describe('8-bit Vietnamese tables', () => {
	it.each(KNOWN)('decodes "$text" from Windows-1258 and TCVN3 bytes to NFC', ({ text, cp1258, tcvn3 }) => {
		expect(decodeAll(hex(cp1258), 'windows-1258')).toBe(text);
		expect(decodeAll(hex(tcvn3), 'tcvn3')).toBe(text);
		expect(decodeAll(hex(cp1258), 'windows-1258').normalize('NFC')).toBe(
			decodeAll(hex(cp1258), 'windows-1258')
		);
	});

	it('gives the same text however the bytes are cut into chunks, a tone mark alone in a chunk included', () => {
		const bytes = encodeWindows1258(CSV);
		for (const size of [1, 2, 3, 7, 64]) {
			const d = createDecoder('windows-1258');
			let out = '';
			for (let i = 0; i < bytes.length; i += size) out += d.write(bytes.subarray(i, i + size));
			out += d.end();
			expect(out, `chunks of ${size}`).toBe(CSV);
		}
	});

	it('keeps ASCII as is and marks bytes Windows-1258 leaves undefined', () => {
		expect(decodeAll(new TextEncoder().encode('abc,123;"x"\r\n'), 'tcvn3')).toBe('abc,123;"x"\r\n');
		expect(decodeAll(new Uint8Array([0x81]), 'windows-1258')).toBe('\ufffd');
	});
});

describe('encoding detection', () => {
	const utf8 = new TextEncoder().encode(CSV);
	const cases: [string, Uint8Array, TextEncoding, string][] = [
		['UTF-8', utf8, 'utf-8', 'UTF-8'],
		['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'utf-8', 'UTF-8 (BOM)'],
		[
			'UTF-16 LE with BOM',
			new Uint8Array([0xff, 0xfe, ...Buffer.from(CSV, 'utf16le')]),
			'utf-16le',
			'UTF-16 LE (BOM)'
		],
		['UTF-16 LE without BOM', new Uint8Array(Buffer.from(CSV, 'utf16le')), 'utf-16le', 'UTF-16 LE'],
		['UTF-16 BE without BOM', new Uint8Array(Buffer.from(CSV, 'utf16le').swap16()), 'utf-16be', 'UTF-16 BE'],
		['Windows-1258', encodeWindows1258(CSV), 'windows-1258', 'Windows-1258'],
		['TCVN3', encodeTcvn3(CSV), 'tcvn3', 'TCVN3 (ABC)']
	];
	it.each(cases)('recognises %s and decodes it back to the same text', (_, bytes, encoding, label) => {
		const g = detectEncoding(bytes);
		expect(g).toMatchObject({ encoding, label });
		const text = decodeAll(bytes, g.encoding).replace(/^\uFEFF/, '');
		expect(text).toBe(CSV);
	});

	it('scores the right 8-bit table well above the wrong one', () => {
		const tcvn = detectEncoding(encodeTcvn3(CSV));
		expect(tcvn.scores!.tcvn3).toBeGreaterThan(10);
		expect(tcvn.scores!['windows-1258']).toBeLessThan(0);
		const cp = detectEncoding(encodeWindows1258(CSV));
		expect(cp.scores!['windows-1258']).toBeGreaterThan(10);
		expect(cp.scores!.tcvn3).toBeLessThan(0);
	});

	it('takes the whole-file UTF-8 verdict over a sample that looks valid', () => {
		expect(detectEncoding(utf8, false).encoding).not.toBe('utf-8');
		expect(isUtf8(utf8.subarray(0, utf8.indexOf(0xe1) + 1), false)).toBe(true);
		expect(isUtf8(utf8.subarray(0, utf8.indexOf(0xe1) + 1), true)).toBe(false);
	});
});
