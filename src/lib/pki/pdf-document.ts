// A PDF opened through its cross-reference sections (pdf-xref.ts): objects looked up by number in any revision
// (revision k sees the entries of sections k, k-1, …, 0; ISO 32000-1 §7.5.6), plain objects read at their offset
// and packed ones from their object stream (§7.5.7: /N pairs "number offset" before /First, FlateDecode). Each
// object stream is decoded once per file offset; reads are bounded like the scanner's. A broken entry is a
// PdfXrefError (the caller scans the file instead); a broken object stream the entries point to rightly is a
// PdfFormatError, which the scanner would meet as well (it may hide a signature field): FORMAT_FAILURE.
import { inflateSync } from 'node:zlib';
import { dictOfText } from './pdf-bytes';
import { refNum } from './pdf-dict';
import { PdfFormatError } from './pdf-objects';
import {
	PdfXrefError,
	readObjectAt,
	readXrefSections,
	rootOf,
	type PdfObject,
	type XrefEntry,
	type XrefSection
} from './pdf-xref';

const MAX_INFLATE = 16 * 1024 * 1024;
const MAX_INFLATE_TOTAL = 64 * 1024 * 1024;

interface DecodedObjStm {
	offsets: number[];
	nums: number[];
	first: number;
	data: Buffer;
	range: [number, number];
	num: number;
}

export class PdfDocument {
	readonly sections: XrefSection[];
	/** The newest revision's entries, merged once: most look-ups are there. */
	private readonly latest = new Map<number, XrefEntry>();
	private readonly plainCache = new Map<number, PdfObject>();
	private readonly objStms = new Map<number, DecodedObjStm>();
	private inflated = 0;
	/** The object being read at an offset, whose indirect /Length lengthOf resolves. */
	private reading = -1;
	/** An indirect /Length (one function per document, not a closure per object read). */
	private readonly lengthOf = (ref: string): number | null => {
		const n = refNum(ref);
		const l = n === null || n === this.reading ? null : this.get(n)?.text;
		return l !== undefined && l !== null && /^\d+$/.test(l) ? Number(l) : null;
	};

	private constructor(
		readonly bytes: Buffer,
		sections: XrefSection[]
	) {
		this.sections = sections;
		for (const s of sections) for (const [num, e] of s.entries) this.latest.set(num, e);
	}

	/** Opens the file through its cross-reference data; a PdfXrefError when that data is damaged. */
	static open(bytes: Buffer): PdfDocument {
		const doc = new PdfDocument(bytes, readXrefSections(bytes));
		if (doc.root() === null) throw new PdfXrefError('trailer không có /Root');
		return doc;
	}

	get revisionCount(): number {
		return this.sections.length;
	}

	/** Index of the newest revision. */
	get last(): number {
		return this.sections.length - 1;
	}

	entry(num: number, rev = this.last): XrefEntry | null {
		if (rev === this.last) return this.latest.get(num) ?? null;
		for (let k = rev; k >= 0; k--) {
			const e = this.sections[k]!.entries.get(num);
			if (e) return e;
		}
		return null;
	}

	/** The catalog's object number in revision `rev`. */
	root(rev = this.last): number | null {
		return rootOf(this.sections, rev);
	}

	/** Object `num` as revision `rev` sees it; null when free or absent. Damaged entries throw PdfXrefError. */
	get(num: number, rev = this.last): PdfObject | null {
		const e = this.entry(num, rev);
		if (!e || e.kind === 'free') return null;
		if (e.kind === 'plain') return this.plainAt(e.offset, num);
		const stm = this.objStm(e.stream, rev);
		const i = e.index;
		if (i >= stm.nums.length || stm.nums[i] !== num)
			throw new PdfXrefError(`đối tượng ${num} không ở vị trí ${i} của luồng đối tượng ${stm.num}`);
		const from = stm.first + stm.offsets[i]!;
		const to = i + 1 < stm.offsets.length ? stm.first + stm.offsets[i + 1]! : stm.data.length;
		const text = stm.data.toString('latin1', from, to).trim();
		return {
			num,
			text,
			textLength: text.length,
			dict: text.startsWith('<<') ? dictOfText(text) : null,
			stream: null,
			container: { num: stm.num, dataStart: stm.range[0], dataEnd: stm.range[1] },
			at: stm.range[0]
		};
	}

