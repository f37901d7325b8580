// A small PKI for the archive/import/verification tests: root and sub-CA named like the
// government PKI, organisation and individual leaves with Vietnamese names, CRLs, fixed dates.
import { createCrl, issueCertificate, type Issued } from '../../../src/lib/pki/testing';
import { sharedKeyPair } from '../../helpers/test-keys';

export const T = {
	caFrom: new Date('2020-01-01T00:00:00Z'),
	caTo: new Date('2045-01-01T00:00:00Z'),
	leafFrom: new Date('2025-01-01T00:00:00Z'),
	leafTo: new Date('2028-01-01T00:00:00Z'),
	signed: new Date('2026-03-02T02:00:00Z'),
	received: new Date('2026-03-02T03:00:00Z'),
	now: new Date('2026-03-10T03:00:00Z'),
	crlThis: new Date('2026-03-01T00:00:00Z'),
	crlNext: new Date('2026-06-01T00:00:00Z')
};

export interface ImportTestPki {
	root: Issued;
	sub: Issued;
	orgSyt: Issued;
	person: Issued;
	unknownOrg: Issued;
	rootCrl: Uint8Array;
	subCrl: Uint8Array;
}

export async function buildImportTestPki(): Promise<ImportTestPki> {
	const [caKeys, leafKeys] = await Promise.all([
		sharedKeyPair('import-pki/ca'),
		sharedKeyPair('import-pki/leaf')
	]);
	const root = await issueCertificate({
		subject: { cn: 'RootCA thử nghiệm chuyên dùng Chính phủ', o: 'Ban Cơ yếu Chính phủ', c: 'VN' },
		keys: caKeys,
		notBefore: T.caFrom,
		notAfter: T.caTo,
		serial: '01'
	});
	const sub = await issueCertificate({
		issuer: root,
		profile: 'ca',
		pathLength: 0,
		subject: { cn: 'CA phục vụ các cơ quan Nhà nước thử nghiệm', o: 'Ban Cơ yếu Chính phủ', c: 'VN' },
		keys: caKeys,
		notBefore: T.caFrom,
		notAfter: T.caTo,
		serial: '02'
	});
	const leaf = (serial: string, subject: Parameters<typeof issueCertificate>[0]['subject']) =>
		issueCertificate({
			issuer: sub,
			subject,
			keys: leafKeys,
			notBefore: T.leafFrom,
			notAfter: T.leafTo,
			serial
		});
	const orgSyt = await leaf('2001', { cn: 'Sở Y tế', o: 'UBND tỉnh Đồng Tháp', l: 'Đồng Tháp', c: 'VN' });
	const person = await leaf('2002', {
		cn: 'Trần Văn Bình',
		title: 'Phó Giám đốc',
		ou: 'Sở Y tế',
		o: 'UBND tỉnh Đồng Tháp',
		l: 'Đồng Tháp',
		email: 'binh.tv@syt.dongthap.gov.vn',
		c: 'VN'
	});
	const unknownOrg = await leaf('2003', {
		cn: 'Sở Không Có Thật',
		o: 'UBND tỉnh Đồng Tháp',
		l: 'Đồng Tháp',
		c: 'VN'
	});
	const rootCrl = (
		await createCrl({ issuer: root, thisUpdate: T.crlThis, nextUpdate: T.crlNext, crlNumber: 1 })
	).der;
	const subCrl = (
		await createCrl({ issuer: sub, thisUpdate: T.crlThis, nextUpdate: T.crlNext, crlNumber: 1 })
	).der;
	return { root, sub, orgSyt, person, unknownOrg, rootCrl, subCrl };
}
