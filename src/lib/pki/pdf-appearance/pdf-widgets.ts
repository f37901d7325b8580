// The visible side of a signed PDF, read through its cross-reference data (pdf-document.ts): the pages in order
// (the page tree, ISO 32000-1 §7.7.3, /MediaBox inherited), each signature field's widget (§12.7.4.5, §12.5.6.19)
// with its /Rect, its page (/P, else the page whose /Annots holds it) and its normal appearance (/AP /N, a form
// XObject mapped onto /Rect as §12.5.5 says), and what that appearance and the page's own content show: text runs
// with their fonts and sizes, and image draws (content-stream.ts). The signing order comes from each signature
// dictionary's /ByteRange: an earlier signature covers fewer bytes.
import { intArray, nameValue, refNum, refNums } from '../pdf-dict';
import type { PdfDocument } from '../pdf-document';
import { decodeStream } from '../pdf-objects';
import type { PdfObject } from '../pdf-xref';
import {
	IDENTITY,
	multiply,
	readContent,
	transformBox,
	type Box,
	type ContentRead,
	type Matrix,
	type Resources,
	type XObject
} from './content-stream';

export interface PdfPage {
	num: number;
	/** [x1 y1 x2 y2] of /MediaBox. */
	mediaBox: Box;
	dict: Map<string, string>;
	resources: Map<string, string> | null;
}

export interface SignatureWidget {
	/** Fully qualified field name (/T of the field and its parents), or null. */
	field: string | null;
	/** 1-based page number, or null when the widget is on no page. */
	page: number | null;
	rect: Box;
	/** A /Rect of zero width or height: an invisible signature. */
	visible: boolean;
	/** Bytes covered by the signature (end of /ByteRange): the signing order. */
	coveredUpTo: number;
	/** What the normal appearance shows, in page space. */
	appearance: ContentRead;
}

const MAX_PAGES = 5000;
const MAX_FIELDS = 10_000;

const box = (v: string | undefined): Box | null => {
	const n = (v ?? '').replace(/[[\]]/g, ' ').trim().split(/\s+/).map(Number);
	if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return null;
	return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
};

const literal = (v: string | undefined): string | null => {
	const m = /^\(((?:[^()\\]|\\.){0,256})\)$/.exec(v?.trim() ?? '');
	return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
};

/** The pages in document order, with inherited /MediaBox and /Resources. */
export function readPages(doc: PdfDocument): PdfPage[] {
	const root = doc.root();
	const catalog = root === null ? null : doc.get(root)?.dict;
	const top = refNum(catalog?.get('Pages'));
	const pages: PdfPage[] = [];
	const seen = new Set<number>();
	const walk = (num: number, media: Box | null, res: string | undefined, depth: number) => {
		if (seen.has(num) || depth > 64 || pages.length >= MAX_PAGES) return;
		seen.add(num);
		const d = doc.get(num)?.dict;
		if (!d) return;
		const mb = box(d.get('MediaBox')) ?? media;
		const r = d.get('Resources') ?? res;
		if (nameValue(d.get('Type')) === 'Page' || !d.has('Kids')) {
			pages.push({ num, mediaBox: mb ?? [0, 0, 595, 842], dict: d, resources: doc.dictOf(r) });
			return;
		}
		for (const kid of refNums(d.get('Kids'))) walk(kid, mb, r, depth + 1);
	};
	if (top !== null) walk(top, null, undefined, 0);
	return pages;
}

function streamBytes(doc: PdfDocument, o: PdfObject | null): Uint8Array | null {
	if (!o?.stream) return null;
	return decodeStream(doc.bytes.subarray(o.stream[0], o.stream[1]), o.text);
}

