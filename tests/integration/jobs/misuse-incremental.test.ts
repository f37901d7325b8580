// The incremental misuse scan: events arrive in three batches with a scan after each; the later
// runs read only the newly arrived events (by arrival id, so a late batch of old signing times is
// still new) plus the burst window around them, and the findings they leave are exactly those a
// full rescan computes: a full run afterwards opens, reopens and resolves nothing and changes no
// finding's summary or evidence. A finding is opened once whatever the runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { addEvent, buildWorld, runMisuseScan, type World } from './fixtures';

let h: DbHandle;
let w: World;
let runner: JobRunner;
const clock = new ManualClock('2026-11-20T10:00:00+07:00');
const day = (d: string, hm = '09:30') => `${d}T${hm}:00+07:00`;

const scan = (payload: Record<string, unknown> = {}) => runMisuseScan(h.db, runner, clock, payload);

const findings = () =>
	h.db
		.selectFrom('findings')
		.select(['dedupe_key', 'kind', 'status', 'summary', 'evidence', 'severity', 'certificate_id'])
		.orderBy('dedupe_key')
		.execute();

const watermark = async () =>
	Number(
		(
			await h.db
				.selectFrom('scan_watermarks')
				.select('last_event_id')
				.where('scan', '=', 'misuse-scan')
				.executeTakeFirstOrThrow()
		).last_event_id
	);
const maxId = async () =>
	Number((await sql<{ id: string }>`select max(id) as id from signing_events`.execute(h.db)).rows[0]!.id);

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({ db: h.db, jobs: [misuseScan], clock, instanceId: 'T', log: () => undefined });
	await h.db
		.insertInto('settings')
		.values({ key: 'jobs.misuse_rules', value: JSON.stringify({ burstCount: 5 }) })
		.execute();
});
afterAll(async () => h?.close());

describe('incremental misuse scan', () => {
	it('reads each batch once and leaves exactly the findings of a full rescan', async () => {
		const { people: p, certs: c, agencies: a } = w;
		// Batch 1: clean signatures, three of a future burst, a non-clerk use of the organisation's
		// certificate, a secret document.
		await addEvent(h.db, w, { at: day('2026-06-01'), cert: c.head, person: p.head, title: 'Giám đốc' });
		for (let i = 0; i < 3; i++)
			await addEvent(h.db, w, {
				at: day('2026-07-09', `10:0${i}`),
				cert: c.head,
				person: p.head,
				title: 'Giám đốc'
			});
		await addEvent(h.db, w, {
			at: day('2026-07-01'),
			cert: c.org,
			person: p.head,
			title: 'Giám đốc',
			form: 'org'
		});
		await addEvent(h.db, w, {
			at: day('2026-07-04'),
			cert: c.deputy,
			person: p.deputy,
			title: 'Phó Giám đốc',
			classification: 'secret'
		});
		const first = await scan();
		expect(first.logs).toMatch(/Quét toàn bộ/); // no watermark yet
		expect(await watermark()).toBe(await maxId());
		const afterFirst = await findings();
		// The organisation signatures by the head carry no person's signature first (Decree 30 Art. 32).
		expect(afterFirst.map((f) => f.kind).sort()).toEqual([
			'org_cert_non_clerk',
			'org_signed_before_person',
			'secret_document_signed'
		]);

		// Batch 2: two more signatures in the burst's ten minutes (the burst needs batch 1's three),
		// the same misuse of the organisation's certificate again (its evidence grows), a wrong title.
		const mark1 = await watermark();
		for (let i = 3; i < 5; i++)
			await addEvent(h.db, w, {
				at: day('2026-07-09', `10:0${i}`),
				cert: c.head,
				person: p.head,
				title: 'Giám đốc'
			});
		await addEvent(h.db, w, {
			at: day('2026-07-02'),
			cert: c.org,
			person: p.head,
			title: 'Giám đốc',
			form: 'org'
		});
		await addEvent(h.db, w, { at: day('2026-07-03'), cert: c.head, person: p.head, title: 'Chủ tịch' });
		const second = await scan();
		expect(second.logs).toContain(`Quét tăng dần: sự kiện số ${mark1 + 1}–${await maxId()}`);
		const afterSecond = await findings();
		expect(afterSecond.map((f) => f.kind).sort()).toEqual([
			'org_cert_non_clerk',
			'org_signed_before_person',
			'org_signed_before_person',
			'secret_document_signed',
			'title_mismatch',
			'unusual_pattern'
		]);
		const orgUse = afterSecond.find((f) => f.kind === 'org_cert_non_clerk')!;
		expect((orgUse.evidence as { events: number }).events).toBe(2);

		// Batch 3 arrives late with old signing times: a night signature of last year, an invalid
		// incoming document accepted, a public CA's certificate, a signature after expiry.
		await addEvent(h.db, w, {
			at: day('2025-03-01', '23:30'),
			cert: c.deputy,
			person: p.deputy,
			title: 'Phó Giám đốc'
		});
		await addEvent(h.db, w, {
			at: day('2025-04-06'),
			cert: c.org,
			person: p.clerk,
			direction: 'incoming',
			indication: 'TOTAL_FAILED',
			accepted: true
		});
		await addEvent(h.db, w, {
			at: day('2025-07-07'),
			cert: c.publicCa,
			person: p.head,
			title: 'Giám đốc',
			docAgency: a.A.id
		});
		await addEvent(h.db, w, { at: day('2026-02-10'), cert: c.expired, person: p.head, title: 'Giám đốc' });
		const third = await scan();
		expect(third.logs).toMatch(/Quét tăng dần/);
		const incremental = await findings();
		expect(new Set(incremental.map((f) => f.kind))).toEqual(
			new Set([
				'org_cert_non_clerk',
				'org_signed_before_person',
				'secret_document_signed',
				'title_mismatch',
				'unusual_pattern',
				'incoming_accepted_invalid',
				'public_ca_certificate',
				'signed_after_expiry'
			])
		);
		expect(incremental.filter((f) => f.kind === 'unusual_pattern').map((f) => f.dedupe_key)).toEqual(
			expect.arrayContaining([
				expect.stringContaining(':night:2025-03-01'),
				expect.stringContaining(':burst:')
			])
		);

		// A scan with nothing new changes nothing.
		const idle = await scan();
		expect(idle.run.counts).toMatchObject({ opened: 0, reopened: 0, resolved: 0 });

		// The full rescan agrees with what the incremental runs built.
		const full = await scan({ full: true });
		expect(full.logs).toMatch(/Quét toàn bộ/);
		expect(full.run.counts).toMatchObject({ opened: 0, reopened: 0, resolved: 0 });
		expect(await findings()).toEqual(incremental);
		const opened = await sql<{ n: number }>`
			select count(*)::int as n from finding_events where from_status is null`.execute(h.db);
		expect(opened.rows[0]!.n).toBe(incremental.length);
	});

	it('refuses an unknown payload field', async () => {
		await expect(
			runner.enqueue('misuse-scan', { trigger: 'manual', payload: { fulll: true } })
		).rejects.toThrow();
	});
});
