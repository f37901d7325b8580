// The Decree 30 document rules of misuse-scan (document-rules.ts), each with its planted case and a
// control that must stay silent: the number's format, its uniqueness per agency per year, the
// clerk's organisation signature only after the competent person's (copies are the clerk's alone),
// and the seven-hour time-zone slip. An incremental run finds the same as a full one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { buildWorld, type World } from './fixtures';

let h: DbHandle;
let w: World;
let runner: JobRunner;
const clock = new ManualClock('2026-11-20T10:00:00+07:00');
let seq = 0;

async function scan(full = false) {
	clock.advance(3_600_000);
	await runner.enqueue('misuse-scan', { trigger: 'manual', payload: full ? { full: true } : undefined });
	const [run] = await runner.pollOnce();
	expect(run?.status, run?.error ?? '').toBe('succeeded');
}

/** One signing event of a document; returns its source id. */
async function sign(
	number: string,
	at: string,
	form: 'own' | 'kt' | 'org' | 'copy' | 'attachment',
	o: { agency?: number; who?: 'head' | 'deputy' } = {}
): Promise<string> {
	seq += 1;
	const org = form === 'org' || form === 'copy' || form === 'attachment';
	const who = o.who ?? (form === 'kt' ? 'deputy' : 'head');
	const sourceId = `D30-${seq}`;
	await h.db
		.insertInto('signing_events')
		.values({
			signed_at: new Date(`${at}+07:00`),
			certificate_id: org ? w.certs.org.id : w.certs[who].id,
			acting_person_id: org ? w.people.clerk : w.people[who],
			acting_title: org ? 'Văn thư' : who === 'head' ? 'Giám đốc' : 'Phó Giám đốc',
			signing_form: form,
			document_number: number,
			document_agency_id: o.agency ?? w.agencies.A.id,
			channel: 'qlvb',
			source_system: 'test',
			source_id: sourceId
		})
		.execute();
	return sourceId;
}

const keysOf = async (kind: string) =>
	(
		await h.db
			.selectFrom('findings')
			.select('dedupe_key')
			.where('kind', '=', kind)
			.where('status', '<>', 'resolved')
			.orderBy('dedupe_key')
			.execute()
	).map((f) => f.dedupe_key);
const finding = (key: string) =>
	h.db.selectFrom('findings').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow();

const planted: Record<string, string> = {};
const controls: Record<string, string> = {};

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({ db: h.db, jobs: [misuseScan], clock, instanceId: 'd30', log: () => undefined });
	// Format: "7/QĐ-A" (no leading 0) fires; "07/QyĐ-A" (mixed-case kind) and "144/2026/QĐ-A" do not.
	planted.invalid = await sign('7/QĐ-A', '2026-06-01T09:00:00', 'own');
	await sign('7/QĐ-A', '2026-06-01T09:10:00', 'org');
	controls.mixedCase = await sign('07/QyĐ-A', '2026-06-02T09:00:00', 'own');
	await sign('07/QyĐ-A', '2026-06-02T09:05:00', 'org');
	controls.normative = await sign('144/2026/QĐ-A', '2026-06-02T10:00:00', 'own');
	await sign('144/2026/QĐ-A', '2026-06-02T10:05:00', 'org');
	// Duplicate: "15/TB-A" signed for two documents in 2026 fires; "16/TB-A" once in 2025 and once in 2026,
	// and "17/TB-A" by agency A and by agency B, do not.
	planted.duplicate = await sign('15/TB-A', '2026-03-02T09:00:00', 'own');
	await sign('15/TB-A', '2026-03-02T09:04:00', 'org');
	await sign('15/TB-A', '2026-07-06T14:00:00', 'kt');
	await sign('15/TB-A', '2026-07-06T14:03:00', 'org');
	controls.otherYear = await sign('16/TB-A', '2025-12-30T09:00:00', 'own');
	await sign('16/TB-A', '2026-01-05T09:00:00', 'own');
	controls.otherAgency = await sign('17/TB-A', '2026-04-01T09:00:00', 'own');
	await sign('17/TB-A', '2026-04-01T09:00:00', 'own', { agency: w.agencies.B.id });
	// Organisation before the person: sealed 09:00, signed 09:30; and sealed with no signature at all.
	planted.orgFirst = await sign('20/QĐ-A', '2026-05-04T09:00:00', 'org');
	await sign('20/QĐ-A', '2026-05-04T09:30:00', 'own');
	planted.orgAlone = await sign('21/QĐ-A', '2026-05-04T10:00:00', 'org');
	// Controls: sealed after the signature; a copy made by the clerk alone.
	await sign('22/QĐ-A', '2026-05-05T09:00:00', 'own');
	controls.orgAfter = await sign('22/QĐ-A', '2026-05-05T09:02:00', 'org');
	controls.copy = await sign('23/QĐ-A', '2026-05-05T10:00:00', 'copy');
	// Time-zone slip: sealed 7 h 08 min after the signature; control: sealed 5 hours after.
	await sign('30/CV-A', '2026-05-06T14:20:00', 'kt');
	planted.slip = await sign('30/CV-A', '2026-05-06T21:28:00', 'org');
	await sign('31/CV-A', '2026-05-06T09:00:00', 'kt');
	controls.lateSeal = await sign('31/CV-A', '2026-05-06T14:00:00', 'org');
	await scan(true);
}, 120_000);
afterAll(async () => {
	await h?.close();
});

