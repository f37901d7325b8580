// signing_document_state (what the misuse scan's document rules test before reading a document's
// events) equals a recomputation from the folded events after each way events change: the demo seed
// (deferred, rebuilt), inserts in one statement across documents, years and forms (held only once
// folded, as the scan folds them), events changed or removed before they are folded, an update that
// moves an event to another year, number and form, one that makes an event incoming, one that
// changes nothing the state holds, and deletes (a document with no event left keeps a row at zero,
// which the comparison counts as absent). `kiem-ky summary verify` reports a planted difference
// and `summary rebuild` repairs it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { documentStateDifferences } from '../../../src/lib/server/rollups/document-state';
import { runSummary } from '../../../src/cli/commands/summary';
import { foldScanState } from '../../../src/lib/server/rollups/scan-state-fold';

let h: DbHandle;
const open = async () => ({ db: h.db, close: async () => undefined });

beforeAll(async () => {
	h = await openTestDb({ demo: true });
}, 120_000);
afterAll(async () => {
	await h?.close();
});
afterEach(() => vi.restoreAllMocks());

/** Folds every event in, as a misuse-scan run does up to the end of its range. */
async function foldAll(): Promise<number> {
	const { rows } = await sql<{ id: string }>`select max(id)::text as id from signing_events`.execute(h.db);
	return foldScanState(h.db, Number(rows[0]!.id));
}

/** The stored row of a document (agency of the first certificate), or undefined. */
async function state(number: string, year: number) {
	const { rows } = await sql<{
		events: number;
		person_events: number;
		first_person_at: Date | null;
		first_org_at: Date | null;
		number_valid: boolean;
	}>`select d.events, d.person_events, d.first_person_at, d.first_org_at, d.number_valid
		from signing_document_state d
		where d.number = ${number} and d.year = ${year}`.execute(h.db);
	return rows[0];
}