	/** The dictionary of object `num` (or the inline dictionary `value`), or null. */
	dictOf(value: string | undefined, rev = this.last): Map<string, string> | null {
		if (value === undefined) return null;
		const num = refNum(value);
		if (num !== null) return this.get(num, rev)?.dict ?? null;
		return dictOfText(value);
	}

	/** Where the entry of `num` in revision `rev` points: an identity to compare two revisions' copies cheaply. */
	location(num: number, rev: number): string | null {
		const e = this.entry(num, rev);
		if (!e || e.kind === 'free') return null;
		if (e.kind === 'plain') return `@${e.offset}`;
		const s = this.entry(e.stream, rev);
		return `${e.index}#${s?.kind === 'plain' ? s.offset : '?'}`;
	}

	private plainAt(offset: number, num: number): PdfObject {
		if (offset >= this.bytes.length)
			throw new PdfXrefError(`vị trí ${offset} của đối tượng ${num} nằm ngoài tệp`);
		let o = this.plainCache.get(offset);
		if (!o) {
			this.reading = num;
			o = readObjectAt(this.bytes, offset, num, this.lengthOf);
			this.plainCache.set(offset, o);
		}
		if (o.num !== num) throw new PdfXrefError(`mục tham chiếu chéo của đối tượng ${num} trỏ sai vị trí`);
		return o;
	}

	private objStm(num: number, rev: number): DecodedObjStm {
		const e = this.entry(num, rev);
		if (!e || e.kind !== 'plain') throw new PdfXrefError(`luồng đối tượng ${num} không có trong bảng`);
		const cached = this.objStms.get(e.offset);
		if (cached) return cached;
		const o = this.plainAt(e.offset, num);
		if (!o.dict || o.dict.get('Type')?.trim() !== '/ObjStm' || !o.stream)
			throw new PdfXrefError(`đối tượng ${num} không phải luồng đối tượng`);
		const n = Number(o.dict.get('N'));
		const first = Number(o.dict.get('First'));
		const filter = o.dict.get('Filter')?.replace(/[[\]\s]/g, '');
		const raw = this.bytes.subarray(o.stream[0], o.stream[1]);
		let data: Buffer;
		if (!filter) data = Buffer.from(raw);
		else if (filter === '/FlateDecode' || filter === '/Fl') {
			try {
				data = inflateSync(raw, {
					maxOutputLength: Math.max(1, Math.min(MAX_INFLATE, MAX_INFLATE_TOTAL - this.inflated))
				});
			} catch (err) {
				throw new PdfFormatError(`luồng đối tượng ${num} hỏng: ${(err as Error).message}`);
			}
		} else throw new PdfFormatError(`luồng đối tượng ${num}: bộ lọc không hỗ trợ ${filter}`);
		this.inflated += data.length;
		if (!Number.isSafeInteger(n) || !Number.isSafeInteger(first) || first > data.length || n < 0)
			throw new PdfFormatError(`luồng đối tượng ${num} thiếu /N hoặc /First`);
		const ints = data.toString('latin1', 0, first).trim().split(/\s+/).map(Number);
		if (ints.length < 2 * n || ints.some((x) => !Number.isSafeInteger(x)))
			throw new PdfFormatError(`luồng đối tượng ${num}: phần đầu không đúng /N cặp số`);
		const nums: number[] = [];
		const offsets: number[] = [];
		for (let i = 0; i < n; i++) {
			nums.push(ints[2 * i]!);
			offsets.push(ints[2 * i + 1]!);
			if (first + offsets[i]! > data.length || (i > 0 && offsets[i]! < offsets[i - 1]!))
				throw new PdfFormatError(`luồng đối tượng ${num}: vị trí đối tượng sai`);
		}
		const d: DecodedObjStm = { offsets, nums, first, data, range: o.stream, num };
		this.objStms.set(e.offset, d);
		return d;
	}

	/** Object numbers held by the object stream `num` in revision `rev`. */
	objStmMembers(num: number, rev = this.last): number[] {
		return this.objStm(num, rev).nums;
	}
}
