// Minimal signed PDF producer (ISO 32000-1 section 12.8: signature dictionary with /ByteRange and /Contents) for
// tests and demo data: a one-page PDF with an optional filler stream, signed adbe.pkcs7.detached or
// ETSI.CAdES.detached; further signatures and unsigned edits are appended as incremental updates (section 7.5.6).
import { signCms, type SignCmsOptions } from './cms-sign';
import type { Issued } from './ca';

const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** The last trailer's /Size (a look-behind-free search: files with a hundred revisions stay linear). */
export function lastSize(text: string, fallback: number): number {
	const at = text.lastIndexOf('/Size');
	const m = at < 0 ? null : /^\/Size\s+(\d+)/.exec(text.slice(at, at + 32));
	return m ? Number(m[1]) : fallback;
}

export interface PdfSignOptions {
	signer: Issued;
	chain?: Issued[];
	signingTime?: Date;
	/** PAdES style: the time only in the dictionary's /M, no signingTime attribute in the CMS. */
	omitCmsSigningTime?: boolean;
	subFilter?: 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached';
	/** Hex characters reserved for /Contents (twice the CMS size limit); default 32768. */
	contentsSize?: number;
	reason?: string;
	timestamp?: SignCmsOptions['timestamp'];
	/** Tamper hook for fixtures: changes the CMS after signing. */
	messageDigestOverride?: Uint8Array;
	/** Co-signers: further SignerInfos in the same CMS. */
	additionalSigners?: SignCmsOptions['additionalSigners'];
	/** A visible signature (ISO 32000-1 §12.5.5): its widget's /Rect and normal appearance; invisible without. */
	appearance?: VisibleAppearance;
}

export interface VisibleAppearance {
	/** [x1 y1 x2 y2] on the page, in points. */
	rect: [number, number, number, number];
	/** The appearance's content stream, in its own space [0 0 width height] (mapped onto rect). */
	content: string;
	/** Image XObjects it may paint by name (1×1 pixel of this RGB colour), e.g. { Sig: [0, 0, 255] }. */
	images?: Record<string, [number, number, number]>;
	/** Fonts it may use by resource name → /BaseFont, e.g. { F1: 'Times-Roman' }. */
	fonts?: Record<string, string>;
}

/** Objects of a visible appearance, numbered from `first`: the form XObject first. */
function appearanceObjects(a: VisibleAppearance, first: number): string[] {
	const w = a.rect[2] - a.rect[0];
	const h = a.rect[3] - a.rect[1];
	const images = Object.entries(a.images ?? {});
	const fonts = Object.entries(a.fonts ?? {});
	const ref = (i: number) => `${first + 1 + i} 0 R`;
	const xo = images.map(([n], i) => `/${n} ${ref(i)}`).join(' ');
	const fo = fonts.map(([n], i) => `/${n} ${ref(images.length + i)}`).join(' ');
	return [
		`<< /Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}] /Resources << /XObject << ${xo} >> /Font << ${fo} >> >> /Length ${a.content.length} >>\nstream\n${a.content}\nendstream`,
		...images.map(
			([, rgb]) =>
				`<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 3 >>\nstream\n${String.fromCharCode(...rgb)}\nendstream`
		),
		...fonts.map(([, base]) => `<< /Type /Font /Subtype /Type1 /BaseFont /${base} >>`)
	];
}

export interface PdfOptions {
	/** Text shown on the page (ASCII is safest with the standard Helvetica font). */
	text?: string;
	/** Extra bytes carried in an unreferenced stream, to reach a target file size. */
	payload?: Uint8Array;
	/** The page's whole content stream instead of `text` (font /F1 is Helvetica). */
	content?: string;
}

