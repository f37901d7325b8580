// A signed PDF read through its cross-reference data (pdf-document.ts): the signature fields of every revision's
// /AcroForm (ISO 32000-1 §12.7.3, §12.8.1; a field a later revision drops is still verified, and flagged), their
// signature dictionaries where the xref puts them, the /DSS of the newest catalog, and what each later revision
// changed (pdf-revisions.ts). When the cross-reference data is damaged the file is scanned instead
// (pdf-signatures.ts scanPdf) and the result says so; a file without any cross-reference data (a hand-made
// fragment) is scanned the same way.
import { asBuffer } from './bytes';
import { nameValue, refNum, refNums } from './pdf-dict';
import { PdfDocument } from './pdf-document';
import { parsePdfDate } from './pdf-date';
import { decodeStream } from './pdf-objects';
import { changesAfter } from './pdf-revisions';
import {
	coversRest,
	gapContents,
	hexBytes,
	rangeInFile,
	rangeNumbers,
	scanPdf,
	type PdfDss,
	type PdfScan,
	type PdfSignatureField
} from './pdf-signatures';
import { PdfXrefError, type PdfObject } from './pdf-xref';

export interface PdfRead extends PdfScan {
	/** How the file was read; `scan` with `xrefProblem` set when the cross-reference data was unusable. */
	method: 'xref' | 'scan';
	xrefProblem: string | null;
	/** Number of revisions (cross-reference sections), when read by the xref. */
	revisions: number | null;
}

const MAX_FIELDS = 10_000;

interface FoundSig {
	num: number;
	name: string | null;
	rev: number;
}

/** Signature values (/V of /FT /Sig fields, inherited through /Kids) of the /AcroForm in revision `rev`. */
function signatureValues(doc: PdfDocument, rev: number, out: Map<string, FoundSig>): Set<number> {
	const here = new Set<number>();
	const root = doc.root(rev);
	const catalog = root === null ? null : doc.get(root, rev);
	const form = doc.dictOf(catalog?.dict?.get('AcroForm'), rev);
	// Pushed, not mapped (see rangeNumbers in pdf-signatures.ts).
	const stack: { num: number; ft: string | null; name: string | null; depth: number }[] = [];
	for (const num of refNums(form?.get('Fields'))) stack.push({ num, ft: null, name: null, depth: 0 });
	const seen = new Set<number>();
	while (stack.length) {
		const f = stack.pop()!;
		if (seen.has(f.num) || seen.size > MAX_FIELDS || f.depth > 32) continue;
		seen.add(f.num);
		const d = doc.get(f.num, rev)?.dict;
		if (!d) continue;
		const ft = nameValue(d.get('FT')) ?? f.ft;
		const t = /^\(((?:[^()\\]|\\.){0,256})\)$/.exec(d.get('T')?.trim() ?? '')?.[1];
		const name = t === undefined ? f.name : f.name ? `${f.name}.${t}` : t;
		for (const kid of refNums(d.get('Kids'))) stack.push({ num: kid, ft, name, depth: f.depth + 1 });
		const v = refNum(d.get('V'));
		if (ft !== 'Sig' || v === null) continue;
		here.add(v);
		const key = `${v}${doc.location(v, rev)}`;
		if (!out.has(key)) out.set(key, { num: v, name, rev });
	}
	return here;
}

