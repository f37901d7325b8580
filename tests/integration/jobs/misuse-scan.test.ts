// Every misuse rule with cases that must fire and cases that must not, on a tiny province in an
// empty migrated database; then idempotence, auto-resolve, reopen, and respect for a user's resolution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { DOCUMENT_KINDS } from '../../../src/lib/jobs/scans/document-rules';
import { addEvent, buildWorld, type World } from './fixtures';

let h: DbHandle;
let w: World;
let runner: JobRunner;
const clock = new ManualClock('2026-11-20T10:00:00+07:00');

const day = (d: string, hm = '09:30') => `${d}T${hm}:00+07:00`;

async function scan() {
	clock.advance(3_600_000);
	await runner.enqueue('misuse-scan', { trigger: 'manual' });
	const [run] = await runner.pollOnce();
	expect(run?.status, run?.error ?? '').toBe('succeeded');
	return run!;
}
const open = async () =>
	(
		await h.db
			.selectFrom('findings')
			.select(['dedupe_key', 'kind', 'status'])
			.where('status', '<>', 'resolved')
			// The Decree 30 document rules (an organisation signature with no person's first) have their own test.
			.where('kind', 'not in', DOCUMENT_KINDS)
			.orderBy('dedupe_key')
			.execute()
	).map((f) => f.dedupe_key);

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({ db: h.db, jobs: [misuseScan], clock, instanceId: 'T', log: () => undefined });
	await h.db
		.insertInto('settings')
		.values({ key: 'jobs.misuse_rules', value: JSON.stringify({ burstCount: 5 }) })
		.execute();
	const { people: p, certs: c, agencies: a } = w;
	// Clean signatures: none of these may produce a finding.
	await addEvent(h.db, w, { at: day('2026-06-01'), cert: c.head, person: p.head, title: 'Giám đốc' });
	await addEvent(h.db, w, {
		at: day('2026-06-01', '09:40'),
		cert: c.org,
		person: p.clerk,
		title: 'Văn thư',
		form: 'org'
	});
	await addEvent(h.db, w, { at: day('2026-06-02'), cert: c.head, person: p.head, title: ' giám đốc ' });
	await addEvent(h.db, w, {
		at: day('2026-06-02', '10:00'),
		cert: c.deputy,
		person: p.deputy,
		title: 'Phó Giám đốc',
		form: 'kt'
	});
	await addEvent(h.db, w, {
		at: day('2026-06-03'),
		cert: c.head,
		person: p.head,
		title: 'Giám đốc',
		docAgency: a.A1.id
	});
	await addEvent(h.db, w, {
		at: day('2026-06-03', '21:59'),
		cert: c.head,
		person: p.head,
		title: 'Giám đốc'
	});
	await addEvent(h.db, w, {
		at: day('2026-06-04'),
		cert: c.org,
		person: p.head,
		direction: 'incoming',
		indication: 'TOTAL_FAILED',
		accepted: false
	});
	await addEvent(h.db, w, {
		at: day('2026-06-04', '10:00'),
		cert: c.org,
		person: p.clerk,
		direction: 'incoming',
		indication: 'TOTAL_PASSED',
		accepted: true
	});
	await addEvent(h.db, w, { at: day('2026-01-15'), cert: c.expired, person: p.head, title: 'Giám đốc' });
	await addEvent(h.db, w, { at: day('2026-04-15'), cert: c.revoked, person: p.head, title: 'Giám đốc' });
	await addEvent(h.db, w, { at: day('2026-03-15'), cert: c.lost, person: p.deputy, title: 'Phó Giám đốc' });
	await addEvent(h.db, w, {
		at: day('2026-02-27'),
		cert: c.retired,
		person: p.retired,
		title: 'Chánh Văn phòng'
	});
	for (let i = 0; i < 4; i++)
		await addEvent(h.db, w, {
			at: day('2026-06-05', `10:0${i}`),
			cert: c.deputy,
			person: p.deputy,
			title: 'Phó Giám đốc'
		});

	// One violation of each rule.
	await addEvent(h.db, w, {
		at: day('2026-07-01'),
		cert: c.org,
		person: p.head,
		title: 'Giám đốc',
		form: 'org'
	});
	await addEvent(h.db, w, { at: day('2026-07-02'), cert: c.head, person: p.head, title: 'Chủ tịch' });
	await addEvent(h.db, w, {
		at: day('2026-07-03'),
		cert: c.head,
		person: p.deputy,
		title: 'Giám đốc',
		form: 'kt'
	});
	await addEvent(h.db, w, {
		at: day('2026-07-04'),
		cert: c.head,
		person: p.head,
		title: 'Giám đốc',
		classification: 'secret',
		sourceId: 'SECRET1'
	});
	await addEvent(h.db, w, {
		at: day('2026-07-05'),
		cert: c.head,
		person: p.head,
		title: 'Giám đốc',
		docAgency: a.B.id
	});
	await addEvent(h.db, w, {
		at: day('2026-07-06'),
		cert: c.org,
		person: p.clerk,
		direction: 'incoming',
		indication: 'TOTAL_FAILED',
		accepted: true,
		sourceId: 'IN1'
	});
	await addEvent(h.db, w, { at: day('2026-07-07'), cert: c.publicCa, person: p.head, title: 'Giám đốc' });
	await addEvent(h.db, w, {
		at: day('2026-07-08', '23:30'),
		cert: c.head,
		person: p.head,
		title: 'Giám đốc'
	});
	for (let i = 0; i < 5; i++)
		await addEvent(h.db, w, {
			at: day('2026-07-09', `10:0${i}`),
			cert: c.head,
			person: p.head,
			title: 'Giám đốc'
		});
	await addEvent(h.db, w, { at: day('2026-02-10'), cert: c.expired, person: p.head, title: 'Giám đốc' });
	await addEvent(h.db, w, { at: day('2026-05-10'), cert: c.revoked, person: p.head, title: 'Giám đốc' });
	await addEvent(h.db, w, { at: day('2026-04-10'), cert: c.lost, person: p.deputy, title: 'Phó Giám đốc' });
	await addEvent(h.db, w, {
		at: day('2026-03-01', '08:00'),
		cert: c.retired,
		person: p.retired,
		title: 'Chánh Văn phòng'
	});
});
afterAll(async () => {
	await h?.close();
});

