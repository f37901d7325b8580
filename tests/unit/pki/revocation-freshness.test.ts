// Revocation freshness (ETSI EN 319 102-1 5.2.5, as EU DSS applies it): data supports a check at T when issued
// after T or within the maximum age; the newest answer wins, a verified "revoked" never yields to an older "good";
// without fresh data the verdict is TRY_LATER (FAIL) or a pass with a warning (WARN), never a silent pass; online,
// the OCSP responder and the distribution point are asked through the injected fetch hook.
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, parseCertificate } from '../../../src/lib/pki';
import { buildOcspRequest } from '../../../src/lib/pki/ocsp';
import {
	decidingAnswer,
	supportsCheckAt,
	type RevocationAnswer
} from '../../../src/lib/pki/revocation-freshness';
import {
	answerOcspRequest,
	createCrl,
	issueCertificate,
	signCms,
	type Issued,
	type OcspAnswer
} from '../../../src/lib/pki/testing';
import { buildTestPki, T, type TestPki } from './fixtures';

const OCSP_URL = 'http://ocsp.kiemthu.invalid/';
const content = new TextEncoder().encode('Báo cáo số 7/BC-SKHCN');
let pki: TestPki;
beforeAll(async () => {
	pki = await buildTestPki(OCSP_URL);
});

const d = (s: string) => new Date(s);
const answer = (
	o: Partial<RevocationAnswer> & Pick<RevocationAnswer, 'status' | 'issuedAt'>
): RevocationAnswer => ({
	source: 'crl',
	nextUpdate: null,
	...o
});

describe('supportsCheckAt and decidingAnswer', () => {
	it('an answer issued at or after T supports it, however old its nextUpdate', () => {
		const a = { issuedAt: d('2026-02-20'), nextUpdate: d('2026-02-21') };
		expect(supportsCheckAt(a, d('2026-02-20'), 0)).toBe(true);
		expect(supportsCheckAt(a, d('2025-06-01'), null)).toBe(true);
	});

	it('an answer issued before T supports it within the maximum age: the policy one, else its own interval', () => {
		const a = { issuedAt: d('2026-02-20'), nextUpdate: d('2026-04-01') };
		expect(supportsCheckAt(a, d('2026-03-31'), null)).toBe(true);
		expect(supportsCheckAt(a, d('2026-04-02'), null)).toBe(false);
		expect(supportsCheckAt(a, d('2026-03-01'), 86_400_000)).toBe(false);
		expect(supportsCheckAt(a, d('2026-02-20T12:00:00Z'), 86_400_000)).toBe(true);
		// No nextUpdate and no policy maximum: clock skew only.
		const o = { issuedAt: d('2026-03-01T00:00:00Z'), nextUpdate: null };
		expect(supportsCheckAt(o, d('2026-03-01T00:04:00Z'), null)).toBe(true);
		expect(supportsCheckAt(o, d('2026-03-01T00:06:00Z'), null)).toBe(false);
	});

	it('the newest answer wins, but a revocation stands against newer good answers unless it was a hold', () => {
		const good = answer({ status: 'good', issuedAt: d('2026-02-20') });
		const oldRevoked = answer({
			status: 'revoked',
			issuedAt: d('2026-02-10'),
			reasonCode: 1,
			source: 'ocsp'
		});
		const oldHold = answer({ status: 'revoked', issuedAt: d('2026-02-10'), reasonCode: 6 });
		const newRevoked = answer({ status: 'revoked', issuedAt: d('2026-02-25'), reasonCode: null });
		expect(decidingAnswer([good, newRevoked])).toBe(newRevoked);
		expect(decidingAnswer([good, oldRevoked])).toBe(oldRevoked);
		expect(decidingAnswer([oldHold, good])).toBe(good);
		expect(decidingAnswer([answer({ status: 'good', issuedAt: d('2026-02-10') }), oldHold])).toBe(oldHold);
		expect(decidingAnswer([])).toBeNull();
	});
});

