// A minimal reader of PDF content streams (ISO 32000-1 §7.8.2, §8.4.4, §9.4): enough of the graphics and text
// state to say where text is shown, in which font and size, and where images are painted. Operators kept: q Q cm
// (§8.4.4), BT ET Tf Td TD Tm T* TL Tj TJ ' " (§9.4), Do (§8.8, form XObjects followed, §8.10), BI…EI skipped
// (§8.9.7). Glyph widths are not read: a run's width is estimated at half its font size per character, which is
// enough to tell whether a line sits above, below or beside a box. Strings are read as PDFDocEncoding (latin1)
// unless they open with a UTF-16BE byte order mark (§7.9.2.2). Bounded: at most MAX_OPS operators in all.

/** [a b c d e f]: a point [x y 1] maps to [x y 1] × M (§8.3.3). */
export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
	return [
		m[0] * n[0] + m[1] * n[2],
		m[0] * n[1] + m[1] * n[3],
		m[2] * n[0] + m[3] * n[2],
		m[2] * n[1] + m[3] * n[3],
		m[4] * n[0] + m[5] * n[2] + n[4],
		m[4] * n[1] + m[5] * n[3] + n[5]
	];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
	return [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}

/** An axis-aligned box [x1 y1 x2 y2] in page space. */
export type Box = [number, number, number, number];

/** The bounding box of the unit square (an image's space, §8.9.4) or of `box` under `m`. */
export function transformBox(m: Matrix, box: Box = [0, 0, 1, 1]): Box {
	const pts = [
		apply(m, box[0], box[1]),
		apply(m, box[2], box[1]),
		apply(m, box[0], box[3]),
		apply(m, box[2], box[3])
	];
	const xs = pts.map((p) => p[0]);
	const ys = pts.map((p) => p[1]);
	return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export interface TextRun {
	text: string;
	/** Font resource's /BaseFont (subset prefix removed), or the resource name when unknown. */
	font: string | null;
	/** Size as shown on the page (Tf size scaled by the text and transformation matrices). */
	size: number;
	/** Baseline start, and the estimated end, in page space. */
	x: number;
	y: number;
	width: number;
}

export interface ImageDraw {
	name: string;
	box: Box;
}

export type XObject =
	{ kind: 'image' } | { kind: 'form'; content: Uint8Array; matrix: Matrix; resolve: Resources } | null;

/** How names in a content stream's resources resolve (§7.8.3). */
export interface Resources {
	font(name: string): string | null;
	xobject(name: string): XObject;
}

export interface ContentRead {
	texts: TextRun[];
	images: ImageDraw[];
}

const MAX_OPS = 200_000;
const MAX_DEPTH = 8;

type Operand = number | string | { name: string } | Operand[] | null;

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

function decodeText(bytes: number[]): string {
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		let s = '';
		for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
		return s;
	}
	return String.fromCharCode(...bytes);
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };

class Lexer {
	i = 0;
	constructor(private readonly b: Uint8Array) {}

	private literal(): string {
		const out: number[] = [];
		let depth = 1;
		this.i++;
		while (this.i < this.b.length) {
			const c = this.b[this.i++]!;
			if (c === 0x5c) {
				const e = this.b[this.i++];
				if (e === undefined) break;
				const ch = String.fromCharCode(e);
				if (ch in ESCAPES) out.push(ESCAPES[ch]!);
				else if (e >= 0x30 && e <= 0x37) {
					let v = e - 0x30;
					for (let k = 0; k < 2 && this.b[this.i]! >= 0x30 && this.b[this.i]! <= 0x37; k++)
						v = v * 8 + this.b[this.i++]! - 0x30;
					out.push(v & 0xff);
				} else if (e !== 0x0a && e !== 0x0d) out.push(e);
			} else if (c === 0x28) {
				depth++;
				out.push(c);
			} else if (c === 0x29) {
				if (--depth === 0) break;
				out.push(c);
			} else out.push(c);
		}
		return decodeText(out);
	}

	private hex(): string {
		const end = this.b.indexOf(0x3e, this.i);
		const stop = end < 0 ? this.b.length : end;
		const digits = Buffer.from(this.b.subarray(this.i + 1, stop))
			.toString('latin1')
			.replace(/[^0-9a-fA-F]/g, '');
		this.i = stop + 1;
		const padded = digits.length % 2 ? `${digits}0` : digits;
		return decodeText([...Buffer.from(padded, 'hex')]);
	}