/** Resolves font and XObject names of a resource dictionary. */
export function resourcesOf(doc: PdfDocument, res: Map<string, string> | null): Resources {
	const fonts = doc.dictOf(res?.get('Font'));
	const xobjects = doc.dictOf(res?.get('XObject'));
	return {
		font(name) {
			const f = doc.dictOf(fonts?.get(name));
			const base = nameValue(f?.get('BaseFont'));
			return base ? base.replace(/^[A-Z]{6}\+/, '').replace(/#20/g, ' ') : name;
		},
		xobject(name): XObject {
			const num = refNum(xobjects?.get(name));
			const o = num === null ? null : doc.get(num);
			if (!o?.dict) return null;
			const sub = nameValue(o.dict.get('Subtype'));
			if (sub === 'Image') return { kind: 'image' };
			if (sub !== 'Form') return null;
			const content = streamBytes(doc, o);
			if (!content) return null;
			const m = intArrayNumbers(o.dict.get('Matrix'));
			return {
				kind: 'form',
				content,
				matrix: m.length === 6 ? (m as Matrix) : IDENTITY,
				resolve: resourcesOf(doc, doc.dictOf(o.dict.get('Resources')))
			};
		}
	};
}

function intArrayNumbers(v: string | undefined): number[] {
	return (v ?? '')
		.replace(/[[\]]/g, ' ')
		.trim()
		.split(/\s+/)
		.filter((x) => x !== '')
		.map(Number)
		.filter(Number.isFinite);
}

/** What a page's own content shows (annotations not included). */
export function readPageContent(doc: PdfDocument, page: PdfPage): ContentRead {
	const v = page.dict.get('Contents');
	const parts = v?.trim().startsWith('[') ? refNums(v) : [refNum(v)].filter((n): n is number => n !== null);
	const chunks = parts.map((n) => streamBytes(doc, doc.get(n))).filter((b): b is Uint8Array => !!b);
	// The streams of one page are one content stream split anywhere between tokens (§7.8.2).
	const joined = Buffer.concat(chunks.flatMap((c) => [Buffer.from(c), Buffer.from('\n')]));
	return readContent(joined, resourcesOf(doc, page.resources));
}

/** The normal appearance of a widget drawn into its /Rect (§12.5.5: BBox under Matrix fitted to Rect). */
function readAppearance(doc: PdfDocument, d: Map<string, string>, rect: Box): ContentRead {
	const empty: ContentRead = { texts: [], images: [] };
	const ap = doc.dictOf(d.get('AP'));
	let num = refNum(ap?.get('N'));
	let o = num === null ? null : doc.get(num);
	// An appearance sub-dictionary of states: the one /AS names.
	if (o?.dict && !o.stream) {
		num = refNum(o.dict.get(nameValue(d.get('AS')) ?? ''));
		o = num === null ? null : doc.get(num);
	}
	const content = streamBytes(doc, o);
	if (!o?.dict || !content) return empty;
	const bbox = box(o.dict.get('BBox'));
	if (!bbox || bbox[2] === bbox[0] || bbox[3] === bbox[1]) return empty;
	const m = intArrayNumbers(o.dict.get('Matrix'));
	const matrix: Matrix = m.length === 6 ? (m as Matrix) : IDENTITY;
	const t = transformBox(matrix, bbox);
	const sx = (rect[2] - rect[0]) / (t[2] - t[0]);
	const sy = (rect[3] - rect[1]) / (t[3] - t[1]);
	const fit: Matrix = [sx, 0, 0, sy, rect[0] - t[0] * sx, rect[1] - t[1] * sy];
	return readContent(content, resourcesOf(doc, doc.dictOf(o.dict.get('Resources'))), multiply(matrix, fit));
}

/** Every signature field's widget in the newest revision, in signing order. */
export function readSignatureWidgets(doc: PdfDocument, pages: PdfPage[]): SignatureWidget[] {
	const root = doc.root();
	const catalog = root === null ? null : doc.get(root)?.dict;
	const form = doc.dictOf(catalog?.get('AcroForm'));
	const pageOf = new Map<number, number>();
	pages.forEach((p, i) => {
		const annots = p.dict.get('Annots');
		const arr = refNum(annots) !== null ? doc.get(refNum(annots)!)?.text : annots;
		for (const a of refNums(arr)) pageOf.set(a, i + 1);
	});
	const pageNums = new Map(pages.map((p, i) => [p.num, i + 1]));
	const out: SignatureWidget[] = [];
	const stack = refNums(form?.get('Fields')).map((num) => ({ num, ft: null as string | null, name: '' }));
	const seen = new Set<number>();
	while (stack.length) {
		const f = stack.pop()!;
		if (seen.has(f.num) || seen.size > MAX_FIELDS) continue;
		seen.add(f.num);
		const d = doc.get(f.num)?.dict;
		if (!d) continue;
		const ft = nameValue(d.get('FT')) ?? f.ft;
		const t = literal(d.get('T'));
		const name = t === null ? f.name : f.name ? `${f.name}.${t}` : t;
		const kids = refNums(d.get('Kids'));
		for (const kid of kids) stack.push({ num: kid, ft, name });
		const rect = box(d.get('Rect'));
		if (ft !== 'Sig' || !rect) continue;
		const sig = doc.dictOf(d.get('V'));
		const br = intArray(sig?.get('ByteRange'));
		const p = refNum(d.get('P'));
		const visible = rect[2] - rect[0] > 0.5 && rect[3] - rect[1] > 0.5;
		out.push({
			field: name || null,
			page: (p !== null ? pageNums.get(p) : undefined) ?? pageOf.get(f.num) ?? null,
			rect,
			visible,
			coveredUpTo: br.length === 4 ? br[2]! + br[3]! : Number.MAX_SAFE_INTEGER,
			appearance: visible ? readAppearance(doc, d, rect) : { texts: [], images: [] }
		});
	}
	return out.sort((a, b) => a.coveredUpTo - b.coveredUpTo);
}
