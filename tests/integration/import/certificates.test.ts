// Certificate import into the inventory: files, a folder, a zip and a .p7b bundle with duplicates,
// linking to agencies and people, unlinkable certificates with their reason, CA certificates into
// ca_certificates, all-or-nothing commit, a second import that changes nothing, and the real
// government G2 CA certificates with their Vietnamese names intact, and an import larger than one
// INSERT statement (1,001 certificates) with every one linked and the tallies right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { readImportFolder } from '../../../src/lib/pki/certificate-folder';
import {
	commitCertificateImport,
	previewCertificateImport
} from '../../../src/lib/server/import/certificates';
import {
	commitCertificateImportBatch,
	discardCertificateImportBatch,
	getCertificateImportBatch,
	stageCertificateImport
} from '../../../src/lib/server/import/batches';
import { buildImportTestPki, T, type ImportTestPki } from './test-pki';
import { issueCertificate } from '../../../src/lib/pki/testing';
import { sharedKeyPair } from '../../helpers/test-keys';
import { certificateTallyDifferences } from '../../../src/lib/server/rollups/certificate-tally';

let h: DbHandle;
let pki: ImportTestPki;
let dir: string;
const who = { userId: null, actor: 'test', ip: null };
/** Fingerprints of this file's test PKI: the demo data may hold certificates of its own. */
const mine = () =>
	[pki.root, pki.sub, pki.orgSyt, pki.person, pki.unknownOrg].map((c) =>
		createHash('sha256').update(c.der).digest('hex')
	);

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	pki = await buildImportTestPki();
	const syt = await h.db
		.selectFrom('agencies')
		.select('id')
		.where('code', '=', 'SYT')
		.executeTakeFirstOrThrow();
	await h.db
		.insertInto('people')
		.values({
			agency_id: syt.id,
			full_name: 'Trần Văn Bình',
			title: 'Phó Giám đốc',
			email: 'binh.tv@syt.dongthap.gov.vn'
		})
		.execute();
	dir = mkdtempSync(join(tmpdir(), 'kk-import-'));
	mkdirSync(join(dir, 'nested'));
	writeFileSync(join(dir, 'so-y-te.pem'), pki.orgSyt.pem);
	writeFileSync(join(dir, 'nested', 'binh.cer'), pki.person.der);
	writeFileSync(join(dir, 'root.pem'), pki.root.pem);
	writeFileSync(join(dir, 'sub.pem'), pki.sub.pem);
	// A zip with a duplicate of the organisation certificate and an unlinkable one.
	const zdir = join(dir, 'zipsrc');
	mkdirSync(zdir);
	writeFileSync(join(zdir, 'dup.pem'), pki.orgSyt.pem);
	writeFileSync(join(zdir, 'unknown.der'), pki.unknownOrg.der);
	execFileSync('zip', [
		'-q',
		'-j',
		join(dir, 'bundle.zip'),
		join(zdir, 'dup.pem'),
		join(zdir, 'unknown.der')
	]);
	rmSync(zdir, { recursive: true });
	// A PKCS#7 bundle (.p7b) with the CA chain again: duplicates of root.pem and sub.pem.
	execFileSync('openssl', [
		'crl2pkcs7',
		'-nocrl',
		'-certfile',
		join(dir, 'root.pem'),
		'-certfile',
		join(dir, 'sub.pem'),
		'-outform',
		'DER',
		'-out',
		join(dir, 'chain.p7b')
	]);
	writeFileSync(join(dir, 'notes.txt'), 'không phải chứng thư');
});
afterAll(async () => {
	await h?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('certificate import', () => {
	it('previews a folder with a zip and a .p7b: new, CA, duplicates, links and unlinkable reasons', async () => {
		const inputs = await readImportFolder(dir);
		const p = await previewCertificateImport(h.db, inputs);
		expect(p.totals).toMatchObject({ new: 3, existing: 0, caNew: 2, caExisting: 0, unlinked: 1 });
		expect(p.duplicates).toBe(3); // org in the zip, root and sub in the .p7b
		const byCn = new Map(p.rows.map((r) => [r.subjectCn, r]));
		expect(byCn.get('Sở Y tế')).toMatchObject({
			kind: 'organisation',
			agencyName: 'Sở Y tế',
			linkProblem: null
		});
		expect(byCn.get('Sở Y tế')!.sources.some((s) => s.endsWith('bundle.zip/dup.pem'))).toBe(true);
		expect(byCn.get('Trần Văn Bình')).toMatchObject({
			kind: 'individual',
			personName: 'Trần Văn Bình',
			agencyName: 'Sở Y tế',
			statedTitle: 'Phó Giám đốc',
			matchedBy: 'email'
		});
		expect(byCn.get('Sở Không Có Thật')).toMatchObject({
			agencyId: null,
			linkProblem: 'Không tìm thấy cơ quan có tên trùng với tên trong chứng thư.'
		});
		expect(p.problems.map((x) => x.source)).toEqual([join(dir, 'notes.txt')]);
		expect(
			await h.db.selectFrom('certificates').select('id').where('fingerprint_sha256', 'in', mine()).execute()
		).toHaveLength(0);
	});

	it('commits through a staged batch, then a second import adds nothing', async () => {
		const inputs = await readImportFolder(dir);
		const batchId = await stageCertificateImport(h.db, inputs, { userId: null, actor: 'test', ip: null });
		const view = (await getCertificateImportBatch(h.db, batchId))!;
		expect(view.status).toBe('pending');
		const summary = await commitCertificateImportBatch(h.db, batchId, who);
		expect(summary).toMatchObject({ inserted: 3, caInserted: 2, caTrusted: 0, unlinked: 1 });
		await expect(commitCertificateImportBatch(h.db, batchId, who)).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		const certs = await h.db
			.selectFrom('certificates as c')
			.leftJoin('agencies as a', 'a.id', 'c.agency_id')
			.leftJoin('people as p', 'p.id', 'c.person_id')
			.select(['c.subject_cn', 'c.kind', 'a.code', 'p.full_name', 'c.status'])
			.where('c.fingerprint_sha256', 'in', mine())
			.orderBy('c.subject_cn')
			.execute();
		expect(certs).toEqual([
			{ subject_cn: 'Sở Không Có Thật', kind: 'organisation', code: null, full_name: null, status: 'active' },
			{ subject_cn: 'Sở Y tế', kind: 'organisation', code: 'SYT', full_name: null, status: 'active' },
			{
				subject_cn: 'Trần Văn Bình',
				kind: 'individual',
				code: 'SYT',
				full_name: 'Trần Văn Bình',
				status: 'active'
			}
		]);
		const cas = await h.db
			.selectFrom('ca_certificates')
			.select(['subject_dn', 'trusted'])
			.where('fingerprint_sha256', 'in', mine())
			.execute();
		expect(cas).toHaveLength(2);
		expect(cas.every((c) => !c.trusted)).toBe(true);
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id'])
			.where('action', '=', 'certificate.import')
			.execute();
		expect(audit).toEqual([{ action: 'certificate.import', entity_id: String(batchId) }]);

		const again = await commitCertificateImport(h.db, inputs, who);
		expect(again.summary).toMatchObject({ inserted: 0, caInserted: 0, skippedExisting: 5 });
		expect(
			await h.db.selectFrom('certificates').select('id').where('fingerprint_sha256', 'in', mine()).execute()
		).toHaveLength(3);
	});

	it('writes an import of more certificates than one statement holds, every one linked and counted', async () => {
		// 1,001 organisation certificates of Sở Y tế: three INSERT statements of up to 500 rows.
		const keys = await sharedKeyPair('import-pki/leaf');
		const bytes: Uint8Array[] = [];
		for (let i = 0; i < 1001; i++)
			bytes.push(
				(
					await issueCertificate({
						issuer: pki.sub,
						subject: { cn: 'Sở Y tế', o: 'UBND tỉnh Đồng Tháp', l: 'Đồng Tháp', c: 'VN' },
						keys,
						notBefore: T.leafFrom,
						notAfter: T.leafTo,
						serial: (30000 + i).toString(16)
					})
				).der
			);
		const fingerprints = bytes.map((b) => createHash('sha256').update(b).digest('hex'));
		const { summary } = await commitCertificateImport(
			h.db,
			bytes.map((b, i) => ({ name: `syt-${i}.cer`, bytes: b })),
			who
		);
		expect(summary).toMatchObject({ inserted: 1001, unlinked: 0, problems: 0 });
		const rows = await h.db
			.selectFrom('certificates as c')
			.innerJoin('agencies as a', 'a.id', 'c.agency_id')
			.select(['c.id', 'a.code'])
			.where('c.fingerprint_sha256', 'in', fingerprints)
			.execute();
		expect(rows).toHaveLength(1001);
		expect(new Set(rows.map((r) => r.code))).toEqual(new Set(['SYT']));
		// The statement triggers saw every chunk: the tallies equal a count of the table.
		expect(await certificateTallyDifferences(h.db)).toEqual([]);
	});

	it('rolls back everything when one insert fails (all or nothing)', async () => {
		const before = await h.db.selectFrom('certificates').select('id').execute();
		const other = await buildImportTestPki();
		// A certificate whose validity order breaks a CHECK constraint cannot be built, so break
		// the transaction with an audit actor the log refuses: the certificate insert must vanish too.
		const inputs = [{ name: 'x.pem', bytes: new TextEncoder().encode(other.orgSyt.pem) }];
		await expect(
			commitCertificateImport(h.db, inputs, { ...who, actor: undefined as unknown as string })
		).rejects.toThrow();
		expect(await h.db.selectFrom('certificates').select('id').execute()).toHaveLength(before.length);
	});

	it('discards a staged batch without importing', async () => {
		const other = await buildImportTestPki();
		const id = await stageCertificateImport(h.db, [{ name: 'a.der', bytes: other.person.der }], {
			userId: null,
			actor: 'test',
			ip: null
		});
		await discardCertificateImportBatch(h.db, id, who);
		await expect(commitCertificateImportBatch(h.db, id, who)).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(
			await h.db.selectFrom('import_batch_files').select('id').where('batch_id', '=', id).execute()
		).toHaveLength(0);
	});

	it('imports the real government G2 CA certificates with their Vietnamese names intact', async () => {
		const inputs = ['rootcag2.crt', 'cpcag2.crt'].map((f) => ({
			name: f,
			bytes: new Uint8Array(readFileSync(join('/work/shared/real-ca', f)))
		}));
		const { summary, preview } = await commitCertificateImport(h.db, inputs, {
			...who,
			trustSelfSignedRoots: true
		});
		expect(summary).toMatchObject({ caInserted: 2, caTrusted: 1 });
		const fps = preview.rows.map((r) => r.fingerprint);
		const rows = await h.db
			.selectFrom('ca_certificates')
			.select(['subject_dn', 'trusted', 'fingerprint_sha256'])
			.where('fingerprint_sha256', 'in', fps)
			.execute();
		const root = rows.find((r) => r.fingerprint_sha256.startsWith('f04ba4b4'))!;
		const sub = rows.find((r) => r !== root)!;
		expect(root.subject_dn).toContain('RootCA chuyên dùng Chính phủ G2');
		expect(root.subject_dn).toContain('Ban Cơ yếu Chính phủ');
		expect(root.trusted).toBe(true);
		expect(sub.subject_dn).toContain('CA phục vụ các cơ quan Nhà nước G2');
		expect(sub.trusted).toBe(false);
	});
});