	/** The next token: an operand, or an operator as `{ op }`; null at the end. */
	next(): Operand | { op: string } | undefined {
		const b = this.b;
		for (;;) {
			while (this.i < b.length && WHITE.has(b[this.i]!)) this.i++;
			if (b[this.i] !== 0x25) break;
			while (this.i < b.length && b[this.i] !== 0x0a && b[this.i] !== 0x0d) this.i++;
		}
		if (this.i >= b.length) return undefined;
		const c = b[this.i]!;
		if (c === 0x28) return this.literal();
		if (c === 0x3c && b[this.i + 1] !== 0x3c) return this.hex();
		if (c === 0x3c || c === 0x3e) {
			this.i += 2; // dictionaries (in BDC, inline images) are not needed: their tokens are dropped
			return null;
		}
		if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
			this.i++;
			return { op: String.fromCharCode(c) };
		}
		const start = this.i;
		this.i++;
		while (this.i < b.length && !WHITE.has(b[this.i]!) && !DELIM.has(b[this.i]!)) this.i++;
		const word = Buffer.from(b.subarray(start, this.i)).toString('latin1');
		if (c === 0x2f) return { name: word.slice(1) };
		if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
		return { op: word };
	}

	/** Skips inline image data after ID up to the EI that ends it (§8.9.7). */
	skipInlineImage(): void {
		for (let at = this.i; at < this.b.length - 2; at++)
			if (
				this.b[at] === 0x45 &&
				this.b[at + 1] === 0x49 &&
				WHITE.has(this.b[at - 1]!) &&
				(at + 2 >= this.b.length || WHITE.has(this.b[at + 2]!))
			) {
				this.i = at + 2;
				return;
			}
		this.i = this.b.length;
	}
}

const num = (o: Operand | undefined): number => (typeof o === 'number' ? o : 0);
const scaleOf = (m: Matrix) => Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));

interface Budget {
	ops: number;
}

function run(
	content: Uint8Array,
	res: Resources,
	ctm0: Matrix,
	out: ContentRead,
	depth: number,
	budget: Budget
) {
	const lex = new Lexer(content);
	const stack: { ctm: Matrix; font: string | null; size: number; leading: number }[] = [];
	let ctm = ctm0;
	let font: string | null = null;
	let size = 0;
	let leading = 0;
	let tm: Matrix = IDENTITY;
	let tlm: Matrix = IDENTITY;
	let operands: Operand[] = [];
	const arrays: Operand[][] = [];
	const show = (text: string) => {
		const trm = multiply(multiply([size, 0, 0, size, 0, 0], tm), ctm);
		const [x, y] = apply(trm, 0, 0);
		const width = 0.5 * text.length;
		const [xe] = apply(trm, width, 0);
		out.texts.push({ text, font, size: Math.round(scaleOf(trm) * 100) / 100, x, y, width: xe - x });
		tm = multiply([1, 0, 0, 1, width * size, 0], tm);
	};
	const newLine = (tx: number, ty: number) => {
		tlm = multiply([1, 0, 0, 1, tx, ty], tlm);
		tm = tlm;
	};
	for (let tok = lex.next(); tok !== undefined; tok = lex.next()) {
		if (tok === null || typeof tok !== 'object' || !('op' in tok)) {
			(arrays.at(-1) ?? operands).push(tok as Operand);
			continue;
		}
		const op = tok.op;
		if (op === '[') {
			arrays.push([]);
			continue;
		}
		if (op === ']') {
			const a = arrays.pop() ?? [];
			(arrays.at(-1) ?? operands).push(a);
			continue;
		}
		if (++budget.ops > MAX_OPS) return;
		const o = operands;
		operands = [];
		if (op === 'q') stack.push({ ctm, font, size, leading });
		else if (op === 'Q') {
			const s = stack.pop();
			if (s) ({ ctm, font, size, leading } = s);
		} else if (op === 'cm' && o.length >= 6) ctm = multiply(o.slice(-6).map(num) as Matrix, ctm);
		else if (op === 'BT') tm = tlm = IDENTITY;
		else if (op === 'Tf' && o.length >= 2) {
			const n = o.at(-2);
			font = n && typeof n === 'object' && 'name' in n ? res.font(n.name) : null;
			size = num(o.at(-1));
		} else if (op === 'TL') leading = num(o.at(-1));
		else if (op === 'Td') newLine(num(o.at(-2)), num(o.at(-1)));
		else if (op === 'TD') {
			leading = -num(o.at(-1));
			newLine(num(o.at(-2)), num(o.at(-1)));
		} else if (op === 'Tm' && o.length >= 6) tm = tlm = o.slice(-6).map(num) as Matrix;
		else if (op === 'T*') newLine(0, -leading);
		else if (op === 'Tj' && typeof o.at(-1) === 'string') show(o.at(-1) as string);
		else if (op === "'" || op === '"') {
			newLine(0, -leading);
			if (typeof o.at(-1) === 'string') show(o.at(-1) as string);
		} else if (op === 'TJ' && Array.isArray(o.at(-1))) {
			const parts = (o.at(-1) as Operand[]).filter((p): p is string => typeof p === 'string');
			show(parts.join(''));
		} else if (op === 'ID') lex.skipInlineImage();
		else if (op === 'Do') {
			const n = o.at(-1);
			if (!n || typeof n !== 'object' || !('name' in n)) continue;
			const x = res.xobject(n.name);
			if (x?.kind === 'image') out.images.push({ name: n.name, box: transformBox(ctm) });
			else if (x?.kind === 'form' && depth < MAX_DEPTH)
				run(x.content, x.resolve, multiply(x.matrix, ctm), out, depth + 1, budget);
		}
	}
}

/** The text runs and image draws of a content stream drawn under `ctm` (a page: identity). */
export function readContent(content: Uint8Array, res: Resources, ctm: Matrix = IDENTITY): ContentRead {
	const out: ContentRead = { texts: [], images: [] };
	run(content, res, ctm, out, 0, { ops: 0 });
	return out;
}
