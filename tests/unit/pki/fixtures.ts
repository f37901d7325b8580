// Test PKI built in memory with fixed dates: root, sub-CA, organisation and individual leaves with Vietnamese names,
// problem leaves (expired, not yet valid, revoked, weak key, no signing key usage), a TSA, CRLs, an OCSP responder.
import { createCrl, issueCertificate, type Issued } from '../../../src/lib/pki/testing';
import { sharedKeyPair } from '../../helpers/test-keys';

export const T = {
	caFrom: new Date('2020-01-01T00:00:00Z'),
	caTo: new Date('2045-01-01T00:00:00Z'),
	leafFrom: new Date('2024-01-01T00:00:00Z'),
	leafTo: new Date('2029-01-01T00:00:00Z'),
	signed: new Date('2025-06-01T02:00:00Z'),
	revokedAt: new Date('2025-09-01T00:00:00Z'),
	now: new Date('2026-03-01T00:00:00Z'),
	crlThis: new Date('2026-02-20T00:00:00Z'),
	crlNext: new Date('2026-04-01T00:00:00Z')
};

export interface TestPki {
	root: Issued;
	sub: Issued;
	org: Issued;
	person: Issued;
	expired: Issued;
	future: Issued;
	revoked: Issued;
	weak: Issued;
	noSignUsage: Issued;
	tsa: Issued;
	ocspSigner: Issued;
	otherRoot: Issued;
	stranger: Issued;
	rootCrl: Uint8Array;
	subCrl: Uint8Array;
}

export async function buildTestPki(ocspUrl?: string): Promise<TestPki> {
	const [caKeys, leafKeys, weakKeys] = await Promise.all([
		sharedKeyPair('unit-pki/ca'),
		sharedKeyPair('unit-pki/leaf'),
		sharedKeyPair('unit-pki/weak')
	]);
	const root = await issueCertificate({
		subject: { cn: 'Root thử nghiệm chuyên dùng Chính phủ', o: 'Ban Cơ yếu Chính phủ' },
		keys: caKeys,
		notBefore: T.caFrom,
		notAfter: T.caTo,
		serial: '01'
	});
	const sub = await issueCertificate({
		issuer: root,
		profile: 'ca',
		pathLength: 0,
		subject: { cn: 'CA phục vụ các cơ quan Nhà nước thử nghiệm', o: 'Ban Cơ yếu Chính phủ' },
		keys: caKeys,
		notBefore: T.caFrom,
		notAfter: T.caTo,
		serial: '02',
		crlUrl: 'http://127.0.0.1:9/root.crl'
	});
	const leaf = (
		serial: string,
		subject: Parameters<typeof issueCertificate>[0]['subject'],
		extra: Partial<Parameters<typeof issueCertificate>[0]> = {}
	) =>
		issueCertificate({
			issuer: sub,
			subject,
			keys: leafKeys,
			notBefore: T.leafFrom,
			notAfter: T.leafTo,
			serial,
			ocspUrl,
			...extra
		});
	const org = await leaf('1001', {
		cn: 'Sở Khoa học và Công nghệ',
		o: 'UBND tỉnh Đồng Tháp',
		l: 'Đồng Tháp'
	});
	const person = await leaf('1002', {
		cn: 'Nguyễn Thị Hồng Nhung',
		title: 'Phó Giám đốc',
		ou: 'Sở Khoa học và Công nghệ',
		o: 'UBND tỉnh Đồng Tháp',
		l: 'Đồng Tháp',
		uid: 'CCCD:087123456789',
		email: 'nhung.nth@dongthap.gov.vn'
	});
	const expired = await leaf(
		'1003',
		{ cn: 'Trần Văn Hết Hạn', o: 'UBND tỉnh Đồng Tháp' },
		{ notBefore: new Date('2020-01-01'), notAfter: new Date('2025-12-31T00:00:00Z') }
	);
	const future = await leaf(
		'1004',
		{ cn: 'Lê Văn Chưa Tới', o: 'UBND tỉnh Đồng Tháp' },
		{ notBefore: new Date('2027-01-01'), notAfter: new Date('2030-01-01') }
	);
	const revoked = await leaf('1005', { cn: 'Phạm Văn Thu Hồi', o: 'UBND tỉnh Đồng Tháp' });
	const weak = await leaf('1006', { cn: 'Võ Văn Khóa Yếu', o: 'UBND tỉnh Đồng Tháp' }, { keys: weakKeys });
	const noSignUsage = await leaf(
		'1007',
		{ cn: 'Đặng Văn Mã Hóa', o: 'UBND tỉnh Đồng Tháp' },
		{ profile: 'tls', keyUsage: 4 }
	);
	const tsa = await leaf(
		'1008',
		{ cn: 'Dịch vụ cấp dấu thời gian thử nghiệm', o: 'Ban Cơ yếu Chính phủ' },
		{ profile: 'tsa', notBefore: T.caFrom, notAfter: T.caTo }
	);
	const ocspSigner = await leaf(
		'1009',
		{ cn: 'OCSP thử nghiệm', o: 'Ban Cơ yếu Chính phủ' },
		{ profile: 'ocsp', notBefore: T.caFrom, notAfter: T.caTo }
	);
	const otherRoot = await issueCertificate({
		subject: { cn: 'Root lạ không tin cậy' },
		keys: caKeys,
		notBefore: T.caFrom,
		notAfter: T.caTo,
		serial: '0a'
	});
	const stranger = await issueCertificate({
		issuer: otherRoot,
		subject: { cn: 'Người Lạ', o: 'Không rõ' },
		keys: leafKeys,
		notBefore: T.leafFrom,
		notAfter: T.leafTo,
		serial: '0b'
	});
	const rootCrl = (
		await createCrl({ issuer: root, thisUpdate: T.crlThis, nextUpdate: T.crlNext, crlNumber: 1 })
	).der;
	const subCrl = (
		await createCrl({
			issuer: sub,
			thisUpdate: T.crlThis,
			nextUpdate: T.crlNext,
			crlNumber: 7,
			revoked: [{ serialHex: revoked.serialHex, date: T.revokedAt, reason: 1 }]
		})
	).der;
	return {
		root,
		sub,
		org,
		person,
		expired,
		future,
		revoked,
		weak,
		noSignUsage,
		tsa,
		ocspSigner,
		otherRoot,
		stranger,
		rootCrl,
		subCrl
	};
}
