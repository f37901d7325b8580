// The full misuse scan's pass rules from the roll-ups (candidateEventsFromRollups: the event groups of
// signing_event_groups and the certificates' busy days of certificate_daily_use) find exactly what
// they find from two grouped reads of the events (candidateEvents, the reference), column for
// column, on the demo data with edge cases added (a night signature alone in an ordinary group, at
// 04:59 and at 05:00, a burst of 30 in the last ten minutes of a day, 29 in one bucket, a burst in
// one statement with other events), for the default settings and others (bursts of 5, a night from
// 20:00 to 06:00, buckets of 15 and 60 minutes). signing_event_groups equals a recomputation from the
// events after the edge cases are added, moved, made secret and removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import {
	DEFAULT_EVENT_RULES,
	burstSlots,
	scanPassRules,
	type EventRuleSettings
} from '../../../src/lib/jobs/scans/event-rules';
import {
	bucketsNestInDays,
	candidateEvents,
	candidateEventsFromRollups,
	nightHours
} from '../../../src/lib/jobs/scans/candidate-events';
import { eventGroupDifferences } from '../../../src/lib/server/rollups/event-groups';
import { foldScanState } from '../../../src/lib/server/rollups/scan-state-fold';

let h: DbHandle;

/** `n` outgoing events of the n-th certificate of an agency, from a Vietnam time, `gap` seconds apart. */
async function sign(certificate: number, from: string, n: number, gap: number, tag: string): Promise<void> {
	await sql`insert into signing_events (signed_at, certificate_id, acting_person_id, acting_title, signing_form,
			document_number, document_agency_id, direction, channel, source_system, source_id)
		select (${from}::timestamp at time zone 'Asia/Ho_Chi_Minh') + make_interval(secs => i * ${gap}),
			c.id, c.person_id, c.stated_title, 'own', ${tag} || '-' || i || '/UBND-VP', c.agency_id, 'outgoing', 'qlvb',
			'test', ${tag} || '-' || i
		from generate_series(0, ${n - 1}) i,
			(select c.* from certificates c where c.agency_id is not null and c.person_id is not null
				and c.kind = 'individual' order by c.id offset ${certificate} limit 1) c`.execute(h.db);
}

const rows = (r: { rows: unknown[] }) => r.rows.map((x) => JSON.stringify(x)).sort();

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	await sign(3, '2026-03-02T23:30:00', 1, 0, 'NIGHT-A');
	await sign(4, '2026-03-03T04:59:59', 1, 0, 'NIGHT-B');
	await sign(5, '2026-03-03T05:00:00', 1, 0, 'DAWN');
	await sign(6, '2026-03-04T23:50:00', 30, 19, 'BURST-EOD');
	await sign(7, '2026-03-05T09:00:00', 29, 20, 'BELOW');
	await sign(8, '2026-03-05T09:00:00', 6, 60, 'SMALL');
	// As a misuse-scan run does first: the new events folded into the state it reads.
	const { rows: newest } = await sql<{ id: string }>`select max(id)::text as id from signing_events`.execute(
		h.db
	);
	await foldScanState(h.db, Number(newest[0]!.id));
}, 120_000);
afterAll(async () => {
	await h?.close();
});

const SETTINGS: EventRuleSettings[] = [
	DEFAULT_EVENT_RULES,
	{ ...DEFAULT_EVENT_RULES, burstCount: 5 },
	{ ...DEFAULT_EVENT_RULES, nightStartHour: 20, nightEndHour: 6 },
	{ ...DEFAULT_EVENT_RULES, burstMinutes: 15, burstCount: 6 },
	{ ...DEFAULT_EVENT_RULES, burstMinutes: 60, burstCount: 29 }
];

describe('the pass rules from the roll-ups', () => {
	it.each(SETTINGS)('find what the grouped reads of the events find (%o)', async (s) => {
		expect(bucketsNestInDays(s)).toBe(true);
		await h.db.transaction().execute(async (trx) => {
			await sql`set local work_mem = '64MB'`.execute(trx);
			const slots = await burstSlots(trx, s);
			const reference = rows(await sql`${scanPassRules(s, slots, candidateEvents(s, slots))}`.execute(trx));
			const judged = rows(await sql`${scanPassRules(s, 1, candidateEventsFromRollups(s))}`.execute(trx));
			expect(judged).toEqual(reference);
			// Not two empty sets: the night and burst edge cases are found.
			const keys = reference.map((r) => (JSON.parse(r) as { dedupe_key: string }).dedupe_key);
			expect(keys.filter((k) => k.includes(':night:')).length).toBeGreaterThanOrEqual(2);
			expect(keys.some((k) => k.includes(':burst:'))).toBe(true);
		});
	});

	it('are read from the events when the burst buckets do not nest in days', () => {
		expect(bucketsNestInDays({ ...DEFAULT_EVENT_RULES, burstMinutes: 7 })).toBe(false);
		expect(bucketsNestInDays({ ...DEFAULT_EVENT_RULES, burstMinutes: 90 })).toBe(false);
		expect(nightHours(DEFAULT_EVENT_RULES)).toBe((1 << 22) | (1 << 23) | 0b11111);
	});
});

describe('signing_event_groups', () => {
	it('follows inserts, updates and deletes', async () => {
		expect(await eventGroupDifferences(h.db)).toEqual([]);
		// Moved an hour, made secret, given another acting person, its certificate removed.
		await sql`update signing_events set signed_at = signed_at + interval '1 hour' where source_id = 'DAWN-0'`.execute(
			h.db
		);
		await sql`update signing_events set classification = 'secret' where source_id = 'SMALL-1'`.execute(h.db);
		await sql`update signing_events set acting_person_id = null where source_id = 'SMALL-2'`.execute(h.db);
		await sql`update signing_events set certificate_id = null, certificate_ref = 'sha256:unknown-test' where source_id = 'SMALL-3'`.execute(
			h.db
		);
		await sql`update signing_events set channel = 'email' where source_id like 'BELOW-%'`.execute(h.db);
		expect(await eventGroupDifferences(h.db)).toEqual([]);
		await sql`delete from signing_events where source_id like 'NIGHT-%' or source_id = 'SMALL-3'`.execute(
			h.db
		);
		expect(await eventGroupDifferences(h.db)).toEqual([]);
		const zero = await sql<{
			n: number;
		}>`select count(*)::int as n from signing_event_groups where events = 0`.execute(h.db);
		expect(zero.rows[0]!.n).toBeGreaterThanOrEqual(2);
	});
});
