// What changed in a PDF after a signature (ETSI EN 319 102-1 and EU DSS "modification detection"; ISO 32000-1
// §7.5.6 incremental updates, §12.8.2.2 DocMDP permissions): each signature's /ByteRange ends a revision, and every
// object a later cross-reference section lists is compared with the copy the signed revision sees. A later
// signature or document time-stamp (its dictionary, widget and field list entry) and long-term validation data
// (/DSS, ISO 32000-2 §12.8.4.3) are expected; filled form fields and annotations are reported; anything else that
// changes what the signed revision shows (page content streams, the page tree, resources, the catalog's other
// entries, a removed object) is a content change, which the validation policy weighs (`pdfModifications`). A new
// object alone changes nothing until an existing object refers to it, so only changed existing objects decide the
// kind, and new signature dictionaries and annotations are listed.
import { nameValue, normalised, refNums } from './pdf-dict';
import type { PdfDocument } from './pdf-document';
import type { PdfObject } from './pdf-xref';

export type ChangeKind = 'signature' | 'dss' | 'formFill' | 'annotation' | 'metadata' | 'content';

export interface PdfChange {
	kind: ChangeKind;
	object: number;
	/** Vietnamese description. */
	description: string;
}

/** Vietnamese names of the kinds, for the verdict's notes. */
export const CHANGE_KIND_VI: Record<ChangeKind, string> = {
	signature: 'chữ ký hoặc dấu thời gian tài liệu được thêm sau',
	dss: 'dữ liệu kiểm tra dài hạn (DSS) được thêm',
	formFill: 'điền biểu mẫu',
	annotation: 'thêm hoặc sửa chú thích',
	metadata: 'siêu dữ liệu tài liệu',
	content: 'thay đổi nội dung'
};

const ANNOT_SUBTYPES = new Set(
	'Text Link FreeText Line Square Circle Polygon PolyLine Highlight Underline Squiggly StrikeOut Stamp Caret Ink Popup FileAttachment Sound Movie Widget Screen PrinterMark TrapNet Watermark 3D Redact'.split(
		' '
	)
);

const typeOf = (o: PdfObject) => nameValue(o.dict?.get('Type'));
const isAnnot = (o: PdfObject) =>
	typeOf(o) === 'Annot' || ANNOT_SUBTYPES.has(nameValue(o.dict?.get('Subtype')) ?? '');
const isSigValue = (o: PdfObject) =>
	(typeOf(o) === 'Sig' || typeOf(o) === 'DocTimeStamp') && !!o.dict?.has('ByteRange');
const isSigField = (o: PdfObject) => nameValue(o.dict?.get('FT')) === 'Sig';

/** Keys whose values differ between two dictionaries (missing on one side counts). */
function changedKeys(a: Map<string, string>, b: Map<string, string>): string[] {
	const out: string[] = [];
	for (const [k, v] of b) {
		const old = a.get(k);
		if (old === undefined || (old !== v && normalised(old) !== normalised(v))) out.push(k);
	}
	for (const k of a.keys()) if (!b.has(k)) out.push(k);
	return out;
}

function sameObject(doc: PdfDocument, a: PdfObject, b: PdfObject): boolean {
	if (a.text !== b.text && normalised(a.text) !== normalised(b.text)) return false;
	if (!a.stream || !b.stream) return !a.stream && !b.stream;
	return doc.bytes.compare(doc.bytes, a.stream[0], a.stream[1], b.stream[0], b.stream[1]) === 0;
}

