// The shared strings of an .xlsx, kept compactly: one long string and the offsets of its pieces, so
// a workbook whose million rows each hold unique text does not make a million string objects. A
// string is cut out when a cell asks for it.
import type { ZipIndexEntry } from '../../../pki/zip-reader';
import type { ZipFile } from './zip-file';
import { decodeExcelEscapes, decodeXmlText, XmlScanner, XmlTooLong } from './xml-scanner';
import { scanPart } from './xlsx-part';

/** The largest shared-strings part read (its text is held for the whole read of the sheet). */
export const MAX_SHARED_STRINGS_PART = 256 * 1024 * 1024;

export class SharedStrings {
	private parts: string[] = [];
	private text = '';
	private offsets = new Uint32Array(1024);
	private count = 0;
	private length = 0;

	push(s: string): void {
		if (this.count + 1 >= this.offsets.length) {
			const grown = new Uint32Array(this.offsets.length * 2);
			grown.set(this.offsets);
			this.offsets = grown;
		}
		this.parts.push(s);
		this.length += s.length;
		this.count++;
		this.offsets[this.count] = this.length;
	}

	/** Joins the pieces once all are read. */
	seal(): void {
		this.text = this.parts.join('');
		this.parts = [];
	}

	get(i: number): string | null {
		if (!Number.isInteger(i) || i < 0 || i >= this.count) return null;
		return this.text.slice(this.offsets[i], this.offsets[i + 1]);
	}

	get size(): number {
		return this.count;
	}
}

export async function readSharedStrings(zip: ZipFile, entry: ZipIndexEntry): Promise<SharedStrings> {
	if (entry.size > MAX_SHARED_STRINGS_PART) throw new XmlTooLong(MAX_SHARED_STRINGS_PART);
	const out = new SharedStrings();
	let current: string | null = null;
	let capture = false;
	let phonetic = false;
	let buf = '';
	const scanner = new XmlScanner({
		open(name) {
			if (name === 'si') current = '';
			else if (name === 'rPh') phonetic = true;
			else if (name === 't' && current !== null && !phonetic) {
				capture = true;
				buf = '';
			}
		},
		text(raw, cdata) {
			if (capture) buf += cdata ? raw : decodeXmlText(raw);
		},
		close(name) {
			if (name === 't' && capture) {
				current = (current ?? '') + decodeExcelEscapes(buf);
				capture = false;
			} else if (name === 'rPh') phonetic = false;
			else if (name === 'si' && current !== null) {
				out.push(current);
				current = null;
			}
		}
	});
	for await (const _ of scanPart(zip, entry, scanner));
	out.seal();
	return out;
}
