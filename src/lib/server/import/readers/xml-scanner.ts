// A small streaming XML scanner for the parts of an .xlsx (sheets, shared strings, styles, the
// workbook): text comes in chunks, tags and text go out to a handler. It knows elements, their raw
// attribute text, character data, comments, CDATA and processing instructions, which is all that
// spreadsheet XML uses; it expands no entity beyond the five predefined and character references,
// so a hostile DTD costs nothing. Element names lose their namespace prefix ("x:row" is "row").
export interface XmlHandler {
	open(name: string, attrs: string, selfClosing: boolean): void;
	close(name: string): void;
	/** Character data between tags: raw (entities not yet expanded) unless `cdata`. */
	text(raw: string, cdata: boolean): void;
}

export class XmlTooLong extends Error {
	constructor(limit: number) {
		super(`một thẻ hoặc đoạn văn bản XML dài hơn ${Math.round(limit / 1024 / 1024)} MiB`);
		this.name = 'XmlTooLong';
	}
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

export class XmlScanner {
	private pending = '';

	/** `maxPending`: the longest tag or text the scanner keeps waiting for its end. */
	constructor(
		private readonly handler: XmlHandler,
		private readonly maxPending = 8 * 1024 * 1024
	) {}

	write(chunk: string): void {
		const s = this.pending + chunk;
		const n = s.length;
		let i = 0;
		while (i < n) {
			const lt = s.indexOf('<', i);
			if (lt < 0) break;
			if (lt > i) this.handler.text(s.slice(i, lt), false);
			i = lt;
			const next = s.charCodeAt(lt + 1);
			let end: number;
			if (next === 33 /* ! */) {
				if (s.startsWith('<![CDATA[', lt)) {
					end = s.indexOf(']]>', lt + 9);
					if (end < 0) break;
					this.handler.text(s.slice(lt + 9, end), true);
					i = end + 3;
				} else if (s.startsWith('<!--', lt)) {
					end = s.indexOf('-->', lt + 4);
					if (end < 0) break;
					i = end + 3;
				} else {
					// A DOCTYPE: skipped, its entities never expanded (a spreadsheet part has none).
					end = s.indexOf('>', lt + 2);
					if (end < 0) break;
					i = end + 1;
				}
				continue;
			}
			if (next === 63 /* ? */) {
				end = s.indexOf('?>', lt + 2);
				if (end < 0) break;
				i = end + 2;
				continue;
			}
			// The tag's end: the first '>' outside a quoted attribute value.
			let j = lt + 1;
			let quote = 0;
			for (; j < n; j++) {
				const c = s.charCodeAt(j);
				if (quote) {
					if (c === quote) quote = 0;
				} else if (c === 34 || c === 39) quote = c;
				else if (c === 62) break;
			}
			if (j >= n) break;
			if (next === 47 /* / */) this.handler.close(localName(s.slice(lt + 2, j).trim()));
			else {
				const selfClosing = s.charCodeAt(j - 1) === 47;
				const body = s.slice(lt + 1, selfClosing ? j - 1 : j);
				const space = body.search(/\s/);
				const name = localName(space < 0 ? body : body.slice(0, space));
				this.handler.open(name, space < 0 ? '' : body.slice(space), selfClosing);
				if (selfClosing) this.handler.close(name);
			}
			i = j + 1;
		}
		this.pending = i < n ? s.slice(i) : '';
		if (this.pending.length > this.maxPending) throw new XmlTooLong(this.maxPending);
	}

	/** Text left after the last tag (ignored in a well-formed part: only whitespace can follow the root). */
	end(): void {
		this.pending = '';
	}
}

/** The attributes of a tag's raw attribute text; names lose their namespace prefix. */
export function parseAttributes(attrs: string): Record<string, string> {
	const out: Record<string, string> = {};
	if (!attrs) return out;
	const re = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
	for (let m = re.exec(attrs); m; m = re.exec(attrs))
		out[localName(m[1]!)] = decodeXmlText(m[2] ?? m[3] ?? '');
	return out;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Expands the predefined entities and character references. */
export function decodeXmlText(raw: string): string {
	if (!raw.includes('&')) return raw;
	return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, e: string) => {
		if (e[0] === '#') {
			const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
		}
		return NAMED[e] ?? all;
	});
}

/** Excel writes characters XML cannot hold as _xHHHH_ (ECMA-376 ST_Xstring); "_x005F_" escapes an underscore. */
export function decodeExcelEscapes(s: string): string {
	if (!s.includes('_x')) return s;
	return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