/** Classifies the change of one existing object from `old` to `now` (revision `rev` → the newest). */
function classifyChanged(doc: PdfDocument, rev: number, old: PdfObject, now: PdfObject): PdfChange {
	const num = now.num;
	const t = typeOf(now);
	const content = (what: string): PdfChange => ({ kind: 'content', object: num, description: what });
	if (!old.dict || !now.dict)
		return content(`đối tượng ${num} ${old.stream ? '(luồng dữ liệu) ' : ''}bị thay đổi`);
	const keys = changedKeys(old.dict, now.dict);
	if (t === 'Catalog') {
		const other = keys.filter((k) => k !== 'AcroForm' && k !== 'DSS');
		if (other.length)
			return content(`danh mục tài liệu (/Catalog) đổi khóa ${other.map((k) => '/' + k).join(', ')}`);
		if (keys.includes('AcroForm')) return formListChange(doc, rev, num, old, now);
		return { kind: 'dss', object: num, description: 'thêm hoặc cập nhật /DSS' };
	}
	if (t === 'Page') {
		const other = keys.filter((k) => k !== 'Annots');
		if (other.length) return content(`trang (đối tượng ${num}) đổi ${other.map((k) => '/' + k).join(', ')}`);
		const added = refNums(now.dict.get('Annots')).filter(
			(n) => !refNums(old.dict!.get('Annots')).includes(n)
		);
		const removed = refNums(old.dict.get('Annots')).filter(
			(n) => !refNums(now.dict!.get('Annots')).includes(n)
		);
		if (!removed.length && added.length && added.every((n) => isSigFieldIn(doc, n)))
			return { kind: 'signature', object: num, description: `trang (đối tượng ${num}) thêm ô chữ ký` };
		return {
			kind: 'annotation',
			object: num,
			description: `trang (đối tượng ${num}): thêm ${added.length}, bỏ ${removed.length} chú thích`
		};
	}
	if (t === 'Pages') return content(`cây trang (đối tượng ${num}) bị thay đổi`);
	if (t === 'Sig' || t === 'DocTimeStamp') return content(`từ điển chữ ký (đối tượng ${num}) bị thay thế`);
	if (t === 'Metadata' || (!t && refNums(doc.sections[doc.last]!.trailer.get('Info')).includes(num)))
		return { kind: 'metadata', object: num, description: `siêu dữ liệu (đối tượng ${num})` };
	const isField = now.dict.has('FT') || now.dict.has('Parent') || now.dict.has('T');
	if (isField && keys.every((k) => k === 'V' || k === 'AS' || k === 'AP' || k === 'MK')) {
		if (isSigField(now) && keys.includes('V'))
			return { kind: 'signature', object: num, description: `ô chữ ký (đối tượng ${num}) được ký` };
		return { kind: 'formFill', object: num, description: `trường biểu mẫu (đối tượng ${num}) được điền` };
	}
	if (isAnnot(now) && isAnnot(old))
		return {
			kind: 'annotation',
			object: num,
			description: `chú thích (đối tượng ${num}) đổi ${keys.map((k) => '/' + k).join(', ')}`
		};
	return content(
		`đối tượng ${num}${t ? ` (/${t})` : ''} đổi ${keys.map((k) => '/' + k).join(', ') || 'dữ liệu luồng'}`
	);
}

function isSigFieldIn(doc: PdfDocument, n: number): boolean {
	const o = doc.get(n);
	return !!o && isSigField(o);
}

/** The catalog's /AcroForm changed: fields added (signature or form), removed (content), or other keys (form). */
function formListChange(
	doc: PdfDocument,
	rev: number,
	num: number,
	old: PdfObject,
	now: PdfObject
): PdfChange {
	const fields = (o: PdfObject, r: number) => refNums(doc.dictOf(o.dict!.get('AcroForm'), r)?.get('Fields'));
	const before = fields(old, rev);
	const after = fields(now, doc.last);
	const removed = before.filter((n) => !after.includes(n));
	if (removed.length)
		return {
			kind: 'content',
			object: num,
			description: `trường biểu mẫu bị xóa khỏi /AcroForm: ${removed.join(', ')}`
		};
	const added = after.filter((n) => !before.includes(n));
	if (added.length && added.every((n) => isSigFieldIn(doc, n)))
		return { kind: 'signature', object: num, description: 'thêm ô chữ ký vào /AcroForm' };
	return { kind: 'formFill', object: num, description: '/AcroForm thay đổi (trường biểu mẫu)' };
}

/** Every change after revision `rev` (the revision a signature closes), in object order. */
export function changesAfter(doc: PdfDocument, rev: number): PdfChange[] {
	const touched = new Set<number>();
	for (let k = rev + 1; k <= doc.last; k++)
		for (const num of doc.sections[k]!.entries.keys()) touched.add(num);
	const out: PdfChange[] = [];
	if (doc.root(rev) !== doc.root())
		out.push({ kind: 'content', object: doc.root() ?? 0, description: 'gốc tài liệu (/Root) bị thay' });
	for (const num of [...touched].sort((a, b) => a - b)) {
		if (num === 0 || doc.location(num, rev) === doc.location(num, doc.last)) continue;
		const old = doc.get(num, rev);
		const now = doc.get(num);
		if (!now) {
			if (old)
				out.push({
					kind: isAnnot(old) ? 'annotation' : 'content',
					object: num,
					description: `đối tượng ${num} bị xóa`
				});
			continue;
		}
		const t = typeOf(now);
		if (t === 'XRef' || t === 'ObjStm') continue;
		if (!old) {
			if (isSigValue(now))
				out.push({
					kind: 'signature',
					object: num,
					description: t === 'DocTimeStamp' ? 'dấu thời gian tài liệu được thêm' : 'chữ ký được thêm'
				});
			else if (isAnnot(now) && !isSigField(now))
				out.push({ kind: 'annotation', object: num, description: `chú thích mới (đối tượng ${num})` });
			continue;
		}
		if (sameObject(doc, old, now)) continue;
		out.push(classifyChanged(doc, rev, old, now));
	}
	return out;
}
