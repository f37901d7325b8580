// `kiem-ky verify --db`: the command line verifies with the database's trust store and the
// administrator's verification settings, through the factory the pages and the archive job use,
// so an operator's verdict on a file is the upload page's.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import { openPglite, openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { dumpPath, postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';
import { signCms } from '../../../src/lib/pki/testing';
import { commitCertificateImport } from '../../../src/lib/server/import/certificates';
import { saveVerificationSettings } from '../../../src/lib/server/verification/settings';
import { verifyUploadedFile } from '../../../src/lib/server/verification/upload';
import { buildImportTestPki, T } from '../import/test-pki';
import { runCaptured } from '../../helpers/console-capture';
import { loadUploadEvidence } from '../../../src/lib/server/verification/evidence';
import { replayUploadVerification } from '../../../src/lib/server/verification/stored-upload-replay';

const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-verify-db-'));
const file = path.join(dir, 'qd-15.p7m');
const who = { userId: null, actor: 'quantri', ip: null };
let pg: DbHandle | null = null;

/** Opens the CLI's database between commands (PGlite serves one process at a time). */
async function withDb<R>(f: (h: DbHandle) => Promise<R>): Promise<R> {
	const h = pg
		? openPostgres(process.env.DATABASE_URL!, 2)
		: await openPglite({ dataDir: path.join(dir, 'pglite') });
	try {
		return await f(h);
	} finally {
		await h.close();
	}
}

const cli = (...argv: string[]) => runCaptured(() => main(argv));

const verdictOf = (line: string) => {
	const r = JSON.parse(line) as { indication: string; subIndication: string | null };
	return [r.indication, r.subIndication];
};

beforeAll(async () => {
	if (testDbKind() === 'postgres') {
		pg = await openTestDb();
		vi.stubEnv('DATABASE_URL', withDatabase(postgresBaseUrl(), pg.location));
	} else {
		const h = await openPglite({
			dataDir: path.join(dir, 'pglite'),
			loadDataDir: new Blob([readFileSync(dumpPath('migrated'))])
		});
		await h.close();
		vi.stubEnv('DATABASE_URL', '');
		vi.stubEnv('KIEMKY_DATA_DIR', dir);
	}
	const pki = await buildImportTestPki();
	// The chain is trusted; no CRL is stored, so revocation is unknown offline.
	await withDb((h) =>
		commitCertificateImport(
			h.db,
			[pki.root.der, pki.sub.der].map((bytes, i) => ({ name: `${i}.der`, bytes })),
			{ ...who, trustSelfSignedRoots: true }
		)
	);
	const content = new TextEncoder().encode('Quyết định số 15/QĐ-SYT');
	writeFileSync(
		file,
		await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed })
	);
}, 180_000);
afterAll(async () => {
	vi.unstubAllEnvs();
	await pg?.close();
	rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('kiem-ky verify --db', () => {
	const at = T.now.toISOString();
	const pageVerdict = () =>
		withDb(async (h) => {
			const r = await verifyUploadedFile(h.db, { name: 'qd-15.p7m', bytes: readFileSync(file) }, null, T.now);
			return [r.report.indication, r.report.subIndication];
		});

	it('follows the revocation policy stored by the administrator, as the upload page does', async () => {
		const required = await cli('verify', '--db', '--json', '--at', at, file);
		expect(required.code).toBe(1);
		expect(verdictOf(required.out[0]!)).toEqual(['INDETERMINATE', 'TRY_LATER']);
		expect(verdictOf(required.out[0]!)).toEqual(await pageVerdict());

		await withDb((h) =>
			saveVerificationSettings(
				h.db,
				{
					revocationPolicy: 'if-available',
					onlineRevocation: false,
					sha1NotAfter: '2019-01-01',
					weakRsaNotAfter: '2019-01-01',
					minRsaBits: '2048'
				},
				who
			)
		);
		const ifAvailable = await cli('verify', '--db', '--json', '--at', at, file);
		expect(ifAvailable.code).toBe(0);
		expect(verdictOf(ifAvailable.out[0]!)).toEqual(['TOTAL_PASSED', null]);
		expect(verdictOf(ifAvailable.out[0]!)).toEqual(await pageVerdict());
	});

	it('keeps each verification with its file and evidence, audited, as the upload page does', async () => {
		const r = await cli('verify', '--db', '--json', '--at', at, file);
		const line = JSON.parse(r.out[0]!) as { indication: string; storedId: number | null };
		expect(line.storedId).toEqual(expect.any(Number));
		const id = line.storedId!;
		await withDb(async (h) => {
			const row = await h.db
				.selectFrom('upload_verifications')
				.select([
					'origin',
					'verified_by',
					'actor',
					'file_name',
					'validation_time',
					'validation_time_chosen',
					'indication'
				])
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			expect(row).toMatchObject({
				origin: 'cli',
				verified_by: null,
				file_name: 'qd-15.p7m',
				validation_time_chosen: true,
				indication: line.indication
			});
			expect(row.actor).toMatch(/^cli:/);
			expect(row.validation_time.toISOString()).toBe(at);
			const m = (await loadUploadEvidence(h.db, id))!;
			expect(
				m.items
					.filter((i) => i.kind === 'certificate')
					.map((c) => c.role)
					.sort()
			).toEqual(['anchor', 'ca', 'signer']);
			const audit = await h.db
				.selectFrom('audit_log')
				.select(['actor', 'details'])
				.where('action', '=', 'signature.verify_upload')
				.where('entity_id', '=', String(id))
				.executeTakeFirstOrThrow();
			expect(audit.details).toMatchObject({ origin: 'cli', fileName: 'qd-15.p7m' });
			// Made again from the kept material alone, it gives the verdict printed.
			const again = await replayUploadVerification(h.db, { id: 0, scope: { kind: 'all' } }, id);
			expect(again.same).toBe(true);
		});
		// Without --json the operator is told the number.
		const plain = await cli('verify', '--db', '--at', at, file);
		expect(plain.out.join('\n')).toMatch(/Đã lưu lần kiểm tra số \d+/);
	});

	it('refuses sources or a policy on the command line with --db (the database decides them), exit 2', async () => {
		const r = await cli('verify', '--db', '--revocation', 'none', file);
		expect(r.code).toBe(2);
		expect(r.err[0]).toContain('--db lấy nguồn tin cậy và cài đặt kiểm tra từ cơ sở dữ liệu');
		expect((await cli('verify', '--db', '--trust', dir, file)).code).toBe(2);
	});
});
