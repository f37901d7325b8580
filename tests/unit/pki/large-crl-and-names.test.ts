// A real CA's CRL lists tens of thousands of certificates, beyond asn1js's default node limit;
// and a person whose family name is also an organisation word ("Đoàn") is still a person.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCrl } from '../../../src/lib/pki';
import { describeCertificate } from '../../../src/lib/pki/certificate-describe';
import { generateKeyPair, issueCertificate, createCrl, type Issued } from '../../../src/lib/pki/testing';

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
	it('parses a CRL of 20,000 entries (over 10,000 ASN.1 nodes) with every entry', async () => {
		const revoked = Array.from({ length: 20_000 }, (_, i) => ({
			serialHex: (0x100000 + i).toString(16),
			date: new Date('2025-06-01T00:00:00Z')
		}));
		const { der } = await createCrl({
			issuer: root,
			thisUpdate: new Date('2026-01-01T00:00:00Z'),
			nextUpdate: new Date('2026-02-01T00:00:00Z'),
			revoked,
			crlNumber: 7
		});
		const crl = parseCrl(der);
		expect(crl.entries.size).toBe(20_000);
		expect(crl.crlNumber).toBe(7n);
	}, 60_000);

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
