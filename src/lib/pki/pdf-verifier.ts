// Verification of every signature in a PDF (ISO 32000-1 12.8, PAdES baseline per ETSI EN 319 142-1): the CMS in
// /Contents over the /ByteRange slices, sub-filters adbe.pkcs7.detached and ETSI.CAdES.detached, document
// time-stamps (ETSI.RFC3161), DSS revocation data, and what changed after each signature (pdf-revisions.ts):
// later signatures, form fill and annotations noted, content changes weighed by the policy's `pdfModifications`.
import { CmsFormatError, crlDers, parseCms } from './cms';
import type { ParsedCert } from './certificate';
import { readPdf } from './pdf-reader';
import { changeNotes } from './pdf-change-notes';
import type { PdfSignatureField } from './pdf-signatures';
import { judgeSignatureFacts } from './signature-judge';
import { judgeSigner, type SignatureReport } from './signature-verdict';
import { coveringTimestamps, verifyDocumentTimestamps } from './document-timestamps';
import { timestampVerdict } from './timestamp';
import { failed, indeterminate, type Verdict } from './verdicts';
import { fileReport, formatFailureReport, type FileReport } from './file-report';
import type { VerifyContext } from './verify-context';

const NO_NOTES: readonly string[] = [];

const rangeEnd = (f: PdfSignatureField) => (f.byteRange[2] ?? 0) + (f.byteRange[3] ?? 0);

const SUPPORTED = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

function bare(field: PdfSignatureField, v: Verdict, now: Date): SignatureReport {
	return {
		...v,
		signer: null,
		signingTime: null,
		timestampTime: null,
		bestSignatureTime: now.toISOString(),
		coversWholeDocument: field.coversWholeDocument,
		subFilter: field.subFilter ?? undefined,
		fieldName: field.fieldName ?? undefined
	};
}

