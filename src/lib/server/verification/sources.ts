// Builds the PKI engine's sources from the database: trusted roots (ca_certificates.trusted), the
// other CA certificates and the inventory as untrusted intermediates, and the stored CRLs. Every
// page, job and CLI command that verifies a signature against "what the Sở trusts" starts here.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { createVerifier, type Verifier, type VerifierOptions } from '../../pki/verifier';
import { loadVerificationSettings } from './settings';

export { ONLINE_REVOCATION_SETTING, REVOCATION_POLICY_SETTING } from './settings';

export interface VerifierSourceCounts {
	trustAnchors: number;
	intermediates: number;
	crls: number;
}

const bytes = (b: Uint8Array | Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * The options of `createVerifier` from the database. Inventory leaf certificates are included
 * in the (untrusted) store so a signature that omits its signer certificate can still be matched.
 */
export async function loadVerifierSources(
	db: Kysely<Database>,
	overrides: Partial<Pick<VerifierOptions, 'clock' | 'cryptoPolicy' | 'strictIncrementalUpdates'>> = {}
): Promise<VerifierOptions & { counts: VerifierSourceCounts }> {
	const [cas, certs, crls, settings] = await Promise.all([
		db.selectFrom('ca_certificates').select(['der', 'trusted']).execute(),
		db.selectFrom('certificates').select('der').execute(),
		db.selectFrom('crls').select('der').orderBy('this_update', 'desc').execute(),
		loadVerificationSettings(db)
	]);
	const trustAnchors = cas.filter((c) => c.trusted).map((c) => bytes(c.der));
	const certificateStore = [...cas.filter((c) => !c.trusted), ...certs].map((c) => bytes(c.der));
	return {
		cryptoPolicy: settings.cryptoPolicy,
		...overrides,
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

/** A verifier over the database's sources (one per request or job run: it caches chain results). */
export async function createDbVerifier(
	db: Kysely<Database>,
	overrides: Parameters<typeof loadVerifierSources>[1] = {}
): Promise<{ verifier: Verifier; counts: VerifierSourceCounts }> {
	const { counts, ...options } = await loadVerifierSources(db, overrides);
	return { verifier: createVerifier(options), counts };
}
