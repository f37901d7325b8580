// The one factory of verifiers over the database: trusted roots (ca_certificates.trusted), the
// other CA certificates and the inventory as untrusted intermediates, the stored CRLs, and the
// administrator's verification settings (/quan-tri/kiem-tra: revocation policy, online revocation,
// crypto policy). Every verifier that judges a signature against "what the Sở trusts" is built
// here: the upload page (/kiem-tra-chu-ky), the archive's "Xác minh lại", the nightly
// archive-reverify job and `kiem-ky verify --db`. So under the same settings they reach the same
// verdict on the same document; only the clock is the caller's.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { createVerifier, type Verifier, type VerifierOptions } from '../../pki/verifier';
import { tryParseCertificate, type ParsedCert } from '../../pki/certificate';
import { loadVerificationSettings } from './settings';

export { ONLINE_REVOCATION_SETTING, REVOCATION_POLICY_SETTING } from './settings';

export interface VerifierSourceCounts {
	trustAnchors: number;
	intermediates: number;
	crls: number;
}

/** What a caller may choose: the time the verifier takes as "now" (default: the system clock). */
export type DbVerifierOptions = Pick<VerifierOptions, 'clock'>;

const bytes = (b: Uint8Array | Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Parsed certificates; a row whose DER does not parse is left out rather than failing every verification. */
const parsed = (rows: readonly { der: Uint8Array | Buffer }[]): ParsedCert[] =>
	rows.map((r) => tryParseCertificate(bytes(r.der))).filter((c): c is ParsedCert => c !== null);

/**
 * The options of `createVerifier` from the database. The inventory's certificates join the
 * untrusted store with the CA certificates not trusted as roots (path building material; the
 * engine takes a CMS signer's own certificate from the signature itself).
 */
export async function loadVerifierSources(
	db: Kysely<Database>,
	options: DbVerifierOptions = {}
): Promise<VerifierOptions & { counts: VerifierSourceCounts }> {
	const [cas, certs, crls, settings] = await Promise.all([
		db.selectFrom('ca_certificates').select(['der', 'trusted']).execute(),
		db.selectFrom('certificates').select('der').execute(),
		db.selectFrom('crls').select('der').orderBy('this_update', 'desc').execute(),
		loadVerificationSettings(db)
	]);
	const trustAnchors = parsed(cas.filter((c) => c.trusted));
	const certificateStore = parsed([...cas.filter((c) => !c.trusted), ...certs]);
	return {
		clock: options.clock,
		cryptoPolicy: settings.cryptoPolicy,
		trustAnchors,
		certificateStore,
		revocation: {
			crls: crls.map((c) => bytes(c.der)),
			online: settings.onlineRevocation,
			policy: settings.revocationPolicy
		},
		counts: { trustAnchors: trustAnchors.length, intermediates: certificateStore.length, crls: crls.length }
	};
}

/** A verifier over the database's sources and settings (one per request or job run: it caches chain results). */
export async function createDbVerifier(
	db: Kysely<Database>,
	options: DbVerifierOptions = {}
): Promise<{ verifier: Verifier; counts: VerifierSourceCounts }> {
	const { counts, ...sources } = await loadVerifierSources(db, options);
	return { verifier: createVerifier(sources), counts };
}