export async function verifyPdfBytes(pdf: Uint8Array, ctx: VerifyContext): Promise<FileReport> {
	let scan;
	try {
		scan = readPdf(pdf);
	} catch (e) {
		return formatFailureReport('pdf', `không đọc được cấu trúc PDF: ${(e as Error).message}`);
	}
	if (!scan.signatures.length) return formatFailureReport('pdf', 'tệp PDF không có chữ ký số nào');
	const xrefWarning = scan.xrefProblem
		? `Cảnh báo: bảng tham chiếu chéo (xref) của tệp hỏng (${scan.xrefProblem}); tệp được đọc bằng cách quét toàn bộ, không xác định được các thay đổi sau khi ký`
		: null;
	// Pushed, not mapped and filtered: see parseCmsDer (cms.ts) on the maps of mapped arrays.
	const dssCerts: ParsedCert[] = [];
	for (const d of scan.dss.certs) {
		const c = ctx.parseCert(d);
		if (c) dssCerts.push(c);
	}
	ctx.addCarried(dssCerts, scan.dss.crls, scan.dss.ocsps);
	const stamps = await verifyDocumentTimestamps(pdf, scan.signatures, ctx);
	const reports: SignatureReport[] = [];
	const fieldOf: PdfSignatureField[] = []; // reports[i] belongs to fieldOf[i]
	for (const field of scan.signatures) {
		if (field.error || !field.contents) {
			reports.push(bare(field, failed('FORMAT_FAILURE', field.error ?? 'thiếu /Contents'), ctx.now));
			fieldOf.push(field);
			continue;
		}
		const [a, b, c, d] = field.byteRange as [number, number, number, number];
		const parts = [pdf.subarray(a, a + b), pdf.subarray(c, c + d)];
		const stamp = stamps.get(field);
		if (stamp) {
			const ts = stamp.check;
			reports.push({
				...bare(field, timestampVerdict(ts), ctx.now),
				timestampTime: ts.genTime?.toISOString() ?? null,
				timestamps: [stamp.fact]
			});
			fieldOf.push(field);
			continue;
		}
		if (!field.subFilter || !SUPPORTED.has(field.subFilter)) {
			reports.push(
				bare(
					field,
					failed('FORMAT_FAILURE', `SubFilter không hỗ trợ: ${field.subFilter ?? '(không có)'}`),
					ctx.now
				)
			);
			fieldOf.push(field);
			continue;
		}
		let cms;
		try {
			cms = parseCms(field.contents, ctx);
		} catch (e) {
			reports.push(
				bare(field, failed('FORMAT_FAILURE', e instanceof CmsFormatError ? e.message : String(e)), ctx.now)
			);
			fieldOf.push(field);
			continue;
		}
		ctx.addCarried(cms.certificates, crlDers(cms.crls), cms.ocspResponses);
		if (cms.contentParts) {
			reports.push(
				bare(
					field,
					failed('FORMAT_FAILURE', 'chữ ký PDF dạng tách rời không được chứa nội dung đính kèm'),
					ctx.now
				)
			);
			fieldOf.push(field);
			continue;
		}
		// Every SignerInfo of the CMS is a signature of this field (RFC 5652 5.1: signerInfos is a SET), each judged.
		for (const signer of cms.signers) {
			ctx.addCarried([], signer.embeddedCrls, signer.embeddedOcsp);
			const notes: string[] = [];
			if (!field.coversWholeDocument)
				notes.push('chữ ký không bao phủ toàn bộ tệp: tệp có phần được thêm sau khi ký (cập nhật tăng dần)');
			if (cms.signers.length > 1)
				notes.push(`người ký ${cms.signers.indexOf(signer) + 1}/${cms.signers.length} trong cùng một CMS`);
			if (field.inObjectStream)
				notes.push('từ điển chữ ký nằm trong luồng đối tượng nén (không được chữ ký bảo vệ)');
			const r = await judgeSigner(signer, parts, cms.eContentType, cms.certificates, ctx, {
				pdfSigningTime: field.signingTime ?? null,
				judgedNotes:
					!signer.signingTime && field.signingTime
						? [`thời điểm ký lấy từ /M của từ điển chữ ký PDF (${field.signingTime.toISOString()})`]
						: NO_NOTES,
				notes,
				documentTimestamps: coveringTimestamps(field, stamps)
			});
			// Keys added to the fresh report rather than spread into a copy (V8's slow path for spread-then-keys).
			const report: SignatureReport = Object.assign(r, {
				coversWholeDocument: field.coversWholeDocument,
				subFilter: field.subFilter,
				fieldName: field.fieldName ?? undefined
			});
			reports.push(report);
			fieldOf.push(field);
		}
	}
	reports.forEach((r, i) => {
		const c = changeNotes(fieldOf[i]!);
		if (!c.notes.length && !c.content.length) return;
		if (r.facts && c.content.length) {
			r.facts.contentChanges = c.content;
			r.facts.notes.push(...c.notes);
			reports[i] = Object.assign(r, judgeSignatureFacts(r.facts, ctx.policy));
		} else
			r.reasons = [
				...r.reasons,
				...c.notes,
				...c.content.map((x) => `nội dung bị thay đổi sau khi ký: ${x}`)
			];
	});
	const notes: string[] = xrefWarning ? [xrefWarning] : [];
	// The signature whose range ends last (the first of equals, as a stable sort gave).
	let last: PdfSignatureField | undefined;
	for (const s of scan.signatures) if (!last || rangeEnd(s) > rangeEnd(last)) last = s;
	if (last && !last.coversWholeDocument) {
		notes.push('tệp đã được sửa đổi (cập nhật tăng dần) sau chữ ký cuối cùng');
		if (ctx.strictIncrementalUpdates) {
			reports.forEach((r, i) => {
				if (fieldOf[i] !== last || r.indication !== 'TOTAL_PASSED') return;
				if (r.facts) {
					r.facts.changedAfterLastSignature = true;
					const v = judgeSignatureFacts(r.facts, ctx.policy);
					reports[i] = { ...r, ...v };
				} else
					reports[i] = {
						...r,
						...indeterminate(
							'SIG_CONSTRAINTS_FAILURE',
							'tệp đã được sửa đổi sau chữ ký cuối cùng',
							...r.reasons
						)
					};
			});
		}
	}
	const report = fileReport('pdf', reports, notes, ctx.policy);
	if (xrefWarning) report.warnings = [xrefWarning, ...(report.warnings ?? [])];
	return report;
}
