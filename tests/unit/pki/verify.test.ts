// Real signed files for every verdict: CMS attached/detached and PDF, built from the in-memory test PKI.
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../../../src/lib/pki';
import {
	appendIncrementalUpdate,
	createSignedPdf,
	generateKeyPair,
	signCms,
	signPdf,
	issueCertificate
} from '../../../src/lib/pki/testing';
import { buildTestPki, T, type TestPki } from './fixtures';

const content = new TextEncoder().encode(
	'Quyết định số 15/QĐ-UBND về việc ban hành Quy chế chữ ký số chuyên dùng công vụ'
);
let pki: TestPki;
let v: Verifier;

const verifier = (extra: Partial<Parameters<typeof createVerifier>[0]> = {}) =>
	createVerifier({
		trustAnchors: [pki.root.der],
		revocation: { crls: [pki.rootCrl, pki.subCrl] },
		clock: () => T.now,
		...extra
	});

beforeAll(async () => {
	pki = await buildTestPki();
	v = verifier();
});

const cms = (signer = pki.org, o: Partial<Parameters<typeof signCms>[0]> = {}) =>
	signCms({ content, signer, chain: [pki.sub], signingTime: T.signed, ...o });

describe('CMS verdicts', () => {
	it('passes attached and detached signatures of organisation and individual certificates', async () => {
		const a = await v.verifyFile(await cms());
		expect(a).toMatchObject({ format: 'cms', indication: 'TOTAL_PASSED', subIndication: null });
		expect(a.signatures[0]!.signer!.subject).toBe(
			'CN=Sở Khoa học và Công nghệ, O=UBND tỉnh Đồng Tháp, L=Đồng Tháp, C=VN'
		);
		const d = await v.verifyFile(await cms(pki.person, { detached: true }), { detachedContent: content });
		expect(d.indication).toBe('TOTAL_PASSED');
		expect(d.signatures[0]!.signingTime).toBe(T.signed.toISOString());
	});

	it('HASH_FAILURE when the detached content changed', async () => {
		const changed = new TextEncoder().encode('Quyết định số 16/QĐ-UBND');
		const r = await v.verifyFile(await cms(pki.org, { detached: true }), { detachedContent: changed });
		expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
	});

	it('SIG_CRYPTO_FAILURE when signed with another key than the certificate', async () => {
		const other = await generateKeyPair();
		const r = await v.verifyFile(await cms({ ...pki.org, keys: other }));
		expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
	});

	it('REVOKED_NO_POE when revoked without a proof of existence (whatever time the signer claims); passes with POE before revocation', async () => {
		const after = await v.verifyFile(await cms(pki.revoked, { signingTime: new Date('2025-10-01') }));
		expect([after.indication, after.subIndication]).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
		expect(after.signatures[0]!.reasons.join(' ')).toMatch(/khai báo sau thời điểm thu hồi/);
		const before = await cms(pki.revoked);
		const noPoe = await v.verifyFile(before);
		expect([noPoe.indication, noPoe.subIndication]).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
		const withPoe = await v.verifyFile(before, { poeTime: new Date('2025-07-01T00:00:00Z') });
		expect(withPoe.indication).toBe('TOTAL_PASSED');
		expect(withPoe.signatures[0]!.reasons.join(' ')).toMatch(/thu hồi/);
	});

	it('a verified RFC 3161 time-stamp is a proof of existence', async () => {
		const r = await v.verifyFile(
			await cms(pki.revoked, { timestamp: { tsa: pki.tsa, time: new Date('2025-06-01T03:00:00Z') } })
		);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(r.signatures[0]!.timestampTime).toBe('2025-06-01T03:00:00.000Z');
		// A time-stamp over another signature value proves nothing.
		const foreign = await cms(pki.revoked, {
			timestamp: { tsa: pki.tsa, time: new Date('2025-06-01T03:00:00Z') }
		});
		const plain = await cms(pki.revoked, { signingTime: new Date('2025-06-02') });
		expect((await v.verifyFile(plain)).subIndication).toBe('REVOKED_NO_POE');
		expect(foreign.length).toBeGreaterThan(plain.length);
	});

	it('OUT_OF_BOUNDS_NO_POE for an expired certificate (also when the claimed time is after expiry), TOTAL_PASSED with archive POE', async () => {
		const f = await cms(pki.expired);
		expect((await v.verifyFile(f)).subIndication).toBe('OUT_OF_BOUNDS_NO_POE');
		const archived = await v.verifyFile(f, { poeTime: new Date('2025-07-01T00:00:00Z') });
		expect(archived.indication).toBe('TOTAL_PASSED');
		const late = await v.verifyFile(await cms(pki.expired, { signingTime: new Date('2026-01-15') }));
		expect([late.indication, late.subIndication]).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
		expect(late.signatures[0]!.reasons.join(' ')).toMatch(/khai báo .* sau khi chứng thư hết hạn/);
	});

	it('NOT_YET_VALID for a certificate valid only from 2027', async () => {
		const r = await v.verifyFile(await cms(pki.future, { signingTime: new Date('2026-02-01') }));
		expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'NOT_YET_VALID']);
	});

	it('NO_CERTIFICATE_CHAIN_FOUND for an untrusted root, NO_SIGNING_CERTIFICATE_FOUND without the certificate', async () => {
		const r = await v.verifyFile(await signCms({ content, signer: pki.stranger, signingTime: T.signed }));
		expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
		const n = await v.verifyFile(await cms(pki.org, { omitSignerCertificate: true }));
		expect(n.subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
	});

	it('CHAIN_CONSTRAINTS_FAILURE for a key not usable for signing and for a leaf acting as CA', async () => {
		expect((await v.verifyFile(await cms(pki.noSignUsage))).subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
		const underLeaf = await issueCertificate({
			issuer: pki.org,
			subject: { cn: 'Nguyễn Văn Giả Mạo' },
			keys: pki.org.keys,
			notBefore: T.leafFrom,
			notAfter: T.leafTo
		});
		const r = await v.verifyFile(
			await signCms({ content, signer: underLeaf, chain: [pki.org, pki.sub], signingTime: T.signed })
		);
		expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE']);
	});

	it('CRYPTO_CONSTRAINTS_FAILURE for RSA-1024 and for SHA-1 after the cut-off', async () => {
		expect((await v.verifyFile(await cms(pki.weak))).subIndication).toBe('CRYPTO_CONSTRAINTS_FAILURE');
		expect((await v.verifyFile(await cms(pki.org, { hash: 'sha1' }))).subIndication).toBe(
			'CRYPTO_CONSTRAINTS_FAILURE'
		);
	});

	it('TRY_LATER without revocation data, SIGNED_DATA_NOT_FOUND without the detached content', async () => {
		const offline = createVerifier({ trustAnchors: [pki.root.der], clock: () => T.now });
		expect((await offline.verifyFile(await cms())).subIndication).toBe('TRY_LATER');
		const stale = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl, pki.subCrl] },
			clock: () => new Date('2026-05-01')
		});
		expect((await stale.verifyFile(await cms())).subIndication).toBe('TRY_LATER');
		expect((await v.verifyFile(await cms(pki.org, { detached: true }))).subIndication).toBe(
			'SIGNED_DATA_NOT_FOUND'
		);
	});

	it('FORMAT_FAILURE for random, truncated and empty input', async () => {
		const good = await cms();
		for (const bad of [
			new Uint8Array(0),
			good.subarray(0, good.length / 2),
			new Uint8Array(4096).map((_, i) => (i * 7919) % 256)
		]) {
			const r = await v.verifyFile(bad);
			expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
			expect(r.error).toBeTruthy();
		}
	});

	it('caches chains: the second thousand documents reuse the first result', async () => {
		const fresh = verifier();
		const f = await cms();
		await fresh.verifyFile(f);
		const before = fresh.stats().chainCacheEntries;
		for (let i = 0; i < 20; i++) expect((await fresh.verifyFile(f)).indication).toBe('TOTAL_PASSED');
		expect(fresh.stats().chainCacheEntries).toBe(before);
	});
});

