// PDF document time-stamps for tests (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.5): an incremental update with a
// /Type /DocTimeStamp dictionary, /SubFilter /ETSI.RFC3161, whose /Contents is an RFC 3161 token over the
// /ByteRange of the file as it then is (everything before it, earlier signatures included).
import { appendObjects } from './pdf-sign';
import { createTimestampToken } from './cms-sign';
import type { Issued } from './ca';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

export interface DocumentTimestampOptions {
	tsa: Issued;
	time: Date;
	/** Hex characters reserved for /Contents; default 16384. */
	contentsSize?: number;
	/** Stamps these bytes instead of the byte range (a token that does not match the file). */
	imprintOver?: Uint8Array;
}

/** Appends a document time-stamp to a PDF (signed or not) as a new revision. */
export async function addDocumentTimestamp(
	pdf: Uint8Array,
	o: DocumentTimestampOptions
): Promise<Uint8Array> {
	const text = latin1(pdf);
	const size = Number(/\/Size\s+(\d+)(?![\s\S]*\/Size\s)/.exec(text)?.[1] ?? 7);
	const widget = size;
	const tsObj = size + 1;
	const fields = [
		...new Set(
			[...text.matchAll(/(\d+) 0 obj\s*<<\s*\/Type \/Annot \/Subtype \/Widget \/FT \/Sig/g)].map((m) =>
				Number(m[1])
			)
		),
		widget
	];
	const hexLen = o.contentsSize ?? 16384;
	const placeholderRange = '/ByteRange [0 0000000000 0000000000 0000000000]';
	const refs = fields.map((f) => `${f} 0 R`).join(' ');
	const withPlaceholder = appendObjects(
		pdf,
		new Map<number, string>([
			[1, `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${refs}] /SigFlags 3 >> >>`],
			[
				3,
				`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [${refs}] >>`
			],
			[
				widget,
				`<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /T (DocTimeStamp${fields.length}) /V ${tsObj} 0 R /P 3 0 R /F 132 >>`
			],
			[
				tsObj,
				`<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${placeholderRange} /Contents <${'0'.repeat(hexLen)}> >>`
			]
		])
	);
	const body = latin1(withPlaceholder);
	const rangeAt = body.lastIndexOf(placeholderRange);
	const contentsAt = body.indexOf('/Contents <', rangeAt) + '/Contents '.length;
	const start2 = contentsAt + hexLen + 2;
	const range = [0, contentsAt, start2, withPlaceholder.length - start2];
	const out = Buffer.from(withPlaceholder);
	out.write(`/ByteRange [${range.join(' ')}]`.padEnd(placeholderRange.length, ' '), rangeAt, 'latin1');
	const signed = Buffer.concat([out.subarray(0, contentsAt), out.subarray(start2)]);
	const token = await createTimestampToken({ tsa: o.tsa, time: o.time, data: o.imprintOver ?? signed });
	const hex = Buffer.from(token).toString('hex');
	if (hex.length > hexLen) throw new Error(`token (${hex.length} hex) larger than /Contents (${hexLen})`);
	out.write(hex, contentsAt + 1, 'latin1');
	return new Uint8Array(out);
}
