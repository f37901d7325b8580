// The verifier's intern table (certificate-interner.ts): one object per distinct DER, found by the DER's length and
// last bytes and confirmed byte by byte, so that certificates whose key collides (same length, same signature bits)
// are still told apart, and the same DER always gives the same object.
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateInterner } from '../../../src/lib/pki/certificate-interner';
import { generateKeyPair, issueCertificate } from '../../../src/lib/pki/testing';

/** Ten DERs of one length and one tail: the certificate with one digit of its subject's CN changed (the signature,
 * which ends the DER, is not checked here). */
let variants: Uint8Array[];
let other: Uint8Array;

beforeAll(async () => {
	const keys = await generateKeyPair();
	const base = {
		keys,
		notBefore: new Date('2024-01-01'),
		notAfter: new Date('2029-01-01')
	};
	const der = (await issueCertificate({ ...base, subject: { cn: 'Interner 0' }, serial: '01' })).der;
	const at = Buffer.from(der).indexOf('Interner 0') + 'Interner '.length;
	variants = [];
	for (let d = 0; d < 10; d++) {
		const v = new Uint8Array(der);
		v[at] = 0x30 + d;
		variants.push(v);
	}
	other = (await issueCertificate({ ...base, subject: { cn: 'Interner X' }, serial: '02' })).der;
});

describe('CertificateInterner', () => {
	it('tells apart DERs whose length and last bytes are the same, and returns one object per DER', () => {
		const t = new CertificateInterner();
		const first = variants.map((v) => t.fromDer(v));
		expect(new Set(first).size).toBe(10);
		first.forEach((c, i) => expect(Buffer.from(c.der).equals(Buffer.from(variants[i]!))).toBe(true));
		// Asked again, in another order and from copies: the same objects (the first eight by their key, the others
		// by their fingerprint).
		for (let i = 9; i >= 0; i--) expect(t.fromDer(new Uint8Array(variants[i]!))).toBe(first[i]);
		expect(t.size).toBe(10);
		const o = t.fromDer(other);
		expect(first).not.toContain(o);
		expect(t.fromDer(new Uint8Array(other))).toBe(o);
		expect(t.size).toBe(11);
	});

	it('interns a parsed certificate by fingerprint, and parseCert gives null for what does not parse', () => {
		const t = new CertificateInterner();
		const c = t.fromDer(variants[3]!);
		expect(t.intern(new CertificateInterner().fromDer(variants[3]!))).toBe(c);
		expect(t.parseCert(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toBeNull();
		expect(t.size).toBe(1);
	});
});
