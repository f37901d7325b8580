// Public API of the PKI engine: bytes in, verdicts out. No SvelteKit, no database, no global state.
export { createVerifier, type Verifier, type VerifierOptions, type VerifyOptions } from './verifier';
export { applyPolicy, type FileReport } from './file-report';
export type { SignatureReport, SignerInfoReport } from './signature-verdict';
export type { SignatureFacts, RevocationFact, PathCertificateFacts } from './signature-facts';
export { judgeSignatureFacts, type PolicyFinding, type JudgedSignature } from './signature-judge';
export {
	DEFAULT_VALIDATION_POLICY,
	POLICY_CHECKS,
	POLICY_CHECK_IDS,
	POLICY_LEVELS,
	POLICY_LEVEL_VI,
	ValidationPolicySchema,
	ValidationPolicyInputSchema,
	parseValidationPolicy,
	resolveValidationPolicy,
	type PolicyCheck,
	type PolicyLevel,
	type ValidationPolicy,
	type ValidationPolicyInput
} from './validation-policy';
export { PROFILE_RULES, PROFILE_RULE_IDS, type ProfileRule, type ProfileFinding } from './profile-rules';
export { supportsCheckAt, decidingAnswer, type RevocationAnswer } from './revocation-freshness';
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
