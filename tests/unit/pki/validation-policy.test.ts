// The validation policy as a plain object with a zod schema, its documented defaults, and judging the same facts
// under another policy without fetching anything (a stored report, JSON and all).
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPolicy, createVerifier, type FileReport } from '../../../src/lib/pki';
import { answerOcspRequest, signCms } from '../../../src/lib/pki/testing';
import {
	DEFAULT_VALIDATION_POLICY,
	parseValidationPolicy,
	POLICY_CHECK_IDS,
	resolveValidationPolicy,
	ValidationPolicySchema
} from '../../../src/lib/pki/validation-policy';
import { PROFILE_RULE_IDS } from '../../../src/lib/pki/profile-rules';
import { buildTestPki, T, type TestPki } from './fixtures';

const content = new TextEncoder().encode('Kế hoạch số 3/KH-UBND');
let pki: TestPki;
beforeAll(async () => {
	pki = await buildTestPki('http://ocsp.kiemthu.invalid/');
});

describe('the policy object', () => {
	it('has a documented default: FAIL everywhere except basicConstraints criticality and PDF modifications (WARN) and time-stamp presence (INFORM)', () => {
		expect(ValidationPolicySchema.parse(DEFAULT_VALIDATION_POLICY)).toEqual(DEFAULT_VALIDATION_POLICY);
		expect(POLICY_CHECK_IDS.map((c) => [c, DEFAULT_VALIDATION_POLICY[c]])).toEqual([
			['revocationFreshness', 'FAIL'],
			['cryptoStrength', 'FAIL'],
			['keyUsage', 'FAIL'],
			['signingTime', 'FAIL'],
			['timestampPresence', 'INFORM'],
			['pdfModifications', 'WARN']
		]);
		expect(PROFILE_RULE_IDS.filter((r) => DEFAULT_VALIDATION_POLICY.profile[r] !== 'FAIL')).toEqual([
			'basicConstraintsCritical'
		]);
		expect(DEFAULT_VALIDATION_POLICY.revocationMaxAgeSeconds).toBeNull();
	});

	it('parses a partial policy over the defaults and refuses a bad one in Vietnamese', () => {
		const p = parseValidationPolicy({ cryptoStrength: 'WARN', profile: { serialNumber: 'INFORM' } });
		expect(p).toEqual({
			ok: true,
			policy: {
				...DEFAULT_VALIDATION_POLICY,
				cryptoStrength: 'WARN',
				profile: { ...DEFAULT_VALIDATION_POLICY.profile, serialNumber: 'INFORM' }
			}
		});
		expect(parseValidationPolicy(undefined)).toEqual({ ok: true, policy: DEFAULT_VALIDATION_POLICY });
		expect(parseValidationPolicy({ keyUsage: 'STRICT' })).toEqual({
			ok: false,
			message: 'Mức áp dụng phải là FAIL, WARN, INFORM hoặc IGNORE.'
		});
		expect(parseValidationPolicy({ revocationMaxAgeSeconds: -1 })).toMatchObject({ ok: false });
		expect(resolveValidationPolicy({ revocationMaxAgeSeconds: 3600 }).revocationMaxAgeSeconds).toBe(3600);
	});
});

