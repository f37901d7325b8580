// A signed PDF 1.7 in the compressed layout that iText-based and Vietnamese signing services write (ISO 32000-1
// 7.5.7 object streams, 7.5.8 cross-reference streams): catalog, pages, page, font and the signature widget in one
// FlateDecode /ObjStm; the /Sig dictionary alone in a second /ObjStm whose stream data is what the /ByteRange leaves
// out (stored deflate blocks, so patching /ByteRange and /Contents keeps every offset); an xref stream instead of an
// xref table and trailer. For tests of the object-stream reader; `tamper` hooks build the malformed variants.
import { deflateSync, constants } from 'node:zlib';
import { signCms } from './cms-sign';
import type { PdfSignOptions } from './pdf-sign';

const latin1 = (s: string) => Buffer.from(s, 'latin1');

function objStm(objects: [number, string][], level: number): { dict: (len: number) => string; data: Buffer } {
	let header = '';
	let body = '';
	for (const [num, text] of objects) {
		header += `${num} ${body.length} `;
		body += `${text}\n`;
	}
	const data = deflateSync(latin1(header + body), { level });
	return {
		dict: (len) =>
			`<< /Type /ObjStm /N ${objects.length} /First ${header.length} /Filter /FlateDecode /Length ${len} >>`,
		data
	};
}

export interface ObjStmPdfOptions extends PdfSignOptions {
	fieldName?: string;
	/** Replaces the first object stream's data (to build corrupt-stream fixtures). */
	corruptObjectStream?: Buffer;
	/** Puts the font into the signature's object stream too (which must then be refused). */
	crowdSignatureStream?: boolean;
}

export async function createObjStmSignedPdf(o: ObjStmPdfOptions): Promise<Uint8Array> {
	const hexLen = o.contentsSize ?? 16384;
	const time = o.signingTime ?? new Date();
	const pdfDate = `D:${time.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
	const content = 'BT /F1 14 Tf 72 760 Td (Van ban ky so - luong doi tuong nen) Tj ET';
	const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
	const a = objStm(
		[
			[1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>'],
			[2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
			[
				3,
				'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> /Annots [5 0 R] >>'
			],
			[
				5,
				`<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /T (${o.fieldName ?? 'ChuKy1'}) /V 7 0 R /P 3 0 R /F 132 >>`
			],
			...(o.crowdSignatureStream ? [] : [[6, font] as [number, string]])
		],
		6
	);
	const placeholder = '/ByteRange [0 0000000000 0000000000 0000000000]';
	const sigDict = (range: string, hex: string) =>
		`<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${o.subFilter ?? 'adbe.pkcs7.detached'} ${range} /Contents <${hex}> /M (${pdfDate}) >>`;
	const sigObjects = (range: string, hex: string): [number, string][] => [
		[7, sigDict(range, hex)],
		...(o.crowdSignatureStream ? [[6, font] as [number, string]] : [])
	];
	// Stored blocks (level 0): the compressed size depends only on the length of the text, not on its digits.
	let b = objStm(sigObjects(placeholder, '0'.repeat(hexLen)), constants.Z_NO_COMPRESSION);
	const aData = o.corruptObjectStream ?? a.data;

	const build = (bData: Buffer) => {
		const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
		const offsets = new Map<number, number>();
		let at = parts[0]!.length;
		const push = (x: Buffer) => {
			parts.push(x);
			at += x.length;
		};
		const obj = (num: number, dict: string, data?: Buffer) => {
			offsets.set(num, at);
			push(latin1(`${num} 0 obj\n${dict}\n`));
			let dataStart = -1;
			if (data) {
				push(latin1('stream\n'));
				dataStart = at;
				push(data);
				push(latin1('\nendstream\n'));
			}
			push(latin1('endobj\n'));
			return dataStart;
		};
		obj(4, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
		obj(10, a.dict(aData.length), aData);
		const bStart = obj(11, b.dict(bData.length), bData);
		// Cross-reference stream, /W [1 4 2]: type 1 = offset, type 2 = (object stream, index).
		const rows: [number, number, number][] = [[0, 0, 65535]];
		const inA = [1, 2, 3, 5, ...(o.crowdSignatureStream ? [] : [6])];
		for (let n = 1; n <= 12; n++) {
			if (offsets.has(n)) rows.push([1, offsets.get(n)!, 0]);
			else if (inA.includes(n)) rows.push([2, 10, inA.indexOf(n)]);
			else if (n === 7) rows.push([2, 11, 0]);
			else if (n === 6) rows.push([2, 11, 1]);
			else if (n === 12) rows.push([1, at, 0]);
			else rows.push([0, 0, 0]);
		}
		const table = Buffer.alloc(rows.length * 7);
		rows.forEach(([t, f2, f3], i) => {
			table.writeUInt8(t, i * 7);
			table.writeUInt32BE(f2, i * 7 + 1);
			table.writeUInt16BE(f3, i * 7 + 5);
		});
		const xrefAt = at;
		const xdata = deflateSync(table);
		obj(
			12,
			`<< /Type /XRef /Size 13 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${xdata.length} >>`,
			xdata
		);
		push(latin1(`startxref\n${xrefAt}\n%%EOF\n`));
		return { file: Buffer.concat(parts), bStart, bEnd: bStart + bData.length };
	};

	const first = build(b.data);
	const range = [0, first.bStart, first.bEnd, first.file.length - first.bEnd];
	const rangeText = `/ByteRange [${range.join(' ')}]`.padEnd(placeholder.length, ' ');
	const signedBytes = Buffer.concat([first.file.subarray(0, first.bStart), first.file.subarray(first.bEnd)]);
	const cms = await signCms({
		content: signedBytes,
		signer: o.signer,
		chain: o.chain,
		detached: true,
		signingTime: time,
		additionalSigners: o.additionalSigners
	});
	const hex = Buffer.from(cms).toString('hex').padEnd(hexLen, '0');
	if (hex.length > hexLen) throw new Error('CMS larger than the /Contents placeholder');
	b = objStm(sigObjects(rangeText, hex), constants.Z_NO_COMPRESSION);
	const out = build(b.data);
	if (out.file.length !== first.file.length) throw new Error('object stream size changed while signing');
	return new Uint8Array(out.file);
}
