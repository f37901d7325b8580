// Issuing helpers for tests and the demo-data seeder: CA hierarchy, leaves, CRLs, OCSP responses, CMS and PDF
// signatures made with real keys (no mocks), all deterministic given key pairs, serials and dates.
export {
	generateKeyPair,
	issueCertificate,
	createCrl,
	vnName,
	RSA_ALG,
	type Issued,
	type IssueOptions,
	type NameSpec,
	type CrlOptions
} from './ca';
export { signCms, createTimestampToken, nodePrivateKey, CMS_OID, type SignCmsOptions } from './cms-sign';
export {
	createPdf,
	signPdf,
	createSignedPdf,
	appendIncrementalUpdate,
	appendObjects,
	type PdfOptions,
	type PdfSignOptions,
	type VisibleAppearance
} from './pdf-sign';
export {
	answerOcspRequest,
	startOcspServer,
	type OcspAnswer,
	type OcspResponderOptions
} from './ocsp-responder';
export * from './pdf-objstm';
export {
	issueRawCertificate,
	rawExtension,
	profileExtensions,
	generalName,
	subjectAltName,
	nameConstraints,
	type RawExtension,
	type RawCertificateOptions
} from './raw-certificate';
export { addDocumentTimestamp, type DocumentTimestampOptions } from './pdf-timestamp';
export * from './pdf-update';
export * from './pdf-appearance';
