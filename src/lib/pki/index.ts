// Public API of the PKI engine: bytes in, verdicts out. No SvelteKit, no database, no global state.
export {
	createVerifier,
	type Verifier,
	type VerifierOptions,
	type VerifyOptions,
	type FileReport
} from './verifier';
export type { SignatureReport, SignerInfoReport } from './signature-verdict';
export {
	SUB_INDICATIONS,
	INDICATIONS,
	INDICATION_VI,
	explain,
	worstOf,
	type Indication,
	type SubIndication,
	type Verdict
} from './verdicts';
export { parseCertificate, tryParseCertificate, keyBits, type ParsedCert } from './certificate';
export { parseCrl, tryParseCrl, CrlStore, type ParsedCrl } from './crl';
export { CertificatePool, buildPaths } from './chain-builder';
export { ChainValidator, type ChainResult, type RevocationPolicy } from './chain-validator';
export { DEFAULT_CRYPTO_POLICY, type CryptoPolicy } from './crypto-verify';
