// Verification of a CMS signature file (RFC 5652): .p7m with encapsulated content or .p7s over a detached content,
// DER, BER, PEM ("PKCS7"/"CMS") or bare base64; every signer gets its own verdict.
import { looksLikePem, pemBlocks } from './bytes';
import { CmsFormatError, crlDers, parseCms } from './cms';
import { judgeSigner, signerReport, type SignatureReport } from './signature-verdict';
import { failed, indeterminate } from './verdicts';
import { fileReport, formatFailureReport, type FileReport } from './file-report';
import type { VerifyContext } from './verify-context';

/** DER of a CMS given as DER, PEM or base64 text. */
export function cmsDer(bytes: Uint8Array): Uint8Array {
	if (bytes[0] === 0x30) return bytes;
	if (looksLikePem(bytes)) {
		const block = pemBlocks(Buffer.from(bytes).toString('latin1')).find((b) => /PKCS7|CMS/.test(b.label));
		if (block) return block.der;
	}
	const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
	if (/^[A-Za-z0-9+/=\s]+$/.test(text)) {
		const der = new Uint8Array(
			Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\s+/g, ''), 'base64')
		);
		if (der[0] === 0x30) return der;
	}
	return bytes;
}

export async function verifyCmsBytes(
	bytes: Uint8Array,
	detached: Uint8Array | null,
	ctx: VerifyContext
): Promise<FileReport> {
	let cms;
	try {
		cms = parseCms(cmsDer(bytes), ctx);
	} catch (e) {
		return formatFailureReport(
			'cms',
			e instanceof CmsFormatError ? e.message : `tệp không phải chữ ký CMS: ${(e as Error).message}`
		);
	}
	ctx.addCarried(cms.certificates, crlDers(cms.crls), cms.ocspResponses);
	const content = cms.contentParts ?? (detached ? [detached] : null);
	const notes: string[] = [];
	if (cms.contentParts && detached)
		notes.push('chữ ký có nội dung đính kèm; tệp nội dung bên cạnh không được dùng');
	const signatures: SignatureReport[] = [];
	for (const s of cms.signers) {
		ctx.addCarried([], s.embeddedCrls, s.embeddedOcsp);
		if (!content) {
			signatures.push({
				...indeterminate(
					'SIGNED_DATA_NOT_FOUND',
					'chữ ký tách rời (.p7s) nhưng không tìm thấy tệp nội dung đi kèm'
				),
				signer: signerReport(s.cert),
				signingTime: s.signingTime?.toISOString() ?? null,
				timestampTime: null,
				bestSignatureTime: ctx.now.toISOString(),
				coversWholeDocument: false
			});
			continue;
		}
		try {
			const r = await judgeSigner(s, content, cms.eContentType, cms.certificates, ctx);
			signatures.push(Object.assign(r, { coversWholeDocument: true })); // no spread copy: see pdf-verifier.ts
		} catch (e) {
			signatures.push({
				...failed('FORMAT_FAILURE', `không kiểm tra được chữ ký: ${(e as Error).message}`),
				signer: signerReport(s.cert),
				signingTime: null,
				timestampTime: null,
				bestSignatureTime: ctx.now.toISOString(),
				coversWholeDocument: false
			});
		}
	}
	return fileReport('cms', signatures, notes, ctx.policy);
}