describe('signing_document_state', () => {
	it('holds the demo seed’s documents', async () => {
		const n = await sql<{ n: number }>`select count(*)::int as n from signing_document_state`.execute(h.db);
		expect(n.rows[0]!.n).toBeGreaterThan(100);
		expect(await documentStateDifferences(h.db)).toEqual([]);
	});

	it('follows inserts, updates and deletes', async () => {
		// One statement: two documents, one across the new year, forms of every kind, one incoming event.
		await sql`insert into signing_events (signed_at, certificate_id, acting_person_id, acting_title, signing_form,
				document_number, document_agency_id, direction, channel, source_system, source_id)
			select x.at::timestamp at time zone 'Asia/Ho_Chi_Minh', c.id, c.person_id, 'Giám đốc', x.form,
				x.number, c.agency_id, x.direction, 'qlvb', 'test', 'STATE-' || x.i
			from (values (1, '2025-12-31T23:59:59.5', 'own', '21/QĐ-STATE', 'outgoing'),
					(2, '2026-01-01T00:00:00', 'org', '21/QĐ-STATE', 'outgoing'),
					(3, '2026-02-02T09:00:00', 'org', '22/QĐ-STATE', 'outgoing'),
					(4, '2026-02-02T10:00:00', 'kt', '22/QĐ-STATE', 'outgoing'),
					(5, '2026-02-02T11:00:00', 'copy', '22/QĐ-STATE', 'outgoing'),
					(6, '2026-02-02T12:00:00', 'own', '22/QĐ-STATE', 'incoming'),
					(7, '2026-02-03T09:00:00', 'own', '3/QĐ-STATE', 'outgoing')) as x(i, at, form, number, direction)
			cross join lateral (select c.* from certificates c where c.agency_id is not null and c.person_id is not null
				order by c.id limit 1) c`.execute(h.db);
		// Not held until folded; folding twice adds nothing.
		expect(await state('22/QĐ-STATE', 2026)).toBeUndefined();
		expect(await foldAll()).toBeGreaterThan(0);
		expect(await foldAll()).toBe(0);
		expect(await documentStateDifferences(h.db)).toEqual([]);
		expect(await state('21/QĐ-STATE', 2025)).toMatchObject({
			events: 1,
			person_events: 1,
			first_org_at: null
		});
		expect(await state('21/QĐ-STATE', 2026)).toMatchObject({ events: 1, person_events: 0 });
		expect(await state('22/QĐ-STATE', 2026)).toMatchObject({
			events: 3,
			person_events: 1,
			number_valid: true
		});
		expect(await state('3/QĐ-STATE', 2026)).toMatchObject({ events: 1, number_valid: false });

		// Moved to another year, number and form; made incoming; a change the state does not hold.
		await sql`update signing_events set signed_at = signed_at + interval '1 day', signing_form = 'tm',
			document_number = '22/QĐ-STATE' where source_id = 'STATE-1'`.execute(h.db);
		await sql`update signing_events set direction = 'incoming' where source_id = 'STATE-3'`.execute(h.db);
		await sql`update signing_events set acting_title = 'Phó Giám đốc' where source_id like 'STATE-%'`.execute(
			h.db
		);
		expect(await documentStateDifferences(h.db)).toEqual([]);
		expect(await state('22/QĐ-STATE', 2026)).toMatchObject({
			events: 3,
			person_events: 2,
			first_org_at: null
		});
		expect(await state('21/QĐ-STATE', 2025)).toMatchObject({ events: 0, person_events: 0 });

		// Every event of a document removed: its row stays, at zero.
		await sql`delete from signing_events where source_id in ('STATE-2', 'STATE-7')`.execute(h.db);
		expect(await documentStateDifferences(h.db)).toEqual([]);
		expect(await state('21/QĐ-STATE', 2026)).toMatchObject({ events: 0, first_org_at: null });
		expect(await state('3/QĐ-STATE', 2026)).toMatchObject({ events: 0 });

		// Events changed and removed before they are folded: the fold takes them as they are then.
		await sql`insert into signing_events (signed_at, certificate_id, acting_person_id, acting_title, signing_form,
				document_number, document_agency_id, direction, channel, source_system, source_id)
			select x.at::timestamp at time zone 'Asia/Ho_Chi_Minh', c.id, c.person_id, 'Giám đốc', x.form,
				x.number, c.agency_id, 'outgoing', 'qlvb', 'test', 'LATE-' || x.i
			from (values (1, '2026-03-01T09:00:00', 'own', '40/QĐ-STATE'),
					(2, '2026-03-01T10:00:00', 'org', '40/QĐ-STATE'),
					(3, '2026-03-02T09:00:00', 'own', '41/QĐ-STATE')) as x(i, at, form, number)
			cross join lateral (select c.* from certificates c where c.agency_id is not null and c.person_id is not null
				order by c.id limit 1) c`.execute(h.db);
		await sql`update signing_events set document_number = '22/QĐ-STATE' where source_id = 'LATE-1'`.execute(
			h.db
		);
		await sql`delete from signing_events where source_id = 'LATE-3'`.execute(h.db);
		expect(await state('22/QĐ-STATE', 2026)).toMatchObject({ events: 3 });
		expect(await foldAll()).toBeGreaterThan(0);
		expect(await documentStateDifferences(h.db)).toEqual([]);
		expect(await state('22/QĐ-STATE', 2026)).toMatchObject({ events: 4, person_events: 3 });
		expect(await state('40/QĐ-STATE', 2026)).toMatchObject({ events: 1, person_events: 0 });
		// Removed before it was folded: no events (the delete's recount may leave a row at zero).
		expect((await state('41/QĐ-STATE', 2026))?.events ?? 0).toBe(0);
	});

	it('summary verify reports a planted difference; rebuild repairs it', async () => {
		vi.spyOn(console, 'log').mockImplementation(() => undefined);
		expect(await runSummary(['verify'], open)).toBe(0);
		await sql`update signing_document_state set person_events = person_events + 1
			where number = '22/QĐ-STATE' and year = 2026`.execute(h.db);
		const diffs = await documentStateDifferences(h.db);
		expect(diffs).toHaveLength(1);
		expect(diffs[0]).toMatchObject({ table: 'signing_document_state' });
		expect(await runSummary(['verify'], open)).toBe(1);
		expect(await runSummary(['rebuild'], open)).toBe(0);
		expect(await documentStateDifferences(h.db)).toEqual([]);
		expect(await runSummary(['verify'], open)).toBe(0);
	});
});
