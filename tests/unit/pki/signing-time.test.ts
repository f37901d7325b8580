// Validity at signing time (Decree 68 Art. 31; ETSI EN 319 102-1 5.5): the claimed signing time (CMS signingTime,
// else the PDF's /M) against the signer certificate's validity and revocation, with proofs of existence (archive
// time, time-stamp) that show a signature was made in time, and the policy level of the check.
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../../../src/lib/pki';
import { parsePdfDate } from '../../../src/lib/pki/pdf-date';
import { createSignedPdf, signCms } from '../../../src/lib/pki/testing';
import { buildTestPki, T, type TestPki } from './fixtures';

const content = new TextEncoder().encode('Quyết định số 20/QĐ-UBND về việc phê duyệt kế hoạch');
let pki: TestPki;
let v: Verifier;
beforeAll(async () => {
	pki = await buildTestPki();
	v = verifier();
});
const verifier = (policy = {}) =>
	createVerifier({
		trustAnchors: [pki.root.der],
		revocation: { crls: [pki.rootCrl, pki.subCrl] },
		clock: () => T.now,
		policy
	});
const cms = (signer: TestPki['org'], signingTime: Date, o: Partial<Parameters<typeof signCms>[0]> = {}) =>
	signCms({ content, signer, chain: [pki.sub], signingTime, ...o });
const verdict = (r: { indication: string; subIndication: string | null }) => [r.indication, r.subIndication];

describe('a claimed signing time before the certificate was valid', () => {
	it('is INDETERMINATE/NOT_YET_VALID, explained with Decree 68 Art. 31, and no proof of existence helps', async () => {
		const f = await cms(pki.person, new Date('2023-06-01T00:00:00Z'));
		const r = await v.verifyFile(f);
		expect(verdict(r)).toEqual(['INDETERMINATE', 'NOT_YET_VALID']);
		expect(r.signatures[0]!.reasons[0]).toMatch(/trước khi chứng thư người ký có hiệu lực.*Điều 31/);
		const archived = await v.verifyFile(f, { poeTime: new Date('2025-07-01T00:00:00Z') });
		expect(verdict(archived)).toEqual(['INDETERMINATE', 'NOT_YET_VALID']);
		// The same signature with a claimed time inside the validity passes.
		expect((await v.verifyFile(await cms(pki.person, T.signed))).indication).toBe('TOTAL_PASSED');
	});

	it('follows the level of the signing-time check: WARN passes with a warning, INFORM with a note, IGNORE silently', async () => {
		const f = await cms(pki.person, new Date('2023-06-01T00:00:00Z'));
		const warn = await verifier({ signingTime: 'WARN' }).verifyFile(f);
		expect(warn.indication).toBe('TOTAL_PASSED');
		expect(warn.warnings).toEqual([
			expect.stringMatching(/^Chữ ký 1: thời điểm ký khai báo .* trước khi chứng thư/)
		]);
		expect(warn.signatures[0]!.reasons.some((x) => x.startsWith('Cảnh báo: thời điểm ký khai báo'))).toBe(
			true
		);
		const inform = await verifier({ signingTime: 'INFORM' }).verifyFile(f);
		expect(inform.indication).toBe('TOTAL_PASSED');
		expect(inform.warnings).toBeUndefined();
		expect(inform.signatures[0]!.reasons.some((x) => x.startsWith('Lưu ý: thời điểm ký khai báo'))).toBe(
			true
		);
		const ignore = await verifier({ signingTime: 'IGNORE' }).verifyFile(f);
		expect(ignore.indication).toBe('TOTAL_PASSED');
		expect(ignore.signatures[0]!.reasons.join(' ')).not.toMatch(/thời điểm ký khai báo/);
	});

	it('a signature proven to exist before the certificate was valid is TOTAL_FAILED/NOT_YET_VALID (ETSI 5.5.4)', async () => {
		const r = await v.verifyFile(await cms(pki.future, new Date('2026-02-01T00:00:00Z')));
		expect(verdict(r)).toEqual(['TOTAL_FAILED', 'NOT_YET_VALID']);
	});
});

