// What kind of signed file arrived, decided before anything is stored: a PDF (ISO 32000 "%PDF-"
// header in its first kilobyte), a CMS SignedData (RFC 5652 §5.1; DER, BER, PEM or base64) that
// carries its content (.p7m, eContent present, §5.2) or a detached one (.p7s, eContent absent), or
// none of these. The verifier would also say "FORMAT_FAILURE" for the last, but an intake must
// refuse such a file with a clear reason instead of archiving it.
import { isPdf } from './pdf-signatures';
import { cmsDer } from './cms-verifier';
import { NO_CERTIFICATES, parseCms } from './cms';

export type SignedFileKind =
	{ kind: 'pdf' } | { kind: 'cms'; detached: boolean } | { kind: 'unknown'; reason: string };

export function signedFileKind(bytes: Uint8Array): SignedFileKind {
	if (bytes.byteLength === 0) return { kind: 'unknown', reason: 'tệp rỗng' };
	if (isPdf(bytes)) return { kind: 'pdf' };
	try {
		// Certificates are not needed to tell the kind: none is parsed.
		const cms = parseCms(cmsDer(bytes), NO_CERTIFICATES);
		return { kind: 'cms', detached: cms.contentParts === null };
	} catch (e) {
		return { kind: 'unknown', reason: (e as Error).message || String(e) };
	}
}
