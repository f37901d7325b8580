// PDF document time-stamps (ETSI EN 319 142-1 §5.4: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): an RFC 3161
// token whose imprint is taken over the /ByteRange of its own revision. It is validated as any time-stamp
// (ETSI EN 319 102-1 §5.4) and, when valid, is a proof of existence at genTime of every signature its range
// covers whole (the revisions before it), as PAdES B-LT/LTA validation uses it (EN 319 102-1 §5.6.2.3).
import type { PdfSignatureField } from './pdf-signatures';
import type { TimestampFact } from './signature-facts';
import { timestampFact, type JudgeContext } from './signature-verdict';
import { verifyTimestampToken, type TimestampCheck } from './timestamp';

export interface DocumentTimestamp {
	check: TimestampCheck;
	fact: TimestampFact;
}

export const isDocumentTimestamp = (f: PdfSignatureField) => f.subFilter === 'ETSI.RFC3161';

/** Checks every document time-stamp of the file once, before the signatures that lean on them. */
export async function verifyDocumentTimestamps(
	pdf: Uint8Array,
	fields: readonly PdfSignatureField[],
	ctx: Pick<JudgeContext, 'validateTsa' | 'recordTimestamp'>
): Promise<Map<PdfSignatureField, DocumentTimestamp>> {
	const out = new Map<PdfSignatureField, DocumentTimestamp>();
	for (const field of fields) {
		if (!isDocumentTimestamp(field) || field.error || !field.contents) continue;
		const [a, b, c, d] = field.byteRange as [number, number, number, number];
		const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
		const check = await verifyTimestampToken(field.contents, signed, ctx.validateTsa);
		ctx.recordTimestamp?.(field.contents, check);
		out.set(field, { check, fact: timestampFact('document', field.contents, check) });
	}
	return out;
}

/** The document time-stamps whose signed bytes include the whole of `field` (its revision ends before them). */
export function coveringTimestamps(
	field: PdfSignatureField,
	stamps: ReadonlyMap<PdfSignatureField, DocumentTimestamp>
): TimestampFact[] {
	const end = (field.byteRange[2] ?? 0) + (field.byteRange[3] ?? 0);
	const out: TimestampFact[] = [];
	for (const [ts, r] of stamps) if (ts !== field && end <= (ts.byteRange[1] ?? 0)) out.push(r.fact);
	return out;
}