/** A real OCSP response for `cert` signed by its CA (pki.sub), as if fetched or carried. */
function ocspFor(cert: Issued, status: OcspAnswer, thisUpdate: Date, signer = pki.sub): Uint8Array {
	const req = buildOcspRequest(parseCertificate(cert.der), parseCertificate(pki.sub.der));
	return answerOcspRequest(req, {
		issuer: pki.sub,
		responder: signer,
		statusOf: () => status,
		thisUpdate: () => thisUpdate,
		validityMs: 7 * 86_400_000
	});
}
const cms = (signer: Issued, o: Partial<Parameters<typeof signCms>[0]> = {}) =>
	signCms({ content, signer, chain: [pki.sub], signingTime: T.signed, ...o });
const offline = (o: Partial<Parameters<typeof createVerifier>[0]> = {}, now = T.now) => {
	const { revocation, ...rest } = o;
	return createVerifier({
		trustAnchors: [pki.root.der],
		clock: () => now,
		...rest,
		revocation: { crls: [pki.rootCrl, pki.subCrl], ...revocation }
	});
};
const STALE = d('2026-05-01T00:00:00Z'); // after the CRLs' nextUpdate (2026-04-01)

describe('without fresh revocation data', () => {
	it('FAIL (the default, `require`): INDETERMINATE/TRY_LATER naming the certificate and the CRL date', async () => {
		const r = await offline({}, STALE).verifyFile(await cms(pki.org));
		expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'TRY_LATER']);
		expect(r.signatures[0]!.reasons[0]).toMatch(/không đủ mới cho thời điểm 2026-05-01/);
	});

	it('WARN (or the older `warn` / `if-available`): passes with a warning, never silently', async () => {
		for (const v of [
			offline({ policy: { revocationFreshness: 'WARN' } }, STALE),
			offline({ revocation: { policy: 'warn' } }, STALE),
			offline({ revocation: { policy: 'if-available' } }, STALE)
		]) {
			const r = await v.verifyFile(await cms(pki.org));
			expect(r.indication).toBe('TOTAL_PASSED');
			expect(r.warnings?.length).toBeGreaterThan(0);
			expect(r.explanation).toMatch(/cảnh báo/);
			expect(r.signatures[0]!.reasons.join(' ')).toMatch(/Cảnh báo: .*không đủ mới/);
		}
		// No data at all, under WARN, is also a warning.
		const none = createVerifier({
			trustAnchors: [pki.root.der],
			clock: () => T.now,
			policy: { revocationFreshness: 'WARN' }
		});
		const r = await none.verifyFile(await cms(pki.org));
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(r.warnings?.join(' ')).toMatch(/không tìm thấy CRL/);
	});

	it('a policy maximum age shorter than the CRL interval makes a 9-day-old CRL insufficient', async () => {
		const day = offline({ policy: { revocationMaxAgeSeconds: 86_400 } });
		expect((await day.verifyFile(await cms(pki.org))).subIndication).toBe('TRY_LATER');
		const month = offline({ policy: { revocationMaxAgeSeconds: 30 * 86_400 } });
		expect((await month.verifyFile(await cms(pki.org))).indication).toBe('TOTAL_PASSED');
	});

	it('a CRL issued after the time checked supports it even once past its nextUpdate (archive proof of existence)', async () => {
		const v = offline({ policy: { revocationMaxAgeSeconds: 86_400 } }, d('2026-06-01T00:00:00Z'));
		const f = await cms(pki.org);
		expect((await v.verifyFile(f)).subIndication).toBe('TRY_LATER');
		expect((await v.verifyFile(f, { poeTime: d('2025-07-01T00:00:00Z') })).indication).toBe('TOTAL_PASSED');
	});
});