describe('the same facts judged under another policy', () => {
	it('stale revocation: TRY_LATER, then a pass with a warning, then TRY_LATER again — from the stored JSON, no fetch', async () => {
		let fetches = 0;
		const hook = (async () => {
			fetches++;
			return new Response(null, { status: 503 });
		}) as typeof fetch;
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl, pki.subCrl], online: true, fetch: hook },
			clock: () => new Date('2026-05-01T00:00:00Z')
		});
		const report = await v.verifyFile(
			await signCms({ content, signer: pki.org, chain: [pki.sub], signingTime: T.signed })
		);
		expect(report.subIndication).toBe('TRY_LATER');
		expect(report.policy).toEqual(DEFAULT_VALIDATION_POLICY);
		const asked = fetches;
		expect(asked).toBeGreaterThan(0);
		const stored = JSON.parse(JSON.stringify(report)) as FileReport;
		const warned = applyPolicy(stored, { revocationFreshness: 'WARN' });
		expect(warned.indication).toBe('TOTAL_PASSED');
		expect(warned.warnings?.[0]).toMatch(/^Chữ ký 1: .*không đủ mới/);
		expect(warned.policy?.revocationFreshness).toBe('WARN');
		const strictAgain = applyPolicy(warned, DEFAULT_VALIDATION_POLICY);
		expect([strictAgain.indication, strictAgain.subIndication]).toEqual(['INDETERMINATE', 'TRY_LATER']);
		expect(strictAgain.signatures[0]!.reasons).toEqual(report.signatures[0]!.reasons);
		expect(fetches).toBe(asked);
	});

	it('a weak key and a missing signing key usage: each follows its own level', async () => {
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl, pki.subCrl] },
			clock: () => T.now
		});
		const weak = await v.verifyFile(
			await signCms({ content, signer: pki.weak, chain: [pki.sub], signingTime: T.signed })
		);
		expect(weak.subIndication).toBe('CRYPTO_CONSTRAINTS_FAILURE');
		expect(applyPolicy(weak, { cryptoStrength: 'WARN' }).indication).toBe('TOTAL_PASSED');
		const noKu = await v.verifyFile(
			await signCms({ content, signer: pki.noSignUsage, chain: [pki.sub], signingTime: T.signed })
		);
		expect(noKu.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
		const lenient = applyPolicy(noKu, { keyUsage: 'INFORM' });
		expect(lenient.indication).toBe('TOTAL_PASSED');
		expect(lenient.signatures[0]!.reasons).toContain(
			'Lưu ý: chứng thư người ký không có mục đích ký số (keyUsage)'
		);
		expect(lenient.warnings).toBeUndefined();
	});

	it('time-stamp presence: a note by default, a failure when required, satisfied by a verified time-stamp', async () => {
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl, pki.subCrl] },
			clock: () => T.now
		});
		const plain = await v.verifyFile(
			await signCms({ content, signer: pki.org, chain: [pki.sub], signingTime: T.signed })
		);
		expect(plain.indication).toBe('TOTAL_PASSED');
		expect(
			plain.signatures[0]!.reasons.some((r) => r.startsWith('Lưu ý: chữ ký không có dấu thời gian'))
		).toBe(true);
		const required = applyPolicy(plain, { timestampPresence: 'FAIL' });
		expect([required.indication, required.subIndication]).toEqual([
			'INDETERMINATE',
			'SIG_CONSTRAINTS_FAILURE'
		]);
		const stamped = await v.verifyFile(
			await signCms({
				content,
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed,
				timestamp: { tsa: pki.tsa, time: new Date('2025-06-01T03:00:00Z') }
			}),
			{ policy: { timestampPresence: 'FAIL' } }
		);
		expect(stamped.indication).toBe('TOTAL_PASSED');
	});

	it("a failure no policy changes (hash) keeps its verdict, and a per-file policy overrides the verifier's", async () => {
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl, pki.subCrl] },
			clock: () => T.now,
			policy: { keyUsage: 'IGNORE' }
		});
		const bad = await v.verifyFile(
			await signCms({ content, signer: pki.org, detached: true, signingTime: T.signed }),
			{ detachedContent: new TextEncoder().encode('khác') }
		);
		expect(bad.subIndication).toBe('HASH_FAILURE');
		expect(applyPolicy(bad, { revocationFreshness: 'IGNORE' }).subIndication).toBe('HASH_FAILURE');
		const f = await signCms({ content, signer: pki.noSignUsage, chain: [pki.sub], signingTime: T.signed });
		expect((await v.verifyFile(f)).indication).toBe('TOTAL_PASSED');
		expect((await v.verifyFile(f, { policy: { keyUsage: 'FAIL' } })).subIndication).toBe(
			'CHAIN_CONSTRAINTS_FAILURE'
		);
	});

	it('OCSP answers fetched once are facts: another maximum age judges them again without asking', async () => {
		let asked = 0;
		const hook = (async (_url: string | URL, init?: RequestInit) => {
			asked++;
			return new Response(
				new Blob([
					new Uint8Array(
						answerOcspRequest(new Uint8Array(init!.body as Buffer), {
							issuer: pki.sub,
							responder: pki.ocspSigner,
							statusOf: () => ({ status: 'good' }),
							thisUpdate: () => new Date('2026-02-28T00:00:00Z'),
							validityMs: 7 * 86_400_000
						})
					)
				])
			);
		}) as typeof fetch;
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl], online: true, fetch: hook },
			clock: () => T.now
		});
		const r = await v.verifyFile(
			await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed })
		);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(asked).toBe(1);
		// The OCSP answer is a day old, the root's CRL over the sub-CA nine days: 12 hours refuses, 10 days accepts.
		const tight = applyPolicy(r, { revocationMaxAgeSeconds: 12 * 3600 });
		expect(tight.subIndication).toBe('TRY_LATER');
		expect(tight.signatures[0]!.reasons[0]).toMatch(/OCSP phát hành 2026-02-28/);
		expect(applyPolicy(r, { revocationMaxAgeSeconds: 10 * 86_400 }).indication).toBe('TOTAL_PASSED');
		expect(asked).toBe(1);
	});
});
