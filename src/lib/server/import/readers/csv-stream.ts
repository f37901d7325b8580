// A streaming RFC 4180 CSV reader: decoded text comes in chunks, records go out with the line
// they start on (so an import reports "dòng 12" for the row a user must fix). Quoted fields may
// hold the delimiter, doubled quotes and line breaks; CRLF, LF and lone CR end a record; blank
// lines are skipped; the delimiter (comma, semicolon or tab) is read off the header line, as
// Vietnamese Excel writes ';' where others write ','.
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRow {
	line: number;
	cells: string[];
	/** Set when the record is damaged (a quote never closed, a field too long). */
	problem?: string;
}

/** A field longer than this is refused (a missing quote swallowing the rest of the file, or a hostile file). */
export const MAX_CSV_FIELD = 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The delimiter that occurs most often outside quotes in the header line (comma when none does). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
	const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
	let quoted = false;
	for (const ch of headerLine) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
	}
	const best = (Object.keys(counts) as CsvDelimiter[]).sort((a, b) => counts[b] - counts[a])[0]!;
	return counts[best] > 0 ? best : ',';
}

/** The text up to the first line break outside quotes (or the whole text). */
function firstLine(text: string): string | null {
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === QUOTE) quoted = !quoted;
		else if (!quoted && (c === LF || c === CR)) return text.slice(0, i);
	}
	return null;
}

class CsvParser {
	private cells: string[] = [];
	private field = '';
	private inQuotes = false;
	/** A quote ended the last chunk inside a quoted field: the next character says if it was doubled. */
	private pendingQuote = false;
	/** A CR ended the last chunk: an LF starting the next one belongs to it. */
	private pendingCr = false;
	private line = 1;
	private recordLine = 1;
	private problem: string | undefined;
	private readonly delim: number;

	constructor(delimiter: CsvDelimiter) {
		this.delim = delimiter.charCodeAt(0);
	}

	private endRecord(out: CsvRow[], last: string): void {
		this.cells.push(last);
		const blank = this.cells.length === 1 && this.cells[0]!.trim() === '';
		if (!blank || this.problem)
			out.push({
				line: this.recordLine,
				cells: this.cells,
				...(this.problem ? { problem: this.problem } : {})
			});
		this.cells = [];
		this.field = '';
		this.problem = undefined;
	}

	push(s: string): CsvRow[] {
		const out: CsvRow[] = [];
		let i = 0;
		if (this.pendingCr) {
			this.pendingCr = false;
			if (s.charCodeAt(0) === LF) i = 1;
		}
		if (this.pendingQuote) {
			this.pendingQuote = false;
			if (s.charCodeAt(0) === QUOTE) {
				this.field += '"';
				i++;
			} else this.inQuotes = false;
		}
		let seg = i;
		const n = s.length;
		for (; i < n; i++) {
			const c = s.charCodeAt(i);
			if (this.inQuotes) {
				if (c === QUOTE) {
					if (i + 1 >= n) {
						this.field += s.slice(seg, i);
						this.pendingQuote = true;
						seg = n;
					} else if (s.charCodeAt(i + 1) === QUOTE) {
						this.field += s.slice(seg, i + 1);
						i++;
						seg = i + 1;
					} else {
						this.field += s.slice(seg, i);
						this.inQuotes = false;
						seg = i + 1;
					}
				} else if (c === LF) this.line++;
				continue;
			}
			if (c === this.delim) {
				this.cells.push(this.field + s.slice(seg, i));
				this.field = '';
				seg = i + 1;
			} else if (c === LF || c === CR) {
				this.endRecord(out, this.field + s.slice(seg, i));
				if (c === CR) {
					if (i + 1 >= n) this.pendingCr = true;
					else if (s.charCodeAt(i + 1) === LF) i++;
				}
				this.line++;
				this.recordLine = this.line;
				seg = i + 1;
			} else if (c === QUOTE && seg === i && this.field === '') {
				this.inQuotes = true;
				seg = i + 1;
			}
		}
		if (seg < n) this.field += s.slice(seg);
		if (this.field.length > MAX_CSV_FIELD) {
			this.problem ??= `ô dài hơn ${MAX_CSV_FIELD / 1024 / 1024} MiB (thiếu dấu ngoặc kép đóng?)`;
			this.field = '';
		}
		return out;
	}

	end(): CsvRow[] {
		const out: CsvRow[] = [];
		if (this.pendingQuote) this.inQuotes = false;
		if (this.inQuotes) this.problem ??= 'dấu ngoặc kép chưa đóng';
		if (this.cells.length || this.field || this.problem) this.endRecord(out, this.field);
		return out;
	}
}

/**
 * The records of a CSV text stream, the header row included. `delimiter` when known; otherwise it is read off the
 * first line. `onDelimiter` reports the one used.
 */
export async function* readCsvRows(
	text: AsyncIterable<string>,
	options: { delimiter?: CsvDelimiter; onDelimiter?: (d: CsvDelimiter) => void } = {}
): AsyncGenerator<CsvRow> {
	let parser: CsvParser | null = null;
	let head = '';
	const start = (sample: string) => {
		const d = options.delimiter ?? detectDelimiter(sample);
		options.onDelimiter?.(d);
		return new CsvParser(d);
	};
	for await (const chunk of text) {
		if (parser) {
			yield* parser.push(chunk);
			continue;
		}
		head += chunk;
		if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
		if (firstLine(head) === null && head.length < 64 * 1024) continue;
		parser = start(head);
		yield* parser.push(head);
		head = '';
	}
	if (!parser) {
		parser = start(head);
		yield* parser.push(head);
	}
	yield* parser.end();
}
