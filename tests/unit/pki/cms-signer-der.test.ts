// The DER SignerInfo reader against its previous implementation (cms-signer-der-old.ts) on SignerInfos with random
// byte changes: both decline the same inputs (null: left to asn1js) and read the others alike. The ninth benchmark
// round rewrote how it walks the attributes (positions instead of TLV arrays and a Map) and made the signature and
// messageDigest views, not copies.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCms, type CmsSigner } from '../../../src/lib/pki/cms';
import { parseSignerDer } from '../../../src/lib/pki/cms-signer-der';
import { children, readTlv, type Tlv } from '../../../src/lib/pki/der-reader';
import { signCms } from '../../../src/lib/pki/testing';
import { parseSignerDer as parseSignerDerOld } from './cms-signer-der-old';
import { buildTestPki, T, type TestPki } from './fixtures';

let pki: TestPki;
beforeAll(async () => {
	pki = await buildTestPki();
});

const hex = (b: Uint8Array | ArrayBuffer | null | undefined) =>
	b ? Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex') : null;
const comparable = (s: CmsSigner | null) =>
	s && {
		sid: s.sid,
		cert: s.cert?.fingerprint ?? null,
		digestOid: s.digestOid,
		alg: s.signatureAlg.algorithm,
		params: s.signatureAlg.parameters === null ? 'NULL' : hex(s.signatureAlg.parameters),
		signature: hex(s.signature),
		signedAttrs: hex(s.signedAttrs),
		contentType: s.contentType,
		messageDigest: hex(s.messageDigest),
		signingTime: s.signingTime?.toISOString() ?? null,
		essCerts: s.essCerts,
		timestampTokens: s.timestampTokens.map(hex),
		embeddedOcsp: s.embeddedOcsp.map(hex),
		embeddedCrls: s.embeddedCrls.map(hex)
	};

/** The SignerInfo TLVs of a DER SignedData (ContentInfo → [0] → SignedData → last SET). */
function signerInfos(b: Uint8Array): Tlv[] {
	const ci = children(b, readTlv(b, 0));
	const sd = children(b, children(b, ci[1]!)[0]!);
	return children(b, sd[sd.length - 1]!);
}

describe('parseSignerDer', () => {
	it('reads 6,000 mutated SignerInfos as the previous reader did, declining the same ones', async () => {
		const files = [
			await signCms({
				content: new Uint8Array([1, 2, 3]),
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed
			}),
			await signCms({
				content: new Uint8Array([4, 5]),
				signer: pki.person,
				chain: [pki.sub],
				signingTime: T.signed,
				hash: 'sha1',
				signingCertificateV2: false
			}),
			await signCms({
				content: new Uint8Array([6]),
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed,
				timestamp: { tsa: pki.tsa, time: T.signed }
			})
		];
		const parsed = files.map((f) => ({ f, certs: parseCms(f).certificates, si: signerInfos(f)[0]! }));
		let seed = 5;
		const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
		let read = 0;
		let declined = 0;
		for (let i = 0; i < 6000; i++) {
			const { f, certs, si } = parsed[i % parsed.length]!;
			const b = f.slice();
			// Mostly one changed byte anywhere in the SignerInfo (tags, lengths, OIDs, values); sometimes none.
			const changes = i % 10 === 0 ? 0 : 1 + Math.floor(rnd() * 2);
			for (let k = 0; k < changes; k++) {
				const at = si.start + Math.floor(rnd() * (si.end - si.start));
				b[at] = rnd() < 0.5 ? Math.floor(rnd() * 256) : b[at]! ^ (1 << Math.floor(rnd() * 8));
			}
			let t: Tlv;
			try {
				t = readTlv(b, si.start);
			} catch {
				continue;
			}
			const want = comparable(parseSignerDerOld(b, t, certs));
			const got = comparable(parseSignerDer(b, t, certs));
			expect(got).toEqual(want);
			if (want) read++;
			else declined++;
		}
		// Both outcomes occur often enough for the comparison to mean something.
		expect(read).toBeGreaterThan(1000);
		expect(declined).toBeGreaterThan(500);
	});
});
