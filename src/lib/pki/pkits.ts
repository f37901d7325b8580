// Runs NIST PKITS (the suite's cases.json: end entity, intermediates, CRLs, trust anchor, expected outcome) through
// the chain validator at a fixed time, under the default validation policy (a path whose RFC 5280 profile findings
// include a FAIL-level one is invalid, as the verifier would judge it), and reports each case's outcome; the
// suite's files are read, never copied.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificatePool } from './chain-builder';
import { ChainValidator } from './chain-validator';
import { parseCertificate, type ParsedCert } from './certificate';
import { CrlStore, parseCrl } from './crl';
import { DEFAULT_VALIDATION_POLICY, type ValidationPolicy } from './validation-policy';

export type PkitsOutcome = 'valid' | 'invalid' | 'revoked';

export interface PkitsCase {
	id: string;
	section: string;
	endEntity: string;
	trustAnchor: string;
	intermediates: string[];
	crls: string[];
	pathLength: number;
	revocationRequired: boolean;
	expected: PkitsOutcome;
	reference: string | null;
}

export interface PkitsResult {
	id: string;
	section: string;
	expected: PkitsOutcome;
	actual: PkitsOutcome;
	reason: string;
}

export const PKITS_TIME = new Date('2026-06-30T00:00:00Z');

export async function loadPkitsCases(dir: string): Promise<PkitsCase[]> {
	const json = JSON.parse(await readFile(join(dir, 'cases.json'), 'utf8')) as { cases: PkitsCase[] };
	return json.cases;
}

export async function runPkitsCase(
	dir: string,
	c: PkitsCase,
	time = PKITS_TIME,
	policy: ValidationPolicy = DEFAULT_VALIDATION_POLICY
): Promise<PkitsResult> {
	const cache = new Map<string, Uint8Array>();
	const load = async (p: string) => {
		let b = cache.get(p);
		if (!b) cache.set(p, (b = new Uint8Array(await readFile(join(dir, p)))));
		return b;
	};
	try {
		const ee = parseCertificate(await load(c.endEntity));
		const anchor = parseCertificate(await load(c.trustAnchor));
		const inter: ParsedCert[] = [];
		for (const p of c.intermediates) inter.push(parseCertificate(await load(p)));
		const crls = new CrlStore();
		for (const p of c.crls) crls.add(parseCrl(await load(p)));
		const v = new ChainValidator({
			anchors: new CertificatePool([anchor]),
			pool: new CertificatePool(inter),
			crls,
			revocation: c.revocationRequired ? 'require' : 'if-available'
		});
		const r = await v.validate(ee, { time });
		const profile =
			r.status === 'valid' ? r.profile.find((f) => policy.profile[f.rule] === 'FAIL') : undefined;
		const actual: PkitsOutcome = profile
			? 'invalid'
			: r.status === 'valid'
				? 'valid'
				: r.status === 'revoked'
					? 'revoked'
					: 'invalid';
		return {
			id: c.id,
			section: c.section,
			expected: c.expected,
			actual,
			reason: profile
				? `profile ${profile.rule}@${profile.index}: ${profile.reason}`
				: `${r.status}${r.failure ? ' ' + r.failure.code + '@' + r.failure.index : ''}: ${r.reason}`
		};
	} catch (e) {
		return {
			id: c.id,
			section: c.section,
			expected: c.expected,
			actual: 'invalid',
			reason: `lỗi: ${(e as Error).message}`
		};
	}
}

/** Top-level PKITS section of a case ("4.14.3" → "4.14"). */
export const topSection = (s: string): string => s.split('.').slice(0, 2).join('.');
