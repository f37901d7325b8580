// What the verify benchmark uses of the PKI code, one module: bundled as the product ships it, or imported from the
// sources as tsx runs them (see verifier-form.ts).
export { createVerifier } from '../../../src/lib/pki';
export { parseCms } from '../../../src/lib/pki/cms';
export {
	createCrl,
	createPdf,
	createSignedPdf,
	generateKeyPair,
	issueCertificate,
	signCms,
	signPdf,
	type Issued
} from '../../../src/lib/pki/testing';