describe('a claimed signing time after expiry or revocation', () => {
	it('after notAfter: INDETERMINATE/OUT_OF_BOUNDS_NO_POE, unless the archive time shows it was signed in time', async () => {
		const f = await cms(pki.expired, new Date('2026-01-15T00:00:00Z'));
		const r = await v.verifyFile(f);
		expect(verdict(r)).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
		expect(r.signatures[0]!.reasons.join(' ')).toMatch(/khai báo .* sau khi chứng thư hết hạn/);
		const archived = await v.verifyFile(f, { poeTime: new Date('2025-07-01T00:00:00Z') });
		expect(archived.indication).toBe('TOTAL_PASSED');
		expect(archived.signatures[0]!.reasons.join(' ')).toMatch(
			/sau khi chứng thư hết hạn, nhưng chữ ký có bằng chứng tồn tại lúc 2025-07-01/
		);
	});

	it('after revocation: INDETERMINATE/REVOKED_NO_POE, unless an archive time or a time-stamp shows it was signed before', async () => {
		const claimed = new Date('2025-10-01T00:00:00Z');
		const r = await v.verifyFile(await cms(pki.revoked, claimed));
		expect(verdict(r)).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
		expect(r.signatures[0]!.reasons.join(' ')).toMatch(/khai báo sau thời điểm thu hồi/);
		const archived = await v.verifyFile(await cms(pki.revoked, claimed), {
			poeTime: new Date('2025-08-01T00:00:00Z')
		});
		expect(archived.indication).toBe('TOTAL_PASSED');
		expect(archived.signatures[0]!.reasons.join(' ')).toMatch(
			/bằng chứng tồn tại cho thấy chữ ký được tạo trước đó/
		);
		// Claimed before the time-stamp (a claim after it would be inconsistent: see timestamps.test.ts).
		const stamped = await v.verifyFile(
			await cms(pki.revoked, new Date('2025-08-14T00:00:00Z'), {
				timestamp: { tsa: pki.tsa, time: new Date('2025-08-15T00:00:00Z') }
			})
		);
		expect(stamped.indication).toBe('TOTAL_PASSED');
		expect(stamped.signatures[0]!.timestampTime).toBe('2025-08-15T00:00:00.000Z');
	});
});

describe("a PDF signature's /M", () => {
	it('is the claimed signing time when the CMS has none (PAdES), and is held to the same rule', async () => {
		const early = await createSignedPdf({
			signer: pki.person,
			chain: [pki.sub],
			signingTime: new Date('2023-12-01T08:00:00Z'),
			subFilter: 'ETSI.CAdES.detached',
			omitCmsSigningTime: true
		});
		const r = await v.verifyFile(early);
		expect(verdict(r)).toEqual(['INDETERMINATE', 'NOT_YET_VALID']);
		expect(r.signatures[0]!.signingTime).toBe('2023-12-01T08:00:00.000Z');
		expect(r.signatures[0]!.facts?.claimedSigningTimeSource).toBe('pdf-m');
		const ok = await createSignedPdf({
			signer: pki.person,
			chain: [pki.sub],
			signingTime: T.signed,
			subFilter: 'ETSI.CAdES.detached',
			omitCmsSigningTime: true
		});
		const passed = await v.verifyFile(ok);
		expect(passed.indication).toBe('TOTAL_PASSED');
		expect(passed.signatures[0]!.reasons.join(' ')).toMatch(/\/M của từ điển chữ ký PDF/);
	});

	it('reads PDF date strings (ISO 32000-1 7.9.4) and refuses what is not one', () => {
		expect(parsePdfDate("D:20250601090000+07'00'")?.toISOString()).toBe('2025-06-01T02:00:00.000Z');
		expect(parsePdfDate("D:20250601090000+07'00")?.toISOString()).toBe('2025-06-01T02:00:00.000Z');
		expect(parsePdfDate('D:20250601020000Z')?.toISOString()).toBe('2025-06-01T02:00:00.000Z');
		expect(parsePdfDate("D:20250601020000-05'30'")?.toISOString()).toBe('2025-06-01T07:30:00.000Z');
		expect(parsePdfDate('D:2025')?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
		expect(parsePdfDate('D:20250230')).toBeNull();
		expect(parsePdfDate('D:20251301')).toBeNull();
		expect(parsePdfDate('20250601')).toBeNull();
		expect(parsePdfDate("D:20250601090000+15'00'")).toBeNull();
	});
});
