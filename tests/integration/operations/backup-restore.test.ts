// `kiem-ky backup` then `kiem-ky restore` bring the database back to the moment of the backup, on
// PGlite (the old directory kept aside) or on PostgreSQL (pg_dump/pg_restore), through the CLI.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
	dumpPath,
	postgresBaseUrl,
	templateName,
	testDbKind,
	withDatabase
} from '../../helpers/test-db-config';
import { openPglite, openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { recordAudit } from '../../../src/lib/server/audit/log';
import { verifyAuditChain } from '../../../src/lib/server/audit/verify';
import { main } from '../../../src/cli/main';

const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-backup-'));
const backupFile = path.join(dir, 'backup.bin');
const pgName = `kiemky_bk_${randomBytes(4).toString('hex')}`;
let env: Record<string, string | undefined>;
let open: () => Promise<DbHandle>;

async function admin(q: string) {
	const c = new pg.Client({ connectionString: postgresBaseUrl() });
	await c.connect();
	await c.query(q).finally(() => c.end());
}

beforeAll(async () => {
	if (testDbKind() === 'pglite') {
		const dataDir = path.join(dir, 'pglite');
		const first = await openPglite({ dataDir, loadDataDir: new Blob([readFileSync(dumpPath('migrated'))]) });
		await first.close();
		env = { KIEMKY_DATA_DIR: dir, DATABASE_URL: undefined };
		open = () => openPglite({ dataDir });
	} else {
		await admin(`create database "${pgName}" template "${templateName('migrated')}"`);
		const url = withDatabase(postgresBaseUrl(), pgName);
		env = { DATABASE_URL: url };
		open = async () => openPostgres(url, 1);
	}
});
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	if (testDbKind() === 'postgres') await admin(`drop database if exists "${pgName}" with (force)`);
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
	const out: string[] = [];
	vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
	vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
	const saved = { ...process.env };
	try {
		for (const [k, v] of Object.entries(env)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
		return { code: await main(args), out: out.join('\n') };
	} finally {
		vi.restoreAllMocks();
		process.env = saved;
	}
}

async function actions(): Promise<string[]> {
	const h = await open();
	try {
		return (await h.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map(
			(r) => r.action
		);
	} finally {
		await h.close();
	}
}

async function append(action: string) {
	const h = await open();
	try {
		await recordAudit(h.db, { actor: 'admin', action });
	} finally {
		await h.close();
	}
}

describe('kiem-ky backup and restore', () => {
	it('restores the database as it was at the backup, with an intact audit log', async () => {
		await append('before.backup');
		const b = await cli(['backup', '--out', backupFile]);
		expect(b.code, b.out).toBe(0);
		expect(existsSync(backupFile)).toBe(true);
		await append('after.backup');
		expect(await actions()).toEqual(['before.backup', 'after.backup']);

		if (testDbKind() === 'pglite') {
			const refused = await cli(['restore', backupFile]);
			expect(refused.code).toBe(1);
			expect(refused.out).toContain('đã có dữ liệu');
			expect(await actions()).toEqual(['before.backup', 'after.backup']);
		}
		const r = await cli(['restore', backupFile, '--force']);
		expect(r.code, r.out).toBe(0);
		expect(await actions()).toEqual(['before.backup']);
		const h = await open();
		try {
			expect((await verifyAuditChain(h.db)).status).toBe('intact');
		} finally {
			await h.close();
		}
		if (testDbKind() === 'pglite') expect(r.out).toMatch(/Dữ liệu cũ được giữ ở .*truoc-khoi-phuc/);
	});

	it('refuses a file that is not a backup, changing nothing', async () => {
		const junk = path.join(dir, 'junk.bin');
		writeFileSync(junk, 'not a backup at all');
		const before = await actions();
		const r = await cli(['restore', junk, '--force']);
		expect(r.code).toBe(1);
		expect(r.out).toMatch(/không phải bản sao lưu/);
		expect(await actions()).toEqual(before);
	});
});
