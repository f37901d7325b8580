// Opening a month of agency_standing (2026_12_14_0100) recounts it from its sources while document
// systems may be sending events: a writer in flight when the recount starts must be waited for (its
// change is in the sources the recount reads, or in the rows it replaces), and a writer arriving
// during the recount must wait and apply its change to the new rows. Either way the standings end
// equal to their sources. Two connections: PostgreSQL only (PGlite has one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import { testDbKind } from '../../helpers/test-db-config';
import type { DbHandle } from '../../../src/lib/server/db/connection';
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
const settled = (p: Promise<unknown>) => {
	let done = false;
	void p.then(() => (done = true));
	return () => done;
};

describe.skipIf(!onPostgres)(
	`opening a month beside the writers (${onPostgres ? 'PostgreSQL' : 'needs TEST_DB=postgres'})`,
	() => {
		it('waits for a writer in flight, and counts its events once', async () => {
			await open();
			const before = await signedBySyt();
			let release!: () => void;
			let wrote!: () => void;
			const written = new Promise<void>((r) => (wrote = r));
			const writer = h.db.transaction().execute(async (trx) => {
				await trx.insertInto('signing_events').values(events(3)).execute();
				wrote();
				await new Promise<void>((r) => (release = r));
			});
			await written;
			const opening = open();
			const opened = settled(opening);
			await new Promise((r) => setTimeout(r, 300));
			expect(opened()).toBe(false);
			release();
			await writer;
			await opening;
			expect(await signedBySyt()).toBe(before + 3);
			expect(await standingDifferences(h.db)).toEqual([]);
		});

		it('holds a writer arriving while the next month opens, which then counts on the new rows', async () => {
			await open();
			const before = await signedBySyt();
			// October is the open month until the opener below makes it November: the writer must
			// read which month is open only once the opener is done.
			await sql`select agency_standing_open(1::smallint, '2026-10-01'::date)`.execute(h.db);
			let release!: () => void;
			let began!: () => void;
			const begun = new Promise<void>((r) => (began = r));
			const opener = h.db.transaction().execute(async (trx) => {
				await sql`select agency_standing_open(1::smallint, '2026-11-01'::date)`.execute(trx);
				began();
				await new Promise<void>((r) => (release = r));
			});
			await begun;
			const writing = h.db.insertInto('signing_events').values(events(2)).execute();
			const wrote = settled(writing);
			await new Promise((r) => setTimeout(r, 300));
			expect(wrote()).toBe(false);
			release();
			await opener;
			await writing;
			expect(await signedBySyt()).toBe(before + 2);
			expect(await standingDifferences(h.db)).toEqual([]);
		});
	}
);