describe('several answers', () => {
	it('a carried OCSP "revoked" newer than the good CRL wins: REVOKED_NO_POE', async () => {
		const ocsp = ocspFor(
			pki.org,
			{ status: 'revoked', revokedAt: d('2026-02-25'), reason: 1 },
			d('2026-02-26')
		);
		const r = await offline().verifyFile(await cms(pki.org, { ocspResponses: [ocsp] }));
		expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'REVOKED_NO_POE']);
		expect(r.signatures[0]!.reasons[0]).toMatch(/bị thu hồi \(lộ khóa\), lúc 2026-02-25/);
	});

	it('an older OCSP "revoked" (key compromise) is not outweighed by the newer good CRL; a lifted hold is', async () => {
		const compromised = ocspFor(
			pki.person,
			{ status: 'revoked', revokedAt: d('2026-02-09'), reason: 1 },
			d('2026-02-10')
		);
		const r = await offline().verifyFile(await cms(pki.person, { ocspResponses: [compromised] }));
		expect(r.subIndication).toBe('REVOKED_NO_POE');
		const hold = ocspFor(
			pki.person,
			{ status: 'revoked', revokedAt: d('2026-02-09'), reason: 6 },
			d('2026-02-10')
		);
		expect((await offline().verifyFile(await cms(pki.person, { ocspResponses: [hold] }))).indication).toBe(
			'TOTAL_PASSED'
		);
	});

	it('a "revoked" answer that does not verify under the trust store counts for nothing', async () => {
		const forged = ocspFor(
			pki.org,
			{ status: 'revoked', revokedAt: d('2026-02-25'), reason: 1 },
			d('2026-02-26'),
			pki.stranger
		);
		expect((await offline().verifyFile(await cms(pki.org, { ocspResponses: [forged] }))).indication).toBe(
			'TOTAL_PASSED'
		);
	});
});

const CDP = 'http://crl.kiemthu.invalid/sub.crl';
const ROOT_CDP = 'http://127.0.0.1:9/root.crl'; // the sub-CA's distribution point (fixtures.ts)

const body = (b: Uint8Array) => new Blob([new Uint8Array(b)]);

/** The network as the fetch hook sees it: the OCSP responder and the two distribution points, with newer data. */
async function network() {
	const calls: string[] = [];
	const next = { thisUpdate: d('2026-04-30T00:00:00Z'), nextUpdate: d('2026-05-30T00:00:00Z') };
	const rootCrl = (await createCrl({ issuer: pki.root, crlNumber: 2, ...next })).der;
	const subCrl = (await createCrl({ issuer: pki.sub, crlNumber: 8, ...next })).der;
	const hook = (async (url: string | URL, init?: RequestInit) => {
		calls.push(String(url));
		if (String(url) === OCSP_URL)
			return new Response(
				body(
					answerOcspRequest(new Uint8Array(init!.body as Buffer), {
						issuer: pki.sub,
						responder: pki.ocspSigner,
						statusOf: () => ({ status: 'good' }),
						thisUpdate: () => STALE
					})
				)
			);
		if (String(url) === ROOT_CDP) return new Response(body(rootCrl));
		if (String(url) === CDP) return new Response(body(subCrl));
		return new Response(null, { status: 404 });
	}) as typeof fetch;
	return { calls, hook };
}

describe('online (the injected fetch hook)', () => {
	it('asks nothing while the local CRLs support the check', async () => {
		const net = await network();
		const r = await offline({ revocation: { online: true, fetch: net.hook } }).verifyFile(await cms(pki.org));
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(net.calls).toEqual([]);
	});

	it('once they do not, asks the OCSP responder (AIA) and the distribution point (CDP)', async () => {
		const net = await network();
		const r = await offline({ revocation: { online: true, fetch: net.hook } }, STALE).verifyFile(
			await cms(pki.org)
		);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(net.calls).toEqual([OCSP_URL, ROOT_CDP]);
		const [leaf, ca] = r.signatures[0]!.facts!.revocation;
		expect(leaf).toMatchObject({ index: 2, status: 'good', source: 'ocsp', issuedAt: STALE.toISOString() });
		expect(ca).toMatchObject({
			index: 1,
			status: 'good',
			source: 'crl',
			issuedAt: '2026-04-30T00:00:00.000Z'
		});
	});

	it('a certificate without an OCSP responder gets a newer CRL from its distribution point', async () => {
		const withCdp = await issueCertificate({
			issuer: pki.sub,
			subject: { cn: 'Trần Thị Phân Phối', o: 'UBND tỉnh Đồng Tháp' },
			keys: pki.org.keys,
			notBefore: T.leafFrom,
			notAfter: T.leafTo,
			serial: '100a',
			crlUrl: CDP
		});
		const net = await network();
		const r = await offline({ revocation: { online: true, fetch: net.hook } }, STALE).verifyFile(
			await cms(withCdp)
		);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(net.calls).toEqual([CDP, ROOT_CDP]);
	});
});
