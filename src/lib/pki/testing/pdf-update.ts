// Incremental updates written the way newer PDF writers do (ISO 32000-1 §7.5.8): a cross-reference stream with
// /W [1 4 2], an /Index of one-object subsections and /Prev, optionally the PNG "Up" predictor (§7.4.4.4), the new
// objects optionally packed into an object stream (§7.5.7), or a hybrid section (§7.5.8.4): a classic table for
// the plain objects whose trailer's /XRefStm names a stream listing the packed ones. For tests of the
// cross-reference reader and of modification detection; objects with stream data are always written plain.
import { deflateSync } from 'node:zlib';
import { lastSize } from './pdf-sign';

export interface XrefStreamUpdateOptions {
	/** Pack the objects without stream data into one object stream. */
	packed?: boolean;
	/** Encode the cross-reference stream with the PNG Up predictor (/Predictor 12). */
	predictor?: boolean;
	/** A classic table for the plain objects, with /XRefStm naming a stream for the packed ones. */
	hybrid?: boolean;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

function xrefRows(rows: [number, number, number][], predictor: boolean): Buffer {
	const raw = Buffer.alloc(rows.length * 7);
	rows.forEach(([t, f2, f3], i) => {
		raw.writeUInt8(t, i * 7);
		raw.writeUInt32BE(f2, i * 7 + 1);
		raw.writeUInt16BE(f3, i * 7 + 5);
	});
	if (!predictor) return deflateSync(raw);
	const out = Buffer.alloc(rows.length * 8);
	for (let r = 0; r < rows.length; r++) {
		out[r * 8] = 2; // Up
		for (let c = 0; c < 7; c++)
			out[r * 8 + 1 + c] = (raw[r * 7 + c]! - (r > 0 ? raw[(r - 1) * 7 + c]! : 0)) & 0xff;
	}
	return deflateSync(out);
}

export function appendXrefStreamUpdate(
	pdf: Uint8Array,
	objects: Map<number, string>,
	o: XrefStreamUpdateOptions = {}
): Uint8Array {
	const text = Buffer.from(pdf).toString('latin1');
	const size = lastSize(text, 0);
	const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1] ?? 0);
	const parts: Buffer[] = [Buffer.from(pdf)];
	let at = pdf.length;
	if (pdf[pdf.length - 1] !== 0x0a) {
		parts.push(latin1('\n'));
		at++;
	}
	const push = (b: Buffer) => {
		parts.push(b);
		at += b.length;
	};
	const plain = new Map<number, number>();
	const packedAt = new Map<number, number>();
	let next = Math.max(size, ...[...objects.keys()].map((n) => n + 1));
	const packable = [...objects].filter(([, body]) => o.packed && !/\bstream\b/.test(body));
	for (const [num, body] of objects) {
		if (packable.some(([n]) => n === num)) continue;
		plain.set(num, at);
		push(latin1(`${num} 0 obj\n${body}\nendobj\n`));
	}
	let stmNum = 0;
	if (packable.length) {
		stmNum = next++;
		let header = '';
		let body = '';
		packable.forEach(([num, b], i) => {
			header += `${num} ${body.length} `;
			body += `${b}\n`;
			packedAt.set(num, i);
		});
		const data = deflateSync(latin1(header + body));
		plain.set(stmNum, at);
		push(
			latin1(
				`${stmNum} 0 obj\n<< /Type /ObjStm /N ${packable.length} /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`
			)
		);
		push(data);
		push(latin1('\nendstream\nendobj\n'));
	}
	const xrefNum = next++;
	const rowsFor = (nums: number[]) =>
		nums.map((n): [number, number, number] =>
			packedAt.has(n) ? [2, stmNum, packedAt.get(n)!] : [1, plain.get(n) ?? at, 0]
		);
	const xrefStream = (nums: number[], extra: string) => {
		nums.sort((a, b) => a - b);
		const data = xrefRows(rowsFor(nums), o.predictor ?? false);
		const parms = o.predictor ? ' /DecodeParms << /Columns 7 /Predictor 12 >>' : '';
		const index = nums.map((n) => `${n} 1`).join(' ');
		const offset = at;
		push(
			latin1(
				`${xrefNum} 0 obj\n<< /Type /XRef /Size ${next} /W [1 4 2] /Index [${index}] /Root 1 0 R${extra} /Filter /FlateDecode${parms} /Length ${data.length} >>\nstream\n`
			)
		);
		push(data);
		push(latin1('\nendstream\nendobj\n'));
		return offset;
	};
	if (!o.hybrid) {
		const offset = xrefStream([...plain.keys(), ...packedAt.keys(), xrefNum], ` /Prev ${prev}`);
		push(latin1(`startxref\n${offset}\n%%EOF\n`));
		return new Uint8Array(Buffer.concat(parts));
	}
	// Hybrid: the packed objects only in the stream, the plain ones only in the table.
	const streamAt = xrefStream([...packedAt.keys()], '');
	const tableAt = at;
	const entries = [...plain]
		.sort((a, b) => a[0] - b[0])
		.map(([n, off]) => `${n} 1\n${String(off).padStart(10, '0')} 00000 n \n`)
		.join('');
	push(
		latin1(
			`xref\n${entries}${xrefNum} 1\n${String(streamAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${next} /Root 1 0 R /Prev ${prev} /XRefStm ${streamAt} >>\nstartxref\n${tableAt}\n%%EOF\n`
		)
	);
	return new Uint8Array(Buffer.concat(parts));
}
