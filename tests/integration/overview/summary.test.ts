// The daily signing summary (and the monthly tables beside it, through verifyRollups) stays equal
// to the events through inserts, deletes and updates (triggers), so the charts that read them
// agree with the event list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import {
	signingByChannel,
	signingSeries,
	signingTotal,
	summaryAnswers
} from '../../../src/lib/server/signing/activity';
import {
	resolveRange,
	signingFilterSchema,
	type SigningFilter
} from '../../../src/lib/server/signing/filter';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { verifyRollups } from '../../../src/lib/server/rollups/rollups';

let h: DbHandle;
let fx: Fixture;
const ALL: AgencyScope = { kind: 'all' };
const sf = (q: Record<string, string> = {}): SigningFilter =>
	parseQuery(signingFilterSchema, new URLSearchParams(q)).value;

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
});
afterAll(async () => h?.close());

/** Summary rows against a fresh aggregate of the events, compared as sorted text. */
async function drift(): Promise<string[]> {
	const { rows } = await sql<{ line: string }>`
		with raw as (
			select (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date as day, c.agency_id, e.channel, e.signing_form, e.classification, count(*)::int as n
			from signing_events e left join certificates c on c.id = e.certificate_id group by 1, 2, 3, 4, 5
		), summ as (select day, agency_id, channel, signing_form, classification, n from signing_daily_summary where n > 0)
		select concat_ws('|', coalesce(r.day, s.day), coalesce(r.agency_id, s.agency_id), coalesce(r.channel, s.channel), coalesce(r.signing_form, s.signing_form), r.n, s.n) as line
		from raw r full join summ s on r.day = s.day and r.agency_id is not distinct from s.agency_id and r.channel = s.channel
			and r.signing_form = s.signing_form and r.classification = s.classification
		where r.n is distinct from s.n
	`.execute(h.db);
	return rows.map((r) => r.line);
}

describe('signing daily summary', () => {
	it('holds exactly the events after the fixture inserts', async () => {
		expect(
			await h.db
				.selectFrom('signing_daily_summary')
				.select(sql<number>`sum(n)::int`.as('n'))
				.executeTakeFirstOrThrow()
		).toEqual({
			n: await h.db
				.selectFrom('signing_events')
				.select(sql<number>`count(*)::int`.as('n'))
				.executeTakeFirstOrThrow()
				.then((r) => r.n)
		});
		expect(await drift()).toEqual([]);
		expect(await verifyRollups(h.db)).toEqual([]);
	});

	it('follows deletes and updates, and the summary answers equal the event answers', async () => {
		await sql`delete from signing_events where certificate_id = ${fx.certs.doctor} and signed_at >= '2026-06-01 00:00+07' and signed_at < '2026-07-01 00:00+07'`.execute(
			h.db
		);
		await sql`update signing_events set channel = 'portal', classification = 'confidential' where certificate_id = ${fx.certs.sytDirector} and signed_at >= '2026-09-01 00:00+07'`.execute(
			h.db
		);
		expect(await drift()).toEqual([]);
		expect(await verifyRollups(h.db)).toEqual([]);

		const r = resolveRange({}, NOW);
		expect(summaryAnswers(sf())).toBe(true);
		expect(summaryAnswers(sf({ certificate: String(fx.certs.doctor) }))).toBe(false);
		// The same question asked both ways: through a certificate filter (events) and an agency filter (summary).
		const viaEvents = await signingTotal(h.db, ALL, sf({ certificate: String(fx.certs.doctor) }), r);
		const viaSummary = await signingTotal(h.db, ALL, sf({ agency: String(fx.hospital) }), r);
		expect(viaSummary).toBe(viaEvents);
		const portal = (await signingByChannel(h.db, ALL, sf(), r)).find((c) => c.key === 'portal')?.n;
		expect(portal).toBe(
			await signingTotal(h.db, ALL, sf({ certificate: String(fx.certs.sytDirector), channel: 'portal' }), r)
		);
		const june = (await signingSeries(h.db, ALL, sf({ agency: String(fx.hospital) }), r, 'month')).find(
			(p) => p.bucket === '2026-06-01'
		);
		expect(june).toBeUndefined();
	});

	it('follows a certificate moved to another agency, with its events (the inspector link, an import, a merge)', async () => {
		const before = await signingTotal(h.db, ALL, sf({ agency: String(fx.hospital) }), resolveRange({}, NOW));
		const moving = await signingTotal(
			h.db,
			ALL,
			sf({ certificate: String(fx.certs.doctor) }),
			resolveRange({}, NOW)
		);
		expect(moving).toBeGreaterThan(0);
		const { agency_id: home } = await h.db
			.selectFrom('certificates')
			.select('agency_id')
			.where('id', '=', fx.certs.doctor)
			.executeTakeFirstOrThrow();
		const other = await h.db
			.selectFrom('agencies')
			.select('id')
			.where('id', '<>', home!)
			.where('kind', '<>', 'external')
			.orderBy('id')
			.executeTakeFirstOrThrow();
		await h.db
			.updateTable('certificates')
			.set({ agency_id: other.id })
			.where('id', '=', fx.certs.doctor)
			.execute();
		expect(await drift()).toEqual([]);
		expect(await verifyRollups(h.db)).toEqual([]);
		const { agency_id: directorHome } = await h.db
			.selectFrom('certificates')
			.select('agency_id')
			.where('id', '=', fx.certs.sytDirector)
			.executeTakeFirstOrThrow();
		// Back again inside a transaction that also touches another certificate: still exact.
		await h.db.transaction().execute(async (trx) => {
			await trx
				.updateTable('certificates')
				.set({ agency_id: home })
				.where('id', '=', fx.certs.doctor)
				.execute();
			await trx
				.updateTable('certificates')
				.set({ agency_id: null })
				.where('id', '=', fx.certs.sytDirector)
				.execute();
		});
		expect(await drift()).toEqual([]);
		expect(await verifyRollups(h.db)).toEqual([]);
		await h.db
			.updateTable('certificates')
			.set({ agency_id: directorHome })
			.where('id', '=', fx.certs.sytDirector)
			.execute();
		expect(await drift()).toEqual([]);
		expect(await verifyRollups(h.db)).toEqual([]);
		expect(await signingTotal(h.db, ALL, sf({ agency: String(fx.hospital) }), resolveRange({}, NOW))).toBe(
			before
		);
	});
});
