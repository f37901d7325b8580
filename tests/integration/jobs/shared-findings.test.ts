// misuse-scan and revocation-scan keep the same finding kinds (signing after revocation or expiry,
// lost token, holder left) and may run at the same moment on two instances. A finding they both
// find must be opened once: one "Phát hiện" in its history, counted as opened by one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import { postgresBaseUrl, withDatabase } from '../../helpers/test-db-config';
import { openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { syncFindings } from '../../../src/lib/server/findings/sync';
import { CERTIFICATE_FIRST_KINDS, certificateFirstRules } from '../../../src/lib/jobs/scans/event-rules';
import { addEvent, buildWorld, type World } from './fixtures';

let h: DbHandle;
// On PostgreSQL the second scan has its own connection pool, as a second instance would.
let second: DbHandle | undefined;
let w: World;
const now = new Date('2026-11-20T10:00:00+07:00');

beforeAll(async () => {
	h = await openTestDb();
	if (h.kind === 'postgres') second = openPostgres(withDatabase(postgresBaseUrl(), h.location), 4);
	w = await buildWorld(h.db);
	const { certs: c, people: p } = w;
	// Signed after revocation, after expiry, with a lost token and by a retired holder.
	await addEvent(h.db, w, { at: '2026-06-01T09:00:00+07:00', cert: c.revoked, person: p.head });
	await addEvent(h.db, w, { at: '2026-06-02T09:00:00+07:00', cert: c.expired, person: p.head });
	await addEvent(h.db, w, { at: '2026-06-03T09:00:00+07:00', cert: c.lost, person: p.deputy });
	await addEvent(h.db, w, { at: '2026-06-04T09:00:00+07:00', cert: c.retired, person: p.retired });
});
afterAll(async () => {
	await second?.close();
	await h.close();
});
const dbB = () => second?.db ?? h.db;
const sync = (db: typeof h.db) =>
	syncFindings(db, { kinds: CERTIFICATE_FIRST_KINDS, found: certificateFirstRules(now), now });

describe('findings kept by two scans at once', () => {
	it('a finding both scans find is opened once, whatever the interleaving', async () => {
		for (let round = 0; round < 8; round++) {
			// Each round starts with none of these findings, so both scans see them as new.
			await sql`delete from findings where kind in (${sql.join(CERTIFICATE_FIRST_KINDS)})`.execute(h.db);
			const [a, b] = await Promise.all([sync(h.db), sync(dbB())]);
			const findings = await h.db
				.selectFrom('findings')
				.select('id')
				.where('kind', 'in', CERTIFICATE_FIRST_KINDS)
				.execute();
			expect(findings.length).toBeGreaterThanOrEqual(4);
			const opened = await sql<{ finding_id: number; n: number }>`
				select finding_id, count(*)::int as n from finding_events
				where from_status is null and finding_id in (${sql.join(findings.map((f) => f.id))})
				group by finding_id`.execute(h.db);
			expect(opened.rows).toHaveLength(findings.length);
			expect(opened.rows.every((r) => r.n === 1)).toBe(true);
			expect(a.opened + b.opened).toBe(findings.length);
			expect(a.resolved + b.resolved).toBe(0);
		}
	});

	it('the database itself refuses a second "opened" entry for one finding', async () => {
		const f = await h.db
			.selectFrom('findings')
			.select('id')
			.where('kind', 'in', CERTIFICATE_FIRST_KINDS)
			.executeTakeFirstOrThrow();
		await expect(
			h.db
				.insertInto('finding_events')
				.values({ finding_id: f.id, from_status: null, to_status: 'open', note: 'Phát hiện' })
				.execute()
		).rejects.toMatchObject({ code: '23505' });
	});
});
