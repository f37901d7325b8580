// Opening a month of agency_standing (2026_12_14_0100) recounts it from its sources while document
// systems may be sending events: a writer in flight when the recount starts must be waited for (its
// change is in the sources the recount reads, or in the rows it replaces), and a writer arriving
// during the recount must wait and apply its change to the new rows. Either way the standings end
// equal to their sources. Two connections: PostgreSQL only (PGlite has one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openTestDb } from '../../helpers/db';
import { testDbKind } from '../../helpers/test-db-config';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { Database } from '../../../src/lib/server/db/schema';
import { buildFixture, type Fixture } from '../inventory/fixtures';
import { standingDifferences } from '../../../src/lib/server/rollups/agency-standing';

const onPostgres = testDbKind() === 'postgres';
let h: DbHandle;
let fx: Fixture;
let serial = 0;

beforeAll(async () => {
	if (!onPostgres) return;
	h = await openTestDb();
	fx = await buildFixture(h.db);
});
afterAll(async () => h?.close());

const open = () => sql`select agency_standing_open(1::smallint, '2026-11-01'::date)`.execute(h.db);
const events = (n: number) =>
	Array.from({ length: n }, () => ({
		signed_at: new Date('2026-11-10T09:00:00+07:00'),
		certificate_id: fx.certs.sytOrg,
		signing_form: 'org' as const,
		channel: 'portal' as const,
		source_system: 'test',
		source_id: `open-${++serial}`
	}));
const signedBySyt = async () =>
	(
		await sql<{ signed: number }>`
			select s.signed from agency_standing s join certificates c on c.agency_id = s.agency_id
			where s.months = 1 and s.period_start = '2026-11-01' and c.id = ${fx.certs.sytOrg}`.execute(h.db)
	).rows[0]!.signed;
/**
 * Runs `work` in a transaction held open until `release()`; `ready` resolves once `work` has run, so
 * its locks are held from then on.
 */
function held(work: (trx: Kysely<Database>) => Promise<unknown>) {
	let release!: () => void;
	let ready!: () => void;
	const started = new Promise<void>((r) => (ready = r));
	const done = h.db.transaction().execute(async (trx) => {
		await work(trx);
		ready();
		await new Promise<void>((r) => (release = r));
	});
	return { ready: started, release: () => release(), done };
}

/** Whether `p` is still pending 300 ms from now (waiting on a lock). */
async function stillWaiting(p: Promise<unknown>): Promise<boolean> {
	let done = false;
	void p.then(() => (done = true));
	await new Promise((r) => setTimeout(r, 300));
	return !done;
}

describe.skipIf(!onPostgres)(
	`opening a month beside the writers (${onPostgres ? 'PostgreSQL' : 'needs TEST_DB=postgres'})`,
	() => {
		it('waits for a writer in flight, and counts its events once', async () => {
			await open();
			const before = await signedBySyt();
			const writer = held((trx) => trx.insertInto('signing_events').values(events(3)).execute());
			await writer.ready;
			const opening = open();
			expect(await stillWaiting(opening)).toBe(true);
			writer.release();
			await writer.done;
			await opening;
			expect(await signedBySyt()).toBe(before + 3);
			expect(await standingDifferences(h.db)).toEqual([]);
		});

		it('holds a writer arriving while a month opens, which then counts on the new rows', async () => {
			await open();
			const before = await signedBySyt();
			// November is not kept until the opener below commits: the writer must read which periods are
			// kept only once the opener is done, or its events would be in neither the recount nor the rows.
			await sql`delete from agency_standing where months = 1 and period_start = '2026-11-01'`.execute(h.db);
			await sql`delete from agency_standing_period where months = 1 and period_start = '2026-11-01'`.execute(
				h.db
			);
			const opener = held((trx) =>
				sql`select agency_standing_open(1::smallint, '2026-11-01'::date)`.execute(trx)
			);
			await opener.ready;
			const writing = h.db.insertInto('signing_events').values(events(2)).execute();
			expect(await stillWaiting(writing)).toBe(true);
			opener.release();
			await opener.done;
			await writing;
			expect(await signedBySyt()).toBe(before + 2);
			expect(await standingDifferences(h.db)).toEqual([]);
		});
	}
);
