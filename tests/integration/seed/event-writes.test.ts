// The seed's two ways of writing events (event-sink.ts): COPY on PostgreSQL and the batched inserts PGlite uses
// give the same rows, column for column and id for id; after either, the roll-ups equal the events and the
// deferred work is done (key register, the event indexes). PostgreSQL only: PGlite has no COPY path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import { testDbKind } from '../../helpers/test-db-config';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { seedDemoData } from '../../../src/lib/server/seed/demo';
import { verifyRollups } from '../../../src/lib/server/rollups/rollups';
import { SEED_DAY } from './helpers';

const onPostgres = testDbKind() === 'postgres';
let copied: DbHandle, inserted: DbHandle;

beforeAll(async () => {
	if (!onPostgres) return;
	[copied, inserted] = await Promise.all([openTestDb(), openTestDb()]);
	await seedDemoData(copied.db, { scale: 0.05, seed: 7, now: SEED_DAY });
	await seedDemoData(inserted.db, { scale: 0.05, seed: 7, now: SEED_DAY, eventWrites: 'insert' });
}, 600_000);
afterAll(async () => {
	await Promise.all([copied?.close(), inserted?.close()]);
});

async function digest(h: DbHandle) {
	const { rows } = await sql<{ n: number; digest: string }>`
		select count(*)::int as n, md5(string_agg(concat_ws('|', id, extract(epoch from signed_at), certificate_id,
			acting_person_id, acting_title, signing_form, document_number, document_agency_id, classification, channel,
			direction, incoming_indication, accepted, source_system, source_id), ',' order by id)) as digest
		from signing_events`.execute(h.db);
	return rows[0]!;
}

describe.skipIf(!onPostgres)(
	`demo events by COPY and by insert (${onPostgres ? 'PostgreSQL' : 'needs TEST_DB=postgres'})`,
	() => {
		it('are the same rows', async () => {
			const [a, b] = await Promise.all([digest(copied), digest(inserted)]);
			expect(a.n).toBeGreaterThan(5_000);
			expect(a).toEqual(b);
		});

		it('leave roll-ups equal to the events, every key registered and every index in place', async () => {
			for (const h of [copied, inserted]) {
				expect(await verifyRollups(h.db)).toEqual([]);
				const keys = await sql<{ missing: number }>`
					select count(*)::int as missing from signing_events e
					where not exists (select 1 from signing_event_keys k where k.source_system = e.source_system and k.source_id = e.source_id)`.execute(
					h.db
				);
				expect(keys.rows[0]!.missing).toBe(0);
				const idx = await sql<{ name: string }>`
					select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
					where i.indrelid = 'signing_events'::regclass order by 1`.execute(h.db);
				expect(idx.rows.map((r) => r.name)).toEqual(
					expect.arrayContaining([
						'signing_events_certificate_idx',
						'signing_events_agency_idx',
						'signing_events_person_idx',
						'signing_events_signed_at_idx'
					])
				);
			}
		});
	}
);
