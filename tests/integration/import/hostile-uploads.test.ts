// Hostile uploads through the import page's service: a zip bomb is refused at staging with a message naming the
// file and the entry, and nothing is stored; a staged batch is parsed once (viewing it reads the stored preview,
// not the files), while the commit reads the files once more; CRL imports refuse bombs the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { AppError } from '../../../src/lib/errors';
import {
	commitCertificateImportBatch,
	getCertificateImportBatch,
	stageCertificateImport
} from '../../../src/lib/server/import/batches';
import { importCrlFiles } from '../../../src/lib/server/import/crls';
import { buildP7b, highRatioZip, sharedStreamBomb } from '../../../src/lib/pki/testing/hostile-archives';
import { buildImportTestPki, type ImportTestPki } from './test-pki';

let h: DbHandle;
let pki: ImportTestPki;
const who = { userId: null, actor: 'test', ip: null };
beforeAll(async () => {
	h = await openTestDb();
	pki = await buildImportTestPki();
});
afterAll(async () => {
	await h?.close();
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e, 'the upload should have been refused').toBeInstanceOf(AppError);
	expect((e as AppError).code).toBe('IMPORT_FAILED');
	return e as AppError;
}

const count = async (table: 'import_batches' | 'import_batch_files' | 'audit_log') =>
	Number(
		(
			await h.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('staging hostile uploads', () => {
	it('refuses the probe zip bomb at staging, naming file and entry, and stores nothing', async () => {
		const before = await Promise.all([
			count('import_batches'),
			count('import_batch_files'),
			count('audit_log')
		]);
		const e = await refusal(
			stageCertificateImport(
				h.db,
				[
					{ name: 'so-y-te.der', bytes: pki.orgSyt.der },
					{ name: 'chung-thu.zip', bytes: sharedStreamBomb(32, 48 * 1024 * 1024) }
				],
				who
			)
		);
		expect(e.status).toBe(400);
		expect(e.message).toMatch(
			/^Tệp "chung-thu\.zip" bị từ chối: mục "\d+\.cer" và mục "\d+\.cer" dùng chung dữ liệu/
		);
		expect(e.details).toMatchObject({ reason: 'ZIP_OVERLAP', source: 'chung-thu.zip' });
		expect(
			await Promise.all([count('import_batches'), count('import_batch_files'), count('audit_log')])
		).toEqual(before);
	});

	it('refuses a single high-ratio entry with the ratio in the message', async () => {
		const e = await refusal(
			stageCertificateImport(h.db, [{ name: 'b.zip', bytes: highRatioZip(16 * 1024 * 1024) }], who)
		);
		expect(e.details).toMatchObject({ reason: 'ZIP_RATIO', entry: 'bomb.cer' });
		expect(e.message).toContain('100:1');
	});

	it('stages a .p7b repeating one certificate 10,000 times as one row', async () => {
		const p7b = buildP7b(Array.from({ length: 10_000 }, () => pki.orgSyt.der));
		const id = await stageCertificateImport(h.db, [{ name: 'lap.p7b', bytes: p7b }], who);
		const view = (await getCertificateImportBatch(h.db, id))!;
		expect(view.preview.rows).toHaveLength(1);
		expect(view.preview.duplicates).toBe(9_999);
	});
});

describe('a staged batch is parsed once', () => {
	it('shows the stored preview without reading the files; the commit reads them', async () => {
		const id = await stageCertificateImport(
			h.db,
			[
				{ name: 'root.pem', bytes: new TextEncoder().encode(pki.root.pem) },
				{ name: 'nguoi.der', bytes: pki.person.der }
			],
			who
		);
		const first = (await getCertificateImportBatch(h.db, id))!;
		expect(first.preview.rows.map((r) => r.action).sort()).toEqual(['ca_new', 'new']);
		expect(first.preview.rows[0]!.notAfter).toBeInstanceOf(Date);
		expect(first.fileNames).toEqual(['root.pem', 'nguoi.der']);
		// Replace a staged file behind the service's back with a bomb: a view that parsed the files would fail.
		await h.db
			.updateTable('import_batch_files')
			.set({ content: Buffer.from(sharedStreamBomb(32, 1024 * 1024)) })
			.where('batch_id', '=', id)
			.where('name', '=', 'nguoi.der')
			.execute();
		const again = (await getCertificateImportBatch(h.db, id))!;
		expect(again.preview).toEqual(first.preview);
		const e = await refusal(commitCertificateImportBatch(h.db, id, who));
		expect(e.details).toMatchObject({ reason: 'ZIP_OVERLAP', source: 'nguoi.der' });
		expect((await getCertificateImportBatch(h.db, id))!.status).toBe('pending');
	});

	it('keeps the preview and the result after the commit', async () => {
		const id = await stageCertificateImport(h.db, [{ name: 'to-chuc.der', bytes: pki.unknownOrg.der }], who);
		const summary = await commitCertificateImportBatch(h.db, id, who);
		expect(summary.inserted).toBe(1);
		const view = (await getCertificateImportBatch(h.db, id))!;
		expect(view.status).toBe('committed');
		expect(view.summary).toMatchObject({ inserted: 1 });
		expect(view.preview.rows).toHaveLength(1);
		expect(view.preview.rows[0]!.subjectCn).toBe('Sở Không Có Thật');
	});

	it('parses a batch staged before previews were stored once, on its first view', async () => {
		const batch = await h.db
			.insertInto('import_batches')
			.values({ kind: 'certificates', created_by: null })
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db
			.insertInto('import_batch_files')
			.values({ batch_id: batch.id, name: 'sub.pem', content: Buffer.from(pki.sub.pem) })
			.execute();
		const view = (await getCertificateImportBatch(h.db, batch.id))!;
		expect(view.preview.rows.map((r) => r.subjectCn)).toEqual(['CA phục vụ các cơ quan Nhà nước thử nghiệm']);
		const stored = await h.db
			.selectFrom('import_batches')
			.select('summary')
			.where('id', '=', batch.id)
			.executeTakeFirstOrThrow();
		expect((stored.summary as { preview: { rows: unknown[] } }).preview.rows).toHaveLength(1);
	});
});

describe('CRL import', () => {
	it('refuses a zip bomb with the same message', async () => {
		const e = await refusal(
			importCrlFiles(h.db, [{ name: 'crl.zip', bytes: sharedStreamBomb(8, 1024 * 1024) }], who)
		);
		expect(e.details).toMatchObject({ reason: 'ZIP_OVERLAP', source: 'crl.zip' });
	});
});
