// A resumed run reports the whole run: misuse-scan commits each rule group with its checkpoint,
// and the checkpoint carries the counts so far, so a retry that resumes after the first group
// adds its own counts to the first group's instead of reporting only the part after the checkpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { CERTIFICATE_FIRST_KINDS } from '../../../src/lib/jobs/scans/event-rules';
import { addEvent, buildWorld } from './fixtures';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
	const w = await buildWorld(h.db);
	const { certs: c, people: p, agencies: a } = w;
	// Found by the first group (events): a secret document, use for another agency.
	await addEvent(h.db, w, {
		at: '2026-06-01T09:00:00+07:00',
		cert: c.head,
		person: p.head,
		title: 'Giám đốc',
		classification: 'secret'
	});
	await addEvent(h.db, w, {
		at: '2026-06-02T09:00:00+07:00',
		cert: c.head,
		person: p.head,
		title: 'Giám đốc',
		docAgency: a.B.id
	});
	// Found by the second group (certificates): signing after revocation, by a retired holder.
	await addEvent(h.db, w, { at: '2026-06-03T09:00:00+07:00', cert: c.revoked, person: p.head });
	await addEvent(h.db, w, { at: '2026-06-04T09:00:00+07:00', cert: c.retired, person: p.retired });
});
afterAll(async () => {
	await h.close();
});

describe('a resumed run', () => {
	it('reports the counts of the whole scan, the part before its checkpoint included', async () => {
		const clock = new ManualClock('2026-11-20T10:00:00+07:00');
		const runner = new JobRunner({
			db: h.db,
			jobs: [misuseScan],
			clock,
			instanceId: 'T',
			log: () => undefined
		});
		// The second group fails once, as a serialization failure would: the run is retried after 30 s.
		await sql`create function test_refuse_certificate_kinds() returns trigger language plpgsql as $$
			begin raise exception 'could not serialize access' using errcode = '40001'; end $$`.execute(h.db);
		await sql`create trigger test_refuse_certificate_kinds before insert on findings for each row
			when (new.kind in (${sql.join(CERTIFICATE_FIRST_KINDS.map((k) => sql.lit(k)))}))
			execute function test_refuse_certificate_kinds()`.execute(h.db);
		await runner.enqueue('misuse-scan', { trigger: 'manual' });
		const [first] = await runner.pollOnce();
		expect(first?.status).toBe('failed');
		expect(first?.checkpoint).toMatchObject({ done: ['events'] });
		await sql`drop trigger test_refuse_certificate_kinds on findings`.execute(h.db);
		await sql`drop function test_refuse_certificate_kinds()`.execute(h.db);

		clock.advance(31_000);
		const [retry] = await runner.pollOnce();
		expect(retry?.status, retry?.error ?? '').toBe('succeeded');
		expect(retry?.retry_of_id).toBe(first!.id);
		const { rows } = await sql<{ kind: string }>`select kind from findings`.execute(h.db);
		const byGroup = (certificates: boolean) =>
			rows.filter((r) => CERTIFICATE_FIRST_KINDS.includes(r.kind as never) === certificates).length;
		expect(byGroup(false)).toBeGreaterThanOrEqual(2);
		expect(byGroup(true)).toBeGreaterThanOrEqual(2);
		expect(retry?.counts).toEqual({ seen: rows.length, opened: rows.length, reopened: 0, resolved: 0 });
	});
});
