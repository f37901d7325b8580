// An import whose database connection is cut in the middle of its one transaction (PostgreSQL
// restarts, fails over, or a proxy drops the connection: pg_terminate_backend here) stores
// nothing, is marked failed in the import history, and leaves no staging table behind; through
// the API the batch is answered 503 in JSON and can simply be sent again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import { NEEDS_POSTGRES, terminateBackends, waitForStatement } from '../../helpers/connection-cut';
import { postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { isConnectionLost } from '../../../src/lib/server/db/connection-errors';
import { ingestSigningEvents, INGEST_CHUNK } from '../../../src/lib/server/import/event-ingest';
import { apiErrorSchema } from '../../../src/lib/server/api/errors';
import { signingEventsResponseSchema } from '../../../src/lib/server/api/contracts/signing-events';
import { createApiKey } from '../../../src/lib/server/auth/api-keys';
import { countEvents, ingestFixtures, records, sytEvent, who, type IngestFixtures } from './ingest-fixtures';
import { json, postEvents } from '../api/api-request';

const onPostgres = testDbKind() === 'postgres';

describe.skipIf(!onPostgres)(
	`an import cut mid-transaction (${onPostgres ? 'PostgreSQL' : NEEDS_POSTGRES})`,
	() => {
		let h: DbHandle;
		let f: IngestFixtures;
		beforeAll(async () => {
			h = await openTestDb({ demo: true });
			f = await ingestFixtures(h.db);
		});
		afterAll(async () => h?.close());

		/** Holds the key table so the import's insert waits inside its transaction until the cut. */
		async function blockKeyTable(): Promise<pg.Client> {
			const blocker = new pg.Client({ connectionString: withDatabase(postgresBaseUrl(), h.location) });
			blocker.on('error', () => undefined); // it is cut too
			await blocker.connect();
			await blocker.query('begin');
			await blocker.query('lock table signing_event_keys in access exclusive mode');
			return blocker;
		}

		const stageTables = async () =>
			(
				await sql<{
					n: number;
				}>`select count(*)::int as n from pg_class where relname like 'import_stage_%'`.execute(h.db)
			).rows[0]!.n;

		it('a large import stores nothing, is marked failed and drops its staging table', async () => {
			const events = Array.from({ length: 2 * INGEST_CHUNK + 10 }, (_, i) =>
				sytEvent(f, `CUT-${i}`, {
					source_system: 'QLVB-CUT',
					signed_at: new Date(Date.parse('2025-02-01T00:00:00Z') + i * 60_000).toISOString()
				})
			);
			const blocker = await blockKeyTable();
			const importing = ingestSigningEvents(h.db, records(events), {
				mode: 'all-or-nothing',
				who,
				origin: { kind: 'cli' }
			});
			const outcome = importing.then(
				() => null,
				(e: unknown) => e
			);
			await waitForStatement(h, 'insert into signing_events');
			expect(await terminateBackends(h)).toBeGreaterThanOrEqual(2);
			const error = await outcome;
			expect(isConnectionLost(error)).toBe(true);
			await blocker.end().catch(() => undefined);
			expect(await countEvents(h.db, 'QLVB-CUT')).toBe(0);
			const keys = await sql<{
				n: number;
			}>`select count(*)::int as n from signing_event_keys where source_system = 'QLVB-CUT'`.execute(h.db);
			expect(keys.rows[0]!.n).toBe(0);
			const run = await h.db
				.selectFrom('import_runs')
				.selectAll()
				.orderBy('id', 'desc')
				.executeTakeFirstOrThrow();
			expect(run).toMatchObject({ status: 'failed', inserted: 0, rows_read: events.length });
			expect(run.error).toBeTruthy();
			expect(await stageTables()).toBe(0);
			// Sent again once the database is back, it is stored whole.
			const again = await ingestSigningEvents(h.db, records(events), {
				mode: 'all-or-nothing',
				who,
				origin: { kind: 'cli' }
			});
			expect(again).toMatchObject({ inserted: events.length, committed: true });
		});

		it('an API batch is answered 503 in JSON, nothing stored, and the resend succeeds', async () => {
			const { key } = await createApiKey(h.db, { name: 'QLVB cắt', sourceSystem: 'QLVB-CUT-API' }, who);
			const body = json({
				events: [
					sytEvent(f, 'API-CUT-1', { source_system: undefined }),
					sytEvent(f, 'API-CUT-2', { source_system: undefined })
				]
			});
			const blocker = await blockKeyTable();
			const answer = postEvents(h.db, { key, body });
			await waitForStatement(h, 'insert into signing_events');
			await terminateBackends(h);
			const res = await answer;
			await blocker.end().catch(() => undefined);
			expect(res.status).toBe(503);
			expect(apiErrorSchema.parse(await res.json())).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
			expect(await countEvents(h.db, 'QLVB-CUT-API')).toBe(0);
			const run = await h.db
				.selectFrom('import_runs')
				.selectAll()
				.orderBy('id', 'desc')
				.executeTakeFirstOrThrow();
			expect(run).toMatchObject({ status: 'failed', origin: 'api', rows_read: 2, inserted: 0 });
			const resend = await postEvents(h.db, { key, body });
			expect(resend.status).toBe(200);
			expect(signingEventsResponseSchema.parse(await resend.json())).toMatchObject({
				inserted: 2,
				already_present: 0
			});
		});
	}
);