describe('PDF verdicts', () => {
	it('verifies both signatures of a twice-signed PDF and flags the first as not covering the file', async () => {
		const one = await createSignedPdf({
			signer: pki.person,
			chain: [pki.sub],
			signingTime: T.signed,
			text: 'Cong van 05/SKHCN-VP'
		});
		const two = await signPdf(one, {
			signer: pki.org,
			chain: [pki.sub],
			signingTime: new Date('2025-06-01T03:00:00Z'),
			subFilter: 'ETSI.CAdES.detached'
		});
		const r = await v.verifyFile(two, { fileName: 'van-ban.pdf' });
		expect(r.format).toBe('pdf');
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(r.signatures.map((s) => [s.indication, s.coversWholeDocument, s.subFilter])).toEqual([
			['TOTAL_PASSED', false, 'adbe.pkcs7.detached'],
			['TOTAL_PASSED', true, 'ETSI.CAdES.detached']
		]);
		expect(r.notes).toEqual([]);
	});

	it('flags an incremental update after signing; strict mode makes it SIG_CONSTRAINTS_FAILURE', async () => {
		const upd = appendIncrementalUpdate(
			await createSignedPdf({ signer: pki.org, chain: [pki.sub], signingTime: T.signed })
		);
		const r = await v.verifyFile(upd);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(r.signatures[0]!.coversWholeDocument).toBe(false);
		expect(r.notes.join(' ')).toMatch(/sau chữ ký cuối cùng/);
		const strict = await verifier({ strictIncrementalUpdates: true }).verifyFile(upd);
		expect([strict.indication, strict.subIndication]).toEqual(['INDETERMINATE', 'SIG_CONSTRAINTS_FAILURE']);
	});

	it('HASH_FAILURE when a signed byte changed, FORMAT_FAILURE when /ByteRange points outside the file', async () => {
		const pdf = await createSignedPdf({
			signer: pki.org,
			chain: [pki.sub],
			signingTime: T.signed,
			text: 'So tien 1000000'
		});
		const text = Buffer.from(pdf).toString('latin1');
		const tampered = Buffer.from(text.replace('So tien 1000000', 'So tien 9000000'), 'latin1');
		const h = await v.verifyFile(tampered);
		expect([h.indication, h.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
		const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\] */.exec(text)!;
		const outside = text.replace(
			m[0],
			`/ByteRange [0 ${m[1]} ${m[2]} ${Number(m[3]) + 5000}]`.padEnd(m[0].length, ' ').slice(0, m[0].length)
		);
		const o = await v.verifyFile(Buffer.from(outside, 'latin1'));
		expect([o.indication, o.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
		expect(o.signatures[0]!.reasons.join(' ')).toMatch(/ngoài tệp/);
	});

	it('FORMAT_FAILURE for an unsigned PDF and a truncated one', async () => {
		const pdf = await createSignedPdf({ signer: pki.org, chain: [pki.sub], signingTime: T.signed });
		const unsigned = Buffer.from(
			Buffer.from(pdf)
				.toString('latin1')
				.replace(/\/ByteRange/g, '/Bytexange'),
			'latin1'
		);
		expect((await v.verifyFile(unsigned)).subIndication).toBe('FORMAT_FAILURE');
		const cut = await v.verifyFile(pdf.subarray(0, pdf.length - 300));
		expect([cut.indication, cut.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
	});
});
