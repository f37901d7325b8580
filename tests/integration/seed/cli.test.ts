// `kiem-ky seed --demo` refuses a database that already holds data, and leaves it untouched.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPglite } from '../../../src/lib/server/db/connection';
import { command } from '../../../src/cli/commands/seed';
import { dumpPath } from '../../helpers/test-db-config';

const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kiem-ky seed', () => {
	it('refuses a non-empty database with one line and exit code 1', async () => {
		// A file-backed PGlite made from the migrated test database (initdb and the migrations from
		// scratch would cost most of a minute on a busy machine, and are not what this test is about).
		const dataDir = path.join(dir, 'pglite');
		const h = await openPglite({ dataDir, loadDataDir: new Blob([readFileSync(dumpPath('migrated'))]) });
		await sql`insert into agencies (code, name, kind, path) values ('X', 'Cơ quan có sẵn', 'province', '/1/')`.execute(
			h.db
		);
		await h.close();

		vi.stubEnv('DATABASE_URL', '');
		vi.stubEnv('KIEMKY_DATA_DIR', dir);
		const errors: string[] = [];
		const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
		const code = await command.run(['--demo', '--scale', '0.05']);
		spy.mockRestore();
		vi.unstubAllEnvs();
		expect(code).toBe(1);
		expect(errors).toEqual([expect.stringContaining('đã có dữ liệu')]);

		const again = await openPglite({ dataDir });
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from agencies`.execute(again.db);
		await again.close();
		expect(rows[0]!.n).toBe(1);
	}, 180_000);

	it('rejects a bad scale before touching the database', async () => {
		await expect(command.run(['--demo', '--scale', '-1'])).rejects.toThrow(/--scale/);
		await expect(command.run([])).rejects.toThrow(/--demo/);
	});
});
