// RSA key pairs made once per test run by global-setup.ts and shared by the test files that build the same
// PKI fixture: generating a 2048-bit pair costs about 160 ms of CPU, and every file that built a fixture made
// its own. Each fixture key has its own name, so two fixtures never share a key by accident.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKeyPair, RSA_ALG } from '../../src/lib/pki/testing';
import { dumpDir } from './test-db-config';

/** The shared keys and their sizes. A new fixture key goes here (a test that wants a key of its own, say
 * "some other key", still calls generateKeyPair). */
export const SHARED_KEYS = {
	'unit-pki/ca': 2048,
	'unit-pki/leaf': 2048,
	'unit-pki/weak': 1024,
	'import-pki/ca': 2048,
	'import-pki/leaf': 2048
} as const;
export type SharedKeyName = keyof typeof SHARED_KEYS;

const poolPath = () => path.join(dumpDir(), 'keys.json');

/** Generates the shared keys into this run's directory (global setup). */
export async function writeSharedKeys(): Promise<void> {
	const entries = await Promise.all(
		Object.entries(SHARED_KEYS).map(async ([name, bits]) => {
			const keys = await generateKeyPair(bits);
			const [privateKey, publicKey] = await Promise.all([
				globalThis.crypto.subtle.exportKey('jwk', keys.privateKey),
				globalThis.crypto.subtle.exportKey('jwk', keys.publicKey)
			]);
			return [name, { privateKey, publicKey }] as const;
		})
	);
	mkdirSync(dumpDir(), { recursive: true });
	writeFileSync(poolPath(), JSON.stringify(Object.fromEntries(entries)));
}

let pool: Record<string, { privateKey: JsonWebKey; publicKey: JsonWebKey }> | null = null;
const handedOut = new Set<SharedKeyName>();

/** The run's key pair of that name, the first time a test file asks; a new pair on later calls, so that a
 * file building a fixture twice ("another PKI") still gets two PKIs with different keys and certificates (the
 * fixtures use fixed serials and dates, and RSA PKCS#1 v1.5 signatures are deterministic). A new pair too when
 * the run made none (a script outside vitest). */
export async function sharedKeyPair(name: SharedKeyName): Promise<CryptoKeyPair> {
	if (!pool && existsSync(poolPath())) pool = JSON.parse(readFileSync(poolPath(), 'utf8'));
	const jwk = handedOut.has(name) ? undefined : pool?.[name];
	handedOut.add(name);
	if (!jwk) return generateKeyPair(SHARED_KEYS[name]);
	const [privateKey, publicKey] = await Promise.all([
		globalThis.crypto.subtle.importKey('jwk', jwk.privateKey, RSA_ALG, true, ['sign']),
		globalThis.crypto.subtle.importKey('jwk', jwk.publicKey, RSA_ALG, true, ['verify'])
	]);
	return { privateKey, publicKey };
}
