// Night and burst signatures at the edges: the misuse scan finds its night candidates by the
// buckets overlapping each night, so a bucket length that does not divide an hour, and
// signatures one second either side of 22:00 and 05:00, must give the per-event rule's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { addEvent, buildWorld, type World } from './fixtures';

let h: DbHandle;
let w: World;
const clock = new ManualClock('2026-11-20T10:00:00+07:00');
const at = (d: string, hms: string) => `${d}T${hms}+07:00`;

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	await h.db
		.insertInto('settings')
		.values({ key: 'jobs.misuse_rules', value: JSON.stringify({ burstCount: 4, burstMinutes: 7 }) })
		.execute();
	const sign = (when: string) =>
		addEvent(h.db, w, { at: when, cert: w.certs.head, person: w.people.head, title: 'Giám đốc' });
	// Night of 8 to 9 July: 22:00:00 and 04:59:59 count, 21:59:59 and 05:00:00 do not.
	for (const t of [
		at('2026-07-08', '21:59:59'),
		at('2026-07-08', '22:00:00'),
		at('2026-07-09', '04:59:59'),
		at('2026-07-09', '05:00:00')
	])
		await sign(t);
	// Four signatures inside one 7-minute bucket (epoch seconds / 420), and three in the next.
	const start = Math.ceil(new Date(at('2026-07-10', '10:00:00')).getTime() / 420_000) * 420_000;
	for (let i = 0; i < 4; i++) await sign(new Date(start + i * 60_000).toISOString());
	for (let i = 0; i < 3; i++) await sign(new Date(start + 420_000 + i * 60_000).toISOString());
});
afterAll(async () => {
	await h?.close();
});

describe('misuse-scan at the edges of night and burst buckets', () => {
	it('counts exactly the signatures the per-event rules flag', async () => {
		const runner = new JobRunner({
			db: h.db,
			jobs: [misuseScan],
			clock,
			instanceId: 'T',
			log: () => undefined
		});
		await runner.enqueue('misuse-scan', { trigger: 'manual' });
		const [run] = await runner.pollOnce();
		expect(run?.status, run?.error ?? '').toBe('succeeded');
		const found = await h.db
			.selectFrom('findings')
			.select(['dedupe_key', 'evidence'])
			.where('kind', '=', 'unusual_pattern')
			.orderBy('dedupe_key')
			.execute();
		const fp = w.certs.head.fp;
		const burstStart = Math.ceil(new Date(at('2026-07-10', '10:00:00')).getTime() / 420_000);
		expect(found.map((f) => [f.dedupe_key, (f.evidence as { events: number }).events])).toEqual([
			[`unusual_pattern:${fp}:burst:${burstStart}`, 4],
			[`unusual_pattern:${fp}:night:2026-07-08`, 1],
			[`unusual_pattern:${fp}:night:2026-07-09`, 1]
		]);
	});
});
