// A real CA's CRL lists tens of thousands of certificates, beyond asn1js's default node limit;
// and a person whose family name is also an organisation word ("Đoàn") is still a person.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCrl } from '../../../src/lib/pki';
import { describeCertificate } from '../../../src/lib/pki/certificate-describe';
import { parseCertificate } from '../../../src/lib/pki/certificate';
import { crlSigner } from '../../../src/lib/pki/crl-signer';
import { sign } from 'node:crypto';
import {
	generateKeyPair,
	issueCertificate,
	createCrl,
	nodePrivateKey,
	type Issued
} from '../../../src/lib/pki/testing';

/** DER: tag, definite length, content. */
function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
	const body = Buffer.concat(parts);
	const n = body.length;
	const len =
		n < 0x80
			? [n]
			: n < 0x100
				? [0x81, n]
				: n < 0x10000
					? [0x82, n >> 8, n & 0xff]
					: [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
	return Buffer.concat([Buffer.from([tag, ...len]), body]);
}
const integer = (hex: string) => {
	const b = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
	return tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
};
const utcTime = (d: Date) => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'));

/** A v2 CRL from `issuer` listing `count` serials from 0x100000, with CRL number 7, signed sha256WithRSA. */
function largeCrl(issuer: Issued, count: number): Uint8Array {
	const sha256WithRsa = tlv(0x30, Buffer.from('06092a864886f70d01010b', 'hex'), Buffer.from([0x05, 0x00]));
	const revokedAt = utcTime(new Date('2025-06-01T00:00:00Z'));
	const entries = Array.from({ length: count }, (_, i) =>
		tlv(0x30, integer((0x100000 + i).toString(16)), revokedAt)
	);
	const crlNumber = tlv(0x30, Buffer.from('0603551d14', 'hex'), tlv(0x04, integer('07')));
	const tbs = tlv(
		0x30,
		integer('01'),
		sha256WithRsa,
		Buffer.from(issuer.cert.subjectName.toArrayBuffer()),
		utcTime(new Date('2026-01-01T00:00:00Z')),
		utcTime(new Date('2026-02-01T00:00:00Z')),
		tlv(0x30, ...entries),
		tlv(0xa0, tlv(0x30, crlNumber))
	);
	const signature = sign('sha256', tbs, nodePrivateKey(issuer.keys.privateKey));
	return new Uint8Array(tlv(0x30, tbs, sha256WithRsa, tlv(0x03, Buffer.from([0]), signature)));
}

let root: Issued;
beforeAll(async () => {
	const keys = await generateKeyPair();
	root = await issueCertificate({
		subject: { cn: 'RootCA chuyên dùng Chính phủ G2 (TEST)', o: 'Ban Cơ yếu Chính phủ' },
		keys,
		notBefore: new Date('2020-01-01T00:00:00Z'),
		notAfter: new Date('2040-01-01T00:00:00Z'),
		profile: 'ca'
	});
});

describe('large CRLs', () => {
	it('parses a CRL of 20,000 entries (over 10,000 ASN.1 nodes) with every entry', () => {
		// Encoded by hand below: @peculiar/x509's generator takes most of a minute for 20,000 entries on a busy
		// machine, and an encoder independent of the parser's libraries is a fairer test anyway.
		const der = largeCrl(root, 20_000);
		const crl = parseCrl(der);
		expect(crl.entries.size).toBe(20_000);
		expect(crl.entries.has((0x100000 + 19_999).toString(16))).toBe(true);
		expect(crl.crlNumber).toBe(7n);
		expect(crl.nextUpdate?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
		expect(crlSigner(crl, [parseCertificate(root.der)])?.fingerprint).toBe(
			parseCertificate(root.der).fingerprint
		);
	});

	it('keeps every entry of a CRL without nextUpdate (the schema decoder alone drops them)', async () => {
		const revoked = [{ serialHex: '0abc01', date: new Date('2025-06-01T00:00:00Z') }];
		const { der } = await createCrl({ issuer: root, thisUpdate: new Date('2026-01-01T00:00:00Z'), revoked });
		const crl = parseCrl(der);
		expect(crl.nextUpdate).toBeNull();
		expect([...crl.entries.keys()]).toEqual(['0abc01']);
	});
});

describe('classification of Vietnamese subjects', () => {
	it('takes a titled subject whose family name is Đoàn for an individual', async () => {
		const keys = await generateKeyPair();
		const leaf = await issueCertificate({
			subject: {
				cn: 'Đoàn Văn Bình',
				title: 'Phó Giám đốc',
				ou: 'Sở Y tế',
				l: 'Đồng Tháp',
				email: 'dvbinh@dongthap.gov.vn'
			},
			issuer: root,
			keys,
			notBefore: new Date('2025-01-01T00:00:00Z'),
			notAfter: new Date('2027-01-01T00:00:00Z')
		});
		expect(describeCertificate(leaf.der).kind).toBe('individual');
	});

	it('still takes the youth union for an organisation', async () => {
		const keys = await generateKeyPair();
		const org = await issueCertificate({
			subject: {
				cn: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Đồng Tháp',
				o: 'Tỉnh ủy Đồng Tháp',
				l: 'Đồng Tháp'
			},
			issuer: root,
			keys,
			notBefore: new Date('2025-01-01T00:00:00Z'),
			notAfter: new Date('2027-01-01T00:00:00Z')
		});
		expect(describeCertificate(org.der).kind).toBe('organisation');
	});
});