describe('Decree 30 document rules', () => {
	it('document_number_invalid: fires on "7/QĐ-A", silent on "07/QyĐ-A" and "144/2026/QĐ-A"', async () => {
		const A = w.agencies.A.id;
		expect(await keysOf('document_number_invalid')).toEqual([`document_number_invalid:${A}:2026:7/QĐ-A`]);
		const f = await finding(`document_number_invalid:${A}:2026:7/QĐ-A`);
		expect(f.summary).toContain('"7/QĐ-A"');
		expect(f.summary).toContain('không đúng thể thức');
		expect(f.legal_basis).toContain('NĐ 30/2020');
		expect(f.certificate_id).toBe(w.certs.head.id);
		expect(f.evidence).toMatchObject({ document_number: '7/QĐ-A', year: 2026, events: 2 });
	});

	it('document_number_duplicate: fires for two documents in one year, not across years or agencies', async () => {
		const A = w.agencies.A.id;
		expect(await keysOf('document_number_duplicate')).toEqual([
			`document_number_duplicate:${A}:2026:15/TB-A`
		]);
		const f = await finding(`document_number_duplicate:${A}:2026:15/TB-A`);
		expect(f.summary).toContain('2 văn bản');
		expect(f.summary).toContain('02/03/2026 09:00');
		expect(f.summary).toContain('06/07/2026 14:00');
		expect(f.evidence).toMatchObject({ documents_signed: 2, year: 2026 });
	});

	it('org_signed_before_person: fires before the signature and with none, not after it nor on a copy', async () => {
		expect(await keysOf('org_signed_before_person')).toEqual(
			[`org_signed_before_person:${planted.orgFirst}`, `org_signed_before_person:${planted.orgAlone}`].sort()
		);
		const first = await finding(`org_signed_before_person:${planted.orgFirst}`);
		expect(first.summary).toContain('trước khi người có thẩm quyền ký (04/05/2026 09:30)');
		expect(first.certificate_id).toBe(w.certs.org.id);
		expect(first.person_id).toBe(w.people.clerk);
		const alone = await finding(`org_signed_before_person:${planted.orgAlone}`);
		expect(alone.summary).toContain('không có chữ ký số của người có thẩm quyền');
	});

	it('signing_time_zone_slip: fires at 7 h 08 min, not at 5 hours; low severity', async () => {
		expect(await keysOf('signing_time_zone_slip')).toEqual([`signing_time_zone_slip:${planted.slip}`]);
		const f = await finding(`signing_time_zone_slip:${planted.slip}`);
		expect(f.severity).toBe('low');
		expect(f.legal_basis).toBe('Điều 13.2, 13.4-13.5');
		expect(f.summary).toContain('lệch 428 phút');
		expect(f.evidence).toMatchObject({ offset_minutes: 428, document_number: '30/CV-A' });
	});

	it('an incremental run judges the new documents as a full run would, and resolves what a new event cures', async () => {
		const before = (
			await Promise.all(['document_number_duplicate', 'org_signed_before_person'].map(keysOf))
		).flat();
		// A new duplicate, and the missing signature of 21/QĐ-A arriving late (still after the seal: stays).
		await sign('40/TB-A', '2026-08-03T09:00:00', 'own');
		await sign('40/TB-A', '2026-09-07T09:00:00', 'own');
		await sign('21/QĐ-A', '2026-05-04T10:30:00', 'own');
		await scan();
		const incremental = (
			await Promise.all(['document_number_duplicate', 'org_signed_before_person'].map(keysOf))
		).flat();
		expect(incremental).toEqual(expect.arrayContaining(before));
		expect(incremental).toContain(`document_number_duplicate:${w.agencies.A.id}:2026:40/TB-A`);
		// Renumbered at the source: the duplicate is gone after the next incremental run.
		await h.db
			.updateTable('signing_events')
			.set({ document_number: '41/TB-A' })
			.where('signed_at', '=', new Date('2026-09-07T09:00:00+07:00'))
			.execute();
		await sign('41/TB-A', '2026-09-07T09:03:00', 'org');
		await scan();
		expect(await keysOf('document_number_duplicate')).not.toContain(
			`document_number_duplicate:${w.agencies.A.id}:2026:40/TB-A`
		);
		const afterIncremental = (
			await Promise.all(['document_number_duplicate', 'org_signed_before_person'].map(keysOf))
		).flat();
		await scan(true);
		const afterFull = (
			await Promise.all(['document_number_duplicate', 'org_signed_before_person'].map(keysOf))
		).flat();
		expect(afterIncremental).toEqual(afterFull);
	});
});