describe('misuse-scan', () => {
	it('fires each rule on its violation and on nothing else', async () => {
		await scan();
		const { certs: c, people: p, agencies: a } = w;
		const burstBucket = Math.floor(new Date(day('2026-07-09', '10:00')).getTime() / 600_000);
		expect(await open()).toEqual(
			[
				`org_cert_non_clerk:${c.org.fp}:${p.head}`,
				`on_behalf_wrong_cert:${c.head.fp}:${p.deputy}`,
				`secret_document_signed:${c.head.fp}:SECRET1`,
				`cross_agency_use:${c.head.fp}:${a.B.id}`,
				`incoming_accepted_invalid:${c.org.fp}:IN1`,
				`public_ca_certificate:${c.publicCa.fp}`,
				`unusual_pattern:${c.head.fp}:night:2026-07-08`,
				`unusual_pattern:${c.head.fp}:burst:${burstBucket}`,
				`signed_after_expiry:${c.expired.fp}`,
				`signed_after_revocation:${c.revoked.fp}`,
				`lost_token_signing:${c.lost.fp}`,
				`holder_left:${c.retired.fp}`,
				// title_mismatch is keyed by a hash of the title
				...(
					await h.db
						.selectFrom('findings')
						.select('dedupe_key')
						.where('kind', '=', 'title_mismatch')
						.execute()
				).map((r) => r.dedupe_key)
			].sort()
		);
		const titles = await h.db
			.selectFrom('findings')
			.selectAll()
			.where('kind', '=', 'title_mismatch')
			.execute();
		expect(titles).toHaveLength(1);
		expect(titles[0]!.evidence).toMatchObject({ acting_title: 'Chủ tịch', events: 1 });
		const secret = await h.db
			.selectFrom('findings')
			.selectAll()
			.where('kind', '=', 'secret_document_signed')
			.executeTakeFirstOrThrow();
		expect(secret.legal_basis).toBe('Điều 3.1');
		expect(secret.severity).toBe('critical');
		expect(secret.summary).toMatch(/^Văn bản Tối mật /);
	});

	it('is idempotent: a second run adds no finding and no history', async () => {
		const before = await h.db
			.selectFrom('finding_events')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		const nFindings = (await h.db.selectFrom('findings').select('id').execute()).length;
		const run = await scan();
		expect(run.counts).toMatchObject({ opened: 0, resolved: 0, reopened: 0 });
		expect((await h.db.selectFrom('findings').select('id').execute()).length).toBe(nFindings);
		const after = await h.db
			.selectFrom('finding_events')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('resolves a finding whose cause is gone, reopens it when it comes back, and never reopens a user resolution', async () => {
		const key = `secret_document_signed:${w.certs.head.fp}:SECRET1`;
		await h.db
			.updateTable('signing_events')
			.set({ classification: 'normal' })
			.where('source_id', '=', 'SECRET1')
			.execute();
		await scan();
		let f = await h.db
			.selectFrom('findings')
			.selectAll()
			.where('dedupe_key', '=', key)
			.executeTakeFirstOrThrow();
		expect(f.status).toBe('resolved');
		expect(f.auto_resolved).toBe(true);
		await h.db
			.updateTable('signing_events')
			.set({ classification: 'secret' })
			.where('source_id', '=', 'SECRET1')
			.execute();
		await scan();
		f = await h.db.selectFrom('findings').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow();
		expect(f.status).toBe('open');
		const history = await h.db
			.selectFrom('finding_events')
			.select(['from_status', 'to_status'])
			.where('finding_id', '=', f.id)
			.orderBy('id')
			.execute();
		expect(history).toEqual([
			{ from_status: null, to_status: 'open' },
			{ from_status: 'open', to_status: 'resolved' },
			{ from_status: 'resolved', to_status: 'open' }
		]);
		// A user resolves it (e.g. an accepted explanation): the next scan keeps it resolved.
		await h.db
			.updateTable('findings')
			.set({
				status: 'resolved',
				resolved_at: clock.now(),
				auto_resolved: false,
				resolution_note: 'Đã giải trình'
			})
			.where('id', '=', f.id)
			.execute();
		await scan();
		f = await h.db.selectFrom('findings').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow();
		expect(f.status).toBe('resolved');
		expect(f.resolution_note).toBe('Đã giải trình');
	});

	it('an acknowledged finding stays acknowledged across runs', async () => {
		const key = `holder_left:${w.certs.retired.fp}`;
		await h.db
			.updateTable('findings')
			.set({ status: 'acknowledged' })
			.where('dedupe_key', '=', key)
			.execute();
		await scan();
		const f = await h.db
			.selectFrom('findings')
			.select('status')
			.where('dedupe_key', '=', key)
			.executeTakeFirstOrThrow();
		expect(f.status).toBe('acknowledged');
	});
});
