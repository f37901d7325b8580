// The one factory of verifiers over the database: trusted roots (ca_certificates.trusted), the
// other CA certificates and the inventory as untrusted intermediates, the stored CRLs, and the
// administrator's verification settings (/quan-tri/kiem-tra: validation policy levels, revocation
// policy, online revocation, crypto policy). Every verifier that judges a signature against "what the Sở trusts" is built
// here: the upload page (/kiem-tra-chu-ky), the archive's "Xác minh lại", the nightly
// archive-reverify job and `kiem-ky verify --db`. So under the same settings they reach the same
// verdict on the same document; only the clock is the caller's.
import { sql, type Kysely } from 'kysely';
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

/**
 * What a caller may choose: the time the verifier takes as "now" (default: the system clock), and the fetch
 * used for online revocation data (tests count requests with it).
 */
export type DbVerifierOptions = Pick<VerifierOptions, 'clock'> & { fetch?: typeof fetch };

const bytes = (b: Uint8Array | Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Parsed certificates; a row whose DER does not parse is left out rather than failing every verification. */
const parsed = (rows: readonly { der: Uint8Array | Buffer }[]): ParsedCert[] =>
	rows.map((r) => tryParseCertificate(bytes(r.der))).filter((c): c is ParsedCert => c !== null);

interface ParsedSources {
	/** Counts and highest ids of the three tables: any insert, delete or trust change alters it. */
	version: string;
	trustAnchors: ParsedCert[];
	certificateStore: ParsedCert[];
	crls: Uint8Array[];
}

// Parsing the inventory costs about 1 ms a certificate (seconds at province scale) and was paid on
// every upload, "Xác minh lại" and API intake; the parsed material is kept per database and
// reloaded only when the tables change. The verifier built from it stays per request or run.
const parsedSources = new WeakMap<Kysely<Database>, ParsedSources>();

async function sourcesVersion(db: Kysely<Database>): Promise<string> {
	const { rows } = await sql<{ v: string }>`
		select concat_ws(':',
			(select count(*) from ca_certificates), (select max(id) from ca_certificates),
			(select count(*) from ca_certificates where trusted),
			(select count(*) from certificates), (select max(id) from certificates),
			(select count(*) from crls), (select max(id) from crls)) as v`.execute(db);
	return rows[0]!.v;
}

async function parsedVerifierSources(db: Kysely<Database>): Promise<ParsedSources> {
	const version = await sourcesVersion(db);
	const cached = parsedSources.get(db);
	if (cached?.version === version) return cached;
	const [cas, certs, crls] = await Promise.all([
		db.selectFrom('ca_certificates').select(['der', 'trusted']).execute(),
		db.selectFrom('certificates').select('der').execute(),
		db.selectFrom('crls').select('der').orderBy('this_update', 'desc').execute()
	]);
	const fresh: ParsedSources = {
		version,
		trustAnchors: parsed(cas.filter((c) => c.trusted)),
		certificateStore: parsed([...cas.filter((c) => !c.trusted), ...certs]),
		crls: crls.map((c) => bytes(c.der))
	};
	parsedSources.set(db, fresh);
	return fresh;
}

/**
 * The options of `createVerifier` from the database. The inventory's certificates join the
 * untrusted store with the CA certificates not trusted as roots (path building material; the
 * engine takes a CMS signer's own certificate from the signature itself).
 */
export async function loadVerifierSources(
	db: Kysely<Database>,
	options: DbVerifierOptions = {}
): Promise<VerifierOptions & { counts: VerifierSourceCounts }> {
	const [material, settings] = await Promise.all([parsedVerifierSources(db), loadVerificationSettings(db)]);
	const { trustAnchors, certificateStore, crls } = material;
	return {
		clock: options.clock,
		cryptoPolicy: settings.cryptoPolicy,
		policy: settings.validationPolicy,
		trustAnchors,
		certificateStore,
		revocation: {
			crls,
			online: settings.onlineRevocation,
			// The levels come from `policy`; this only matters as 'none' (no revocation lookup at all).
			policy: settings.revocationPolicy,
			fetch: options.fetch
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
