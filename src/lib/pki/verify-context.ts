// The per-verification context verifier.ts builds and hands to the CMS and PDF verifiers (cms-verifier.ts,
// pdf-verifier.ts). Apart from verifier.ts so that those modules depend on this type, not on the module that
// imports them: the dependency runs one way, verifier.ts → {cms,pdf}-verifier.ts → verify-context.ts.
import type { ParsedCert } from './certificate';
import type { JudgeContext } from './signature-verdict';

/** Per-verification context handed to the CMS and PDF verifiers. */
export interface VerifyContext extends JudgeContext {
	intern(c: ParsedCert): ParsedCert;
	/** Parses a carried certificate through the intern table (null when unparsable). */
	parseCert(der: Uint8Array): ParsedCert | null;
	addCarried(certs: readonly ParsedCert[], crls: readonly Uint8Array[], ocsps: readonly Uint8Array[]): void;
	strictIncrementalUpdates: boolean;
}
