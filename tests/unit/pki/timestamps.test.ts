// RFC 3161 time-stamps as ETSI EN 319 102-1 uses them: the token's own validation (§5.4: imprint, TSA signature,
// TSA certificate with the sole critical id-kp-timeStamping purpose of RFC 3161 §2.3, its path at genTime under
// the same trust anchors), and a valid genTime as proof of existence and best-signature-time (§5.6.2.3) for CMS
// signature time-stamps and PDF document time-stamps (ETSI EN 319 142-1 /ETSI.RFC3161).
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../../../src/lib/pki';
import {
	addDocumentTimestamp,
	createSignedPdf,
	issueCertificate,
	signCms
} from '../../../src/lib/pki/testing';
import { sharedKeyPair } from '../../helpers/test-keys';
import { buildTestPki, T, type TestPki } from './fixtures';

const content = new TextEncoder().encode('Công văn số 45/UBND-VX về việc tổ chức lễ kỷ niệm');
const STAMP = new Date('2025-08-15T00:00:00Z');
let pki: TestPki;
let v: Verifier;
const verifier = (policy = {}) =>
	createVerifier({
		trustAnchors: [pki.root.der],
		revocation: { crls: [pki.rootCrl, pki.subCrl] },
		clock: () => T.now,
		policy
	});
beforeAll(async () => {
	pki = await buildTestPki();
	v = verifier();
});
const cms = (signer: TestPki['org'], signingTime: Date, o: Partial<Parameters<typeof signCms>[0]> = {}) =>
	signCms({ content, signer, chain: [pki.sub], signingTime, ...o });
const verdict = (r: { indication: string; subIndication: string | null }) => [r.indication, r.subIndication];

async function tsaCert(o: Partial<Parameters<typeof issueCertificate>[0]>) {
	return issueCertificate({
		issuer: pki.sub,
		subject: { cn: 'TSA thử nghiệm sai cấu hình', o: 'Ban Cơ yếu Chính phủ' },
		keys: await sharedKeyPair('unit-pki/leaf'),
		notBefore: T.caFrom,
		notAfter: T.caTo,
		profile: 'tsa',
		...o
	});
}

describe('a CMS signature time-stamp (id-aa-signatureTimeStampToken)', () => {
	it('is a proof of existence: revoked after genTime and expired since, the signature stays TOTAL_PASSED', async () => {
		const before = new Date('2025-08-14T23:00:00Z');
		const revoked = await v.verifyFile(
			await cms(pki.revoked, before, { timestamp: { tsa: pki.tsa, time: STAMP } })
		);
		expect(revoked.indication).toBe('TOTAL_PASSED');
		const s = revoked.signatures[0]!;
		expect(s.bestSignatureTime).toBe(STAMP.toISOString());
		expect(s.facts?.bestSignatureTimeSource).toBe('timestamp');
		expect(s.timestamps).toEqual([
			expect.objectContaining({
				kind: 'signature',
				ok: true,
				indication: 'TOTAL_PASSED',
				genTime: STAMP.toISOString()
			})
		]);
		// Without the token the same signature is REVOKED_NO_POE.
		expect(verdict(await v.verifyFile(await cms(pki.revoked, before)))).toEqual([
			'INDETERMINATE',
			'REVOKED_NO_POE'
		]);
		// pki.expired ended 2025-12-31; validated in 2026 with a 2025 time-stamp it passes, without it is out of bounds.
		const expired = await v.verifyFile(
			await cms(pki.expired, before, { timestamp: { tsa: pki.tsa, time: STAMP } })
		);
		expect(expired.indication).toBe('TOTAL_PASSED');
		expect(verdict(await v.verifyFile(await cms(pki.expired, before)))).toEqual([
			'INDETERMINATE',
			'OUT_OF_BOUNDS_NO_POE'
		]);
	});

	it('a claimed signing time after the time-stamp is inconsistent: INDETERMINATE/TIMESTAMP_ORDER_FAILURE, levelled', async () => {
		const f = await cms(pki.person, new Date('2025-09-20T00:00:00Z'), {
			timestamp: { tsa: pki.tsa, time: STAMP }
		});
		const r = await v.verifyFile(f);
		expect(verdict(r)).toEqual(['INDETERMINATE', 'TIMESTAMP_ORDER_FAILURE']);
		expect(r.signatures[0]!.reasons[0]).toMatch(/thời điểm ký khai báo .* muộn hơn dấu thời gian/);
		const warn = await verifier({ signingTime: 'WARN' }).verifyFile(f);
		expect(warn.indication).toBe('TOTAL_PASSED');
		expect(warn.warnings?.[0]).toMatch(/muộn hơn dấu thời gian/);
		// Within the five minutes of clock skew it is not.
		const close = await cms(pki.person, new Date(STAMP.getTime() + 60_000), {
			timestamp: { tsa: pki.tsa, time: STAMP }
		});
		expect((await v.verifyFile(close)).indication).toBe('TOTAL_PASSED');
	});

	it('a token whose imprint does not match is FAILED/HASH_FAILURE and proves nothing', async () => {
		const f = await cms(pki.revoked, new Date('2025-08-14T00:00:00Z'), {
			timestamp: { tsa: pki.tsa, time: STAMP, imprintOver: new TextEncoder().encode('chữ ký khác') }
		});
		const r = await v.verifyFile(f);
		expect(verdict(r)).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
		const s = r.signatures[0]!;
		expect(s.timestampTime).toBeNull();
		expect(s.timestamps?.[0]).toMatchObject({
			ok: false,
			indication: 'TOTAL_FAILED',
			subIndication: 'HASH_FAILURE'
		});
		expect(s.reasons.join(' ')).toMatch(/messageImprint không khớp/);
		// Time-stamp presence at FAIL names the broken token.
		const required = await verifier({ timestampPresence: 'FAIL' }).verifyFile(
			await cms(pki.person, T.signed, {
				timestamp: { tsa: pki.tsa, time: STAMP, imprintOver: new Uint8Array([1, 2, 3]) }
			})
		);
		expect(verdict(required)).toEqual(['INDETERMINATE', 'SIG_CONSTRAINTS_FAILURE']);
		expect(required.signatures[0]!.reasons[0]).toMatch(/HASH_FAILURE/);
	});

	it('the TSA certificate needs id-kp-timeStamping as its sole, critical extended key usage (RFC 3161 §2.3)', async () => {
		const signed = new Date('2025-08-14T00:00:00Z');
		const cases = [
			[
				await tsaCert({ serial: '2001', extendedKeyUsage: ['1.3.6.1.5.5.7.3.8', '1.3.6.1.5.5.7.3.2'] }),
				/duy nhất/
			],
			[
				await tsaCert({ serial: '2002', profile: 'signer', extendedKeyUsage: ['1.3.6.1.5.5.7.3.8'] }),
				/critical/
			],
			[await tsaCert({ serial: '2003', profile: 'signer' }), /thiếu mục đích timeStamping/]
		] as const;
		for (const [tsa, why] of cases) {
			const r = await v.verifyFile(await cms(pki.revoked, signed, { timestamp: { tsa, time: STAMP } }));
			expect(verdict(r)).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
			expect(r.signatures[0]!.timestamps?.[0]).toMatchObject({
				ok: false,
				indication: 'INDETERMINATE',
				subIndication: 'CHAIN_CONSTRAINTS_FAILURE'
			});
			expect(r.signatures[0]!.timestamps?.[0]!.reason).toMatch(why);
		}
	});

	it("the TSA's path is validated at genTime under the same trust anchors", async () => {
		const foreignTsa = await issueCertificate({
			issuer: pki.otherRoot,
			subject: { cn: 'TSA ngoài danh sách tin cậy' },
			keys: await sharedKeyPair('unit-pki/leaf'),
			notBefore: T.caFrom,
			notAfter: T.caTo,
			profile: 'tsa',
			serial: '2004'
		});
		const r = await v.verifyFile(
			await cms(pki.revoked, new Date('2025-08-14T00:00:00Z'), {
				timestamp: { tsa: foreignTsa, time: STAMP },
				chain: [pki.sub, pki.otherRoot]
			})
		);
		expect(verdict(r)).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
		expect(r.signatures[0]!.timestamps?.[0]).toMatchObject({
			ok: false,
			subIndication: 'NO_CERTIFICATE_CHAIN_FOUND'
		});
		// A TSA certificate that had expired at genTime does not vouch for it either.
		const lapsed = await tsaCert({
			serial: '2005',
			notBefore: T.caFrom,
			notAfter: new Date('2025-01-01T00:00:00Z')
		});
		const late = await v.verifyFile(
			await cms(pki.revoked, new Date('2025-08-14T00:00:00Z'), { timestamp: { tsa: lapsed, time: STAMP } })
		);
		expect(late.signatures[0]!.timestamps?.[0]).toMatchObject({
			ok: false,
			subIndication: 'OUT_OF_BOUNDS_NO_POE'
		});
	});
});