/** An unsigned one-page PDF: objects 1 catalog, 2 pages, 3 page, 4 content stream, 5 font, 6 payload. */
export function createPdf(o: PdfOptions = {}): Uint8Array {
	const text = (o.text ?? 'Van ban thu nghiem - Kiem Ky').replace(/[()\\]/g, '');
	const contents = o.content ?? `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
	const objects: (string | Uint8Array)[][] = [
		['<< /Type /Catalog /Pages 2 0 R >>'],
		['<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
		[
			'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'
		],
		[`<< /Length ${contents.length} >>\nstream\n${contents}\nendstream`],
		['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
		o.payload ? [`<< /Length ${o.payload.length} >>\nstream\n`, o.payload, '\nendstream'] : ['<< >>']
	];
	const parts: Uint8Array[] = [enc.encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
	parts[0] = new Uint8Array(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
	let offset = parts[0].length;
	const offsets: number[] = [];
	objects.forEach((pieces, i) => {
		offsets.push(offset);
		for (const p of [`${i + 1} 0 obj\n`, ...pieces, '\nendobj\n']) {
			const b = typeof p === 'string' ? enc.encode(p) : p;
			parts.push(b);
			offset += b.length;
		}
	});
	const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((x) => `${String(x).padStart(10, '0')} 00000 n \n`).join('')}`;
	parts.push(
		enc.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`)
	);
	return Buffer.concat(parts);
}

/** Appends objects (number → body) as an incremental update with its own xref section and /Prev. */
export function appendObjects(pdf: Uint8Array, objects: Map<number, string>): Uint8Array {
	const text = latin1(pdf);
	const size = lastSize(text, 0);
	const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1] ?? 0);
	let out = pdf.length && pdf[pdf.length - 1] !== 0x0a ? '\n' : '';
	let offset = pdf.length + out.length;
	const entries: string[] = [];
	for (const [num, body] of [...objects].sort((a, b) => a[0] - b[0])) {
		const obj = `${num} 0 obj\n${body}\nendobj\n`;
		entries.push(`${num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`);
		out += obj;
		offset += Buffer.byteLength(obj, 'latin1');
	}
	const newSize = Math.max(size, ...[...objects.keys()].map((n) => n + 1));
	out += `xref\n${entries.join('')}trailer\n<< /Size ${newSize} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${offset}\n%%EOF\n`;
	return Buffer.concat([pdf, Buffer.from(out, 'latin1')]);
}

/** Object numbers of existing signature widgets, so a new revision keeps them in /AcroForm /Fields. */
function signatureFields(text: string): number[] {
	return [
		...new Set(
			[...text.matchAll(/(\d+) 0 obj\s*<<\s*\/Type \/Annot \/Subtype \/Widget \/FT \/Sig/g)].map((m) =>
				Number(m[1])
			)
		)
	];
}

const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** Adds one signature to a PDF from `createPdf` (first or further signature) as an incremental update. */
export async function signPdf(pdf: Uint8Array, o: PdfSignOptions): Promise<Uint8Array> {
	const text = latin1(pdf);
	const size = lastSize(text, 7);
	const widget = size;
	const sigObj = size + 1;
	const fields = [...signatureFields(text), widget];
	const hexLen = o.contentsSize ?? 32768;
	const placeholderRange = '/ByteRange [0 0000000000 0000000000 0000000000]';
	const time = o.signingTime ?? new Date();
	const visible = o.appearance ? appearanceObjects(o.appearance, sigObj + 1) : [];
	const rect = o.appearance ? o.appearance.rect.join(' ') : '0 0 0 0';
	const ap = visible.length ? ` /AP << /N ${sigObj + 1} 0 R >>` : '';
	const objects = new Map<number, string>([
		...visible.map((body, i): [number, string] => [sigObj + 1 + i, body]),
		[
			1,
			`<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields.map((f) => `${f} 0 R`).join(' ')}] /SigFlags 3 >> >>`
		],
		[
			3,
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [${fields.map((f) => `${f} 0 R`).join(' ')}] >>`
		],
		[
			widget,
			`<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [${rect}] /T (Signature${fields.length}) /V ${sigObj} 0 R /P 3 0 R /F ${visible.length ? 4 : 132}${ap} >>`
		],
		[
			sigObj,
			`<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${o.subFilter ?? 'adbe.pkcs7.detached'} ${placeholderRange} /Contents <${'0'.repeat(hexLen)}> /M (${pdfDate(time)}) /Reason (${(o.reason ?? 'Ky so').replace(/[()\\]/g, '')}) >>`
		]
	]);
	const withPlaceholder = appendObjects(pdf, objects);
	const body = latin1(withPlaceholder);
	const rangeAt = body.lastIndexOf(placeholderRange);
	const contentsAt = body.indexOf('/Contents <', rangeAt) + '/Contents '.length;
	const start2 = contentsAt + hexLen + 2;
	const range = [0, contentsAt, start2, withPlaceholder.length - start2];
	const rangeText = `/ByteRange [${range.join(' ')}]`.padEnd(placeholderRange.length, ' ');
	const out = Buffer.from(withPlaceholder);
	out.write(rangeText, rangeAt, 'latin1');
	const signed = Buffer.concat([out.subarray(0, contentsAt), out.subarray(start2)]);
	const cms = await signCms({
		content: signed,
		signer: o.signer,
		chain: o.chain,
		detached: true,
		signingTime: time,
		omitSigningTime: o.omitCmsSigningTime,
		timestamp: o.timestamp,
		messageDigestOverride: o.messageDigestOverride,
		additionalSigners: o.additionalSigners
	});
	const hex = Buffer.from(cms).toString('hex');
	if (hex.length > hexLen)
		throw new Error(`CMS (${hex.length} hex) larger than the /Contents placeholder (${hexLen})`);
	out.write(hex, contentsAt + 1, 'latin1');
	return new Uint8Array(out);
}

/** An unsigned change after signing: replaces the page text in a new revision (an "incremental update"). */
export function appendIncrementalUpdate(pdf: Uint8Array, newText = 'Noi dung da sua sau khi ky'): Uint8Array {
	const contents = `BT /F1 14 Tf 72 700 Td (${newText.replace(/[()\\]/g, '')}) Tj ET`;
	return appendObjects(
		pdf,
		new Map([[4, `<< /Length ${contents.length} >>\nstream\n${contents}\nendstream`]])
	);
}

/** createPdf + signPdf: the common case of a one-signature document. */
export async function createSignedPdf(o: PdfSignOptions & PdfOptions): Promise<Uint8Array> {
	return signPdf(createPdf(o), o);
}
