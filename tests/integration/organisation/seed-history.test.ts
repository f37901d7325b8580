// The demo seed writes the dated history the rules read: every person has a status history whose
// last row is their current status, an active person exactly one open post matching their current
// agency and title, someone who left none (closed the day before), and nobody two posts on one day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';

let h: DbHandle;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
});
afterAll(async () => {
	await h?.close();
});

const rows = async (query: ReturnType<typeof sql>) => (await query.execute(h.db)).rows;

describe('people history in the demo data', () => {
	it('gives every person a status history ending in their current status', async () => {
		expect(await rows(sql`select count(*)::int as n from people`)).toEqual([{ n: expect.any(Number) }]);
		const wrong = await rows(sql`
			select p.id, p.status, p.status_since, s.status as last_status, s.since as last_since
			from people p
			left join lateral (select status, since from person_status_history h where h.person_id = p.id
				order by since desc, id desc limit 1) s on true
			where s.status is distinct from p.status
				or (p.status <> 'active' and s.since is distinct from p.status_since)`);
		expect(wrong).toEqual([]);
	});

	it('keeps one open post for each active person, matching the current agency and title', async () => {
		const wrong = await rows(sql`
			select p.id, p.status, count(pp.id)::int as open_posts
			from people p left join person_positions pp on pp.person_id = p.id and pp.valid_to is null
				and pp.agency_id = p.agency_id and pp.title = p.title
			group by p.id, p.status
			having count(pp.id) <> (case when p.status = 'active' then 1 else 0 end)`);
		expect(wrong).toEqual([]);
		const left = await rows(sql`
			select p.id from people p join person_positions pp on pp.person_id = p.id
			where p.status <> 'active' and pp.valid_to = p.status_since - 1`);
		const leftCount = await rows(sql`select count(*)::int as n from people where status <> 'active'`);
		expect(left.length).toBe((leftCount[0] as { n: number }).n);
		expect(left.length).toBeGreaterThan(0);
	});

	it('never gives a person two posts on one day, and starts every post before their certificates', async () => {
		expect(
			await rows(sql`
				select a.person_id from person_positions a join person_positions b
					on a.person_id = b.person_id and a.id < b.id
					and a.valid_from <= coalesce(b.valid_to, 'infinity'::date) and b.valid_from <= coalesce(a.valid_to, 'infinity'::date)`)
		).toEqual([]);
		expect(
			await rows(sql`
				select c.id from certificates c
				where c.person_id is not null and not exists (select 1 from person_positions pp
					where pp.person_id = c.person_id and pp.valid_from <= (c.not_before at time zone 'Asia/Ho_Chi_Minh')::date)`)
		).toEqual([]);
		// Some deputies were heads of a section before: a history to show on their page.
		const promoted = await rows(
			sql`select count(*)::int as n from (select person_id from person_positions group by person_id having count(*) > 1) x`
		);
		expect((promoted[0] as { n: number }).n).toBeGreaterThan(0);
	});
});