describe('a PDF document time-stamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161)', () => {
	const signedPdf = () =>
		createSignedPdf({
			signer: pki.revoked,
			chain: [pki.sub],
			signingTime: new Date('2025-08-10T00:00:00Z'),
			subFilter: 'ETSI.CAdES.detached',
			omitCmsSigningTime: true
		});

	it('is verified on its own and proves the earlier signature existed at its genTime', async () => {
		const pdf = await addDocumentTimestamp(await signedPdf(), { tsa: pki.tsa, time: STAMP });
		const r = await v.verifyFile(pdf);
		expect(r.signatures).toHaveLength(2);
		const [sig, stamp] = r.signatures as [(typeof r.signatures)[0], (typeof r.signatures)[0]];
		expect(stamp.subFilter).toBe('ETSI.RFC3161');
		expect(verdict(stamp)).toEqual(['TOTAL_PASSED', null]);
		expect(stamp.timestampTime).toBe(STAMP.toISOString());
		expect(sig.indication).toBe('TOTAL_PASSED');
		expect(sig.facts?.bestSignatureTimeSource).toBe('document-timestamp');
		expect(sig.bestSignatureTime).toBe(STAMP.toISOString());
		expect(r.indication).toBe('TOTAL_PASSED');
		// The same signature without the document time-stamp: revoked, no proof of existence.
		expect(verdict((await v.verifyFile(await signedPdf())).signatures[0]!)).toEqual([
			'INDETERMINATE',
			'REVOKED_NO_POE'
		]);
	});

	it('one whose imprint does not match the file is TOTAL_FAILED/HASH_FAILURE and proves nothing', async () => {
		const pdf = await addDocumentTimestamp(await signedPdf(), {
			tsa: pki.tsa,
			time: STAMP,
			imprintOver: new TextEncoder().encode('tệp khác')
		});
		const r = await v.verifyFile(pdf);
		const [sig, stamp] = r.signatures as [(typeof r.signatures)[0], (typeof r.signatures)[0]];
		expect(verdict(stamp)).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
		expect(stamp.reasons.join(' ')).toMatch(/messageImprint không khớp/);
		expect(verdict(sig)).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
		expect(r.indication).toBe('TOTAL_FAILED');
	});
});
