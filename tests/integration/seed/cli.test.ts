// `kiem-ky seed --demo` refuses a database that already holds data, and leaves it untouched. The CLI
// opens its database from the environment as an operator's would: a file-backed PGlite made from the
// migrated test database, or a PostgreSQL test database (TEST_DB=postgres).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPglite, type DbHandle } from '../../../src/lib/server/db/connection';
import { command } from '../../../src/cli/commands/seed';
import { openTestDb } from '../../helpers/db';
import { dumpPath, postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';

const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the database the CLI will use, and points the environment at it. */
async function cliDatabase(): Promise<{ open: () => Promise<DbHandle>; close: () => Promise<void> }> {
	if (testDbKind() === 'postgres') {
		const h = await openTestDb();
		vi.stubEnv('DATABASE_URL', withDatabase(postgresBaseUrl(), h.location));
		return { open: async () => ({ ...h, close: async () => undefined }), close: () => h.close() };
	}
	const dataDir = path.join(dir, 'pglite');
	const h = await openPglite({ dataDir, loadDataDir: new Blob([readFileSync(dumpPath('migrated'))]) });
	await h.close();
	vi.stubEnv('DATABASE_URL', '');
	vi.stubEnv('KIEMKY_DATA_DIR', dir);
	// PGlite serves one process at a time: open it only between commands.
	return { open: () => openPglite({ dataDir }), close: async () => undefined };
}

describe('kiem-ky seed', () => {
	it('refuses a non-empty database with one line and exit code 1', async () => {
		const target = await cliDatabase();
		try {
			const h = await target.open();
			await sql`insert into agencies (code, name, kind, path) values ('X', 'Cơ quan có sẵn', 'province', '/1/')`.execute(
				h.db
			);
			await h.close();

			const errors: string[] = [];
			const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
			const code = await command.run(['--demo', '--scale', '0.05']);
			spy.mockRestore();
			vi.unstubAllEnvs();
			expect(code).toBe(1);
			expect(errors).toEqual([expect.stringContaining('đã có dữ liệu')]);

			const again = await target.open();
			const { rows } = await sql<{ n: number }>`select count(*)::int as n from agencies`.execute(again.db);
			await again.close();
			expect(rows[0]!.n).toBe(1);
		} finally {
			vi.unstubAllEnvs();
			await target.close();
		}
	}, 180_000);

	it('rejects a bad scale before touching the database', async () => {
		await expect(command.run(['--demo', '--scale', '-1'])).rejects.toThrow(/--scale/);
		await expect(command.run([])).rejects.toThrow(/--demo/);
	});
});
