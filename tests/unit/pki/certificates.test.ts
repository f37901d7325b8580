// Certificate import, description, linking, the real government G2 CA certificates, PKITS, and the PKITS name
// constraints certificates (section 4.13, which the shared cases.json does not list).
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificatePool, ChainValidator, CrlStore, parseCertificate, parseCrl } from '../../../src/lib/pki';
import { describeCertificate } from '../../../src/lib/pki/certificate-describe';
import { importCertificates } from '../../../src/lib/pki/certificate-import';
import { linkCertificate } from '../../../src/lib/pki/certificate-linking';
import { loadPkitsCases, runPkitsCase } from '../../../src/lib/pki/pkits';
import { knownFailing } from '../../../src/cli/commands/conformance';
import { buildTestPki, T, type TestPki } from './fixtures';
import { buildZip } from '../../../src/lib/pki/testing/hostile-archives';

const REAL = '/work/shared/real-ca';
const PKITS = '/work/shared/suites/pkits';
let pki: TestPki;
beforeAll(async () => {
	pki = await buildTestPki();
});

/** A stored (method 0) and a deflated (method 8) entry in a minimal ZIP, as archivers write them. */
const zip = (entries: { name: string; data: Uint8Array; deflate: boolean }[]): Uint8Array =>
	buildZip(entries);

describe('real government CA certificates', () => {
	it('import with Vietnamese names intact and chain root → G2 CA', async () => {
		const files = ['rootcag2.crt', 'cpcag2.crt'].map((n) => ({
			name: n,
			bytes: new Uint8Array(readFileSync(`${REAL}/${n}`))
		}));
		const r = await importCertificates(files);
		expect(r.problems).toEqual([]);
		const [root, ca] = r.certificates;
		expect(root!.description.subjectCn).toBe('RootCA chuyên dùng Chính phủ G2');
		expect(root!.description.fingerprintSha256).toMatch(/^f04ba4b4.*fdb8$/);
		expect(ca!.description).toMatchObject({
			subjectCn: 'CA phục vụ các cơ quan Nhà nước G2',
			organisation: 'Ban Cơ yếu Chính phủ',
			isCa: true,
			publicCa: false,
			keyBits: 4096
		});
		const v = new ChainValidator({
			anchors: new CertificatePool([parseCertificate(root!.der)]),
			pool: new CertificatePool(),
			crls: new CrlStore(),
			revocation: 'none'
		});
		const chain = await v.validate(parseCertificate(ca!.der), { time: new Date('2026-06-30') });
		expect(chain.status).toBe('valid');
		expect(chain.path.map((c) => c.subject)).toEqual([
			root!.description.subjectDn,
			ca!.description.subjectDn
		]);
	});
});