function fieldFrom(doc: PdfDocument, found: FoundSig, o: PdfObject): PdfSignatureField {
	const b = doc.bytes;
	const d = o.dict!;
	const field: PdfSignatureField = {
		byteRange: rangeNumbers((d.get('ByteRange') ?? '').replace(/[[\]]/g, ' ')),
		contents: null,
		subFilter: null,
		type: null,
		fieldName: found.name,
		objectNumber: o.num,
		error: null,
		coversWholeDocument: false
	};
	field.subFilter = nameValue(d.get('SubFilter'));
	const type = nameValue(d.get('Type'));
	field.type = type === 'Sig' || type === 'DocTimeStamp' ? type : null;
	const m = /^\((D:[0-9+\-Z']{4,30})\)$/.exec(d.get('M')?.trim() ?? '')?.[1];
	field.signingTime = m ? parsePdfDate(m) : null;
	if (!d.has('ByteRange')) {
		field.error = 'từ điển chữ ký không có /ByteRange';
		return field;
	}
	if (!rangeInFile(field, b.length)) return field;
	const [, gapStart, gapEnd, tail] = field.byteRange as [number, number, number, number];
	if (o.container) {
		// As the scanner requires: only the object stream's data may be left out, holding only signature dictionaries.
		field.inObjectStream = true;
		if (gapStart !== o.container.dataStart || gapEnd !== o.container.dataEnd) {
			field.error =
				'/ByteRange của chữ ký nằm trong luồng đối tượng không loại trừ đúng dữ liệu của luồng đó';
			return field;
		}
		if (
			doc
				.objStmMembers(o.container.num, found.rev)
				.some((n) => !doc.get(n, found.rev)?.dict?.has('ByteRange'))
		) {
			field.error = 'luồng đối tượng chứa chữ ký còn chứa đối tượng khác không được chữ ký bảo vệ';
			return field;
		}
		const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(d.get('Contents')?.trim() ?? '');
		if (!hex) {
			field.error = 'thiếu /Contents dạng chuỗi hex';
			return field;
		}
		field.contents = hexBytes((hex[1] ?? '').replace(/\s+/g, ''));
	} else {
		// The gap must be this dictionary's own /Contents hex string.
		const inside = gapStart > o.at && gapEnd <= o.at + 64 + o.textLength;
		field.contents = inside ? gapContents(b, gapStart, gapEnd) : null;
		if (!field.contents) {
			field.error = '/ByteRange không loại trừ đúng giá trị /Contents của chữ ký';
			return field;
		}
	}
	field.coversWholeDocument = coversRest(b, gapEnd + tail);
	return field;
}

/** The revision a signature closes: the newest whose cross-reference section starts before its range ends. */
function revisionOf(doc: PdfDocument, field: PdfSignatureField, fallback: number): number {
	const end = (field.byteRange[2] ?? 0) + (field.byteRange[3] ?? 0);
	let rev = -1;
	for (let k = 0; k <= doc.last; k++) if (doc.sections[k]!.offset < end) rev = k;
	return rev < 0 ? fallback : rev;
}

function readDss(doc: PdfDocument): PdfDss {
	const dss: PdfDss = { certs: [], crls: [], ocsps: [] };
	const root = doc.root();
	const d = doc.dictOf(root === null ? undefined : doc.get(root)?.dict?.get('DSS'));
	if (!d) return dss;
	for (const [key, list] of [
		['Certs', dss.certs],
		['CRLs', dss.crls],
		['OCSPs', dss.ocsps]
	] as const) {
		for (const n of refNums(d.get(key)).slice(0, 1000)) {
			const o = doc.get(n);
			if (!o?.stream) continue;
			try {
				list.push(decodeStream(doc.bytes.subarray(o.stream[0], o.stream[1]), o.text));
			} catch {
				// An undecodable DSS entry is left out, as the scanner does.
			}
		}
	}
	return dss;
}

function readByXref(b: Buffer): PdfRead {
	const doc = PdfDocument.open(b);
	const found = new Map<string, FoundSig>();
	let latest = new Set<number>();
	for (let rev = 0; rev <= doc.last; rev++) latest = signatureValues(doc, rev, found);
	const signatures: PdfSignatureField[] = [];
	for (const f of found.values()) {
		const o = doc.get(f.num, f.rev);
		if (!o?.dict) continue;
		const field = fieldFrom(doc, f, o);
		if (!latest.has(f.num)) field.removedLater = true;
		if (!field.error) field.changes = changesAfter(doc, revisionOf(doc, field, f.rev));
		signatures.push(field);
	}
	// Oldest first, as the scanner returns them (by where their signed range ends).
	signatures.sort((x, y) => end(x) - end(y));
	return { signatures, dss: readDss(doc), method: 'xref', xrefProblem: null, revisions: doc.revisionCount };
}

const end = (f: PdfSignatureField) => (f.byteRange[2] ?? 0) + (f.byteRange[3] ?? 0);

export function readPdf(pdf: Uint8Array): PdfRead {
	const b = asBuffer(pdf);
	let problem: string;
	try {
		return readByXref(b);
	} catch (e) {
		if (!(e instanceof PdfXrefError)) throw e;
		problem = e.message;
	}
	return { ...scanPdf(b), method: 'scan', xrefProblem: problem, revisions: null };
}
