// /readyz's answer: ready on a migrated, reachable database; not ready when a migration is pending
// or the database cannot be reached; never any data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { readiness } from '../../../src/lib/server/operations/readiness';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

describe('readiness', () => {
	it('is ready on a migrated database and says the scheduler is not running in this process', async () => {
		expect(await readiness(async () => h.db)).toEqual({
			ready: true,
			database: 'ok',
			migrations: 'current',
			scheduler: 'stopped'
		});
	});

	it('is not ready when a migration is pending', async () => {
		const last = await sql<{
			name: string;
		}>`select name from kysely_migration order by timestamp desc limit 1`.execute(h.db);
		await sql`delete from kysely_migration where name = ${last.rows[0]!.name}`.execute(h.db);
		try {
			expect(await readiness(async () => h.db)).toMatchObject({ ready: false, migrations: 'pending' });
		} finally {
			await sql`insert into kysely_migration (name, timestamp) values (${last.rows[0]!.name}, ${new Date().toISOString()})`.execute(
				h.db
			);
		}
	});

	it('is not ready when the database cannot be reached', async () => {
		const r = await readiness(async () => {
			throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
		});
		expect(r).toEqual({ ready: false, database: 'unreachable', migrations: 'unknown', scheduler: 'stopped' });
	});
});