describe('import and describe', () => {
	it('reads PEM bundles, DER, PKCS#7 and ZIP (stored and deflated), deduplicating by fingerprint', async () => {
		const pem = Buffer.from(pki.root.pem + pki.sub.pem + pki.org.pem);
		const z = zip([
			{ name: 'thư mục/tổ-chức.cer', data: pki.org.der, deflate: true },
			{ name: 'ca.crt', data: Buffer.from(pki.sub.pem), deflate: false },
			{ name: 'crl/sub.crl', data: pki.subCrl, deflate: true },
			{ name: 'readme.txt', data: Buffer.from('không phải chứng thư'), deflate: false }
		]);
		const r = await importCertificates([
			{ name: 'bundle.pem', bytes: pem },
			{ name: 'person.der', bytes: pki.person.der },
			{ name: 'all.zip', bytes: z },
			{ name: 'garbage.bin', bytes: new Uint8Array([1, 2, 3]) }
		]);
		expect(r.certificates).toHaveLength(4);
		expect(r.duplicates).toBe(2);
		expect(r.crls).toHaveLength(1);
		expect(r.problems.map((p) => p.source).sort()).toEqual(['all.zip/readme.txt', 'garbage.bin']);
		expect(
			r.certificates.find((c) => c.description.subjectCn === 'Sở Khoa học và Công nghệ')!.sources
		).toEqual(['bundle.pem', 'all.zip/thư mục/tổ-chức.cer']);
	});

	it('tells organisation, individual and device certificates apart and reads identity fields', async () => {
		const org = describeCertificate(pki.org.der);
		expect(org).toMatchObject({
			kind: 'organisation',
			subjectCn: 'Sở Khoa học và Công nghệ',
			organisation: 'UBND tỉnh Đồng Tháp',
			province: 'Đồng Tháp',
			isCa: false,
			publicCa: false
		});
		const person = describeCertificate(pki.person.der);
		expect(person).toMatchObject({
			kind: 'individual',
			statedTitle: 'Phó Giám đốc',
			email: 'nhung.nth@dongthap.gov.vn',
			organisationalUnit: 'Sở Khoa học và Công nghệ',
			personalId: 'CCCD:087123456789',
			keyAlgorithm: 'RSA',
			keyBits: 2048,
			signatureAlgorithm: 'sha256WithRSAEncryption'
		});
		expect(person.serialNumber).toBe('1002');
		expect(describeCertificate(pki.tsa.der).kind).toBe('device');
		expect(describeCertificate(pki.stranger.der).publicCa).toBe(true);
	});

	it('links to agencies and people or says why not', () => {
		const agencies = [
			{ id: 'a1', name: 'Sở Khoa học và Công nghệ' },
			{ id: 'a2', name: 'Sở Tài chính' }
		];
		const people = [
			{ id: 'p1', fullName: 'Nguyễn Thị Hồng Nhung', email: 'NHUNG.NTH@dongthap.gov.vn', agencyId: 'a1' },
			{ id: 'p2', fullName: 'Nguyễn Thị Hồng Nhung', email: null, agencyId: 'a2' }
		];
		expect(linkCertificate(describeCertificate(pki.org.der), { agencies, people })).toEqual({
			linked: true,
			kind: 'agency',
			agencyId: 'a1',
			matchedBy: 'name'
		});
		expect(linkCertificate(describeCertificate(pki.person.der), { agencies, people })).toMatchObject({
			linked: true,
			personId: 'p1',
			matchedBy: 'email'
		});
		const noMail = { ...describeCertificate(pki.person.der), email: null };
		expect(linkCertificate(noMail, { agencies, people })).toMatchObject({
			linked: true,
			personId: 'p1',
			matchedBy: 'name-and-agency'
		});
		expect(linkCertificate({ ...noMail, organisationalUnit: null }, { agencies, people })).toMatchObject({
			linked: false,
			reason: 'AMBIGUOUS_PERSON',
			candidateIds: ['p1', 'p2']
		});
		expect(
			linkCertificate(describeCertificate(pki.org.der), {
				agencies: [{ id: 'x', name: 'So Khoa hoc va Cong nghe' }],
				people
			})
		).toMatchObject({ linked: true, matchedBy: 'name-without-diacritics' });
		expect(linkCertificate(describeCertificate(pki.sub.der), { agencies, people })).toMatchObject({
			linked: false,
			reason: 'CA_CERTIFICATE'
		});
		const unknown = linkCertificate(describeCertificate(pki.revoked.der), { agencies, people });
		expect(unknown).toMatchObject({ linked: false, reason: 'NO_PERSON_MATCH' });
		if (!unknown.linked) expect(unknown.message).toMatch(/Không tìm thấy cán bộ/);
	});
});

describe('RFC 5280 path validation', () => {
	it('passes every NIST PKITS case except the documented known failures', async () => {
		const cases = await loadPkitsCases(PKITS);
		expect(cases).toHaveLength(172);
		const known = await knownFailing();
		const unexpected: string[] = [];
		for (const c of cases) {
			const r = await runPkitsCase(PKITS, c);
			if (r.actual !== r.expected && !known.has(c.id))
				unexpected.push(`${c.id}: ${r.expected} ≠ ${r.actual} (${r.reason})`);
		}
		expect(unexpected).toEqual([]);
	});

	it('enforces PKITS 4.13 name constraints (Valid*/Invalid* by file name)', async () => {
		const dir = `${PKITS}/certs`;
		const all = readdirSync(dir);
		const load = (n: string) => parseCertificate(new Uint8Array(readFileSync(`${dir}/${n}`)));
		const anchor = load('TrustAnchorRootCertificate.crt');
		const pool = new CertificatePool(all.filter((n) => /nameConstraints.*CA.*Cert\.crt$/i.test(n)).map(load));
		const v = new ChainValidator({
			anchors: new CertificatePool([anchor]),
			pool,
			crls: new CrlStore(),
			revocation: 'none'
		});
		const ees = all.filter((n) =>
			/^(Valid|Invalid).*(DN|RFC822|DNS|URI)nameConstraints.*Test\d+EE\.crt$/i.test(n)
		);
		expect(ees.length).toBeGreaterThan(30);
		const wrong: string[] = [];
		for (const n of ees) {
			const r = await v.validate(load(n), { time: new Date('2026-06-30') });
			const ok = n.startsWith('Valid')
				? r.status === 'valid'
				: r.status === 'invalid' && r.failure?.code === 'NAME_CONSTRAINTS';
			if (!ok) wrong.push(`${n}: ${r.status} ${r.reason}`);
		}
		expect(wrong).toEqual([]);
	});

	it('reads delta CRLs and revocation from the test PKI CRL', () => {
		const crl = parseCrl(pki.subCrl);
		expect(crl.crlNumber).toBe(7n);
		expect([...crl.entries.keys()]).toEqual(['1005']);
		expect(crl.nextUpdate).toEqual(T.crlNext);
	});
});
