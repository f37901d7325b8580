// expiry-scan and deadline-watch on the tiny province: thresholds and severities, renewal requests,
// working-day deadlines (Tết, weekends), idempotence and auto-resolution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { expiryScan } from '../../../src/lib/jobs/definitions/expiry-scan';
import { deadlineWatch } from '../../../src/lib/jobs/definitions/deadline-watch';
import { buildWorld, type World } from './fixtures';
import { insertToken } from '../../helpers/tokens';

let h: DbHandle;
let w: World;
const clock = new ManualClock('2026-02-12T10:00:00+07:00');
let runner: JobRunner;

async function run(name: string) {
	await runner.enqueue(name, { trigger: 'manual' });
	const [r] = await runner.pollOnce();
	expect(r?.status, r?.error ?? '').toBe('succeeded');
	return r!;
}
const findings = async (kind: string) =>
	h.db
		.selectFrom('findings')
		.select(['dedupe_key', 'severity', 'status', 'certificate_id', 'request_id'])
		.where('kind', '=', kind)
		.orderBy('certificate_id')
		.orderBy('request_id')
		.execute();

async function cert(
	cn: string,
	notAfter: string,
	notBefore = '2025-01-01T00:00:00+07:00',
	tokenId: number | null = null
) {
	const fp = (cn + '-'.repeat(64)).slice(0, 64);
	return (
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: fp,
				serial_number: cn,
				issuer_dn: 'CN=CA',
				subject_dn: `CN=${cn}`,
				subject_cn: cn,
				kind: 'individual',
				agency_id: w.agencies.A.id,
				person_id: w.people.head,
				not_before: new Date(notBefore),
				not_after: new Date(notAfter),
				der: new Uint8Array([1]),
				token_id: tokenId
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({
		db: h.db,
		jobs: [expiryScan, deadlineWatch],
		clock,
		instanceId: 'T',
		log: () => undefined
	});
	await h.db.deleteFrom('certificates').execute();
});
afterAll(async () => {
	await h?.close();
});

describe('expiry-scan', () => {
	it('thresholds, severities, renewal requests, expired-but-active, validity over five years; idempotent', async () => {
		const in80 = await cert('E80', '2026-05-03T00:00:00+07:00');
		const in20 = await cert('E20', '2026-03-04T00:00:00+07:00');
		const in5 = await cert('E05', '2026-02-17T00:00:00+07:00');
		const renewed = await cert('E10', '2026-02-22T00:00:00+07:00');
		await h.db
			.insertInto('lifecycle_requests')
			.values({
				kind: 'renew',
				agency_id: w.agencies.A.id,
				certificate_id: renewed,
				submitted_at: new Date('2026-02-01')
			})
			.execute();
		await cert('E200', '2026-09-01T00:00:00+07:00');
		const gone = await cert('GONE', '2026-01-01T00:00:00+07:00', '2024-01-01T00:00:00+07:00');
		const long = await cert('LONG', '2031-06-01T00:00:00+07:00', '2025-01-01T00:00:00+07:00');
		const first = await run('expiry-scan');
		expect((await findings('expiring_soon')).map((f) => [f.certificate_id, f.severity])).toEqual([
			[in80, 'low'],
			[in20, 'medium'],
			[in5, 'high']
		]);
		expect((await findings('expired_still_active')).map((f) => f.certificate_id)).toEqual([gone]);
		expect((await findings('validity_too_long')).map((f) => f.certificate_id)).toEqual([long]);
		expect(first.counts).toMatchObject({ opened: 5 });
		const second = await run('expiry-scan');
		expect(second.counts).toMatchObject({ opened: 0, resolved: 0, seen: 5 });
		// Marked expired in the inventory: the finding resolves itself.
		await h.db.updateTable('certificates').set({ status: 'expired' }).where('id', '=', gone).execute();
		await run('expiry-scan');
		expect((await findings('expired_still_active'))[0]!.status).toBe('resolved');
	});
});

describe('deadline-watch', () => {
	it('token recovery within 01 working day (Điều 11.2): Tết and weekends do not count', async () => {
		const token = await insertToken(h.db, { serial: 'T-REC', agencyId: w.agencies.A.id });
		const req = (validAt: string, decidedAt: string | null) =>
			h.db
				.insertInto('lifecycle_requests')
				.values({
					kind: 'recover',
					form: 'Mẫu 06',
					agency_id: w.agencies.A.id,
					token_id: token,
					submitted_at: new Date(validAt),
					valid_at: new Date(validAt),
					decided_at: decidedAt ? new Date(decidedAt) : null,
					status: decidedAt ? 'completed' : 'submitted'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		// Valid Friday 13/2/2026 before Tết: due at the end of Monday 23/2. Decided 23/2: in time.
		const onTime = await req('2026-02-13T09:00:00+07:00', '2026-02-23T16:00:00+07:00');
		// Valid Tuesday 10/2: due Wednesday 11/2; decided Thursday 12/2: late.
		const late = await req('2026-02-10T09:00:00+07:00', '2026-02-12T09:00:00+07:00');
		// Valid Friday 13/2 afternoon, undecided: not late until Monday 23/2 ends.
		const pending = await req('2026-02-13T15:00:00+07:00', null);
		clock.set('2026-02-20T10:00:00+07:00');
		await run('deadline-watch');
		expect((await findings('recovery_overdue')).map((f) => f.request_id)).toEqual([late.id]);
		clock.set('2026-02-24T08:00:00+07:00');
		await run('deadline-watch');
		expect((await findings('recovery_overdue')).map((f) => f.request_id).sort()).toEqual(
			[late.id, pending.id].sort()
		);
		expect((await findings('recovery_overdue')).some((f) => f.request_id === onTime.id)).toBe(false);
		const again = await run('deadline-watch');
		expect(again.counts).toMatchObject({ opened: 0 });
	});

	it('counts recovery from the submission, never-accepted requests too, PKI tokens only (Điều 11.2-11.3)', async () => {
		const pki = await insertToken(h.db, { serial: 'T-SUB', agencyId: w.agencies.A.id });
		const hsm = await insertToken(h.db, { serial: 'H-SUB', agencyId: w.agencies.A.id, deviceType: 'hsm' });
		const req = (token: number, submitted: string, valid: string | null, decided: string | null) =>
			h.db
				.insertInto('lifecycle_requests')
				.values({
					kind: 'recover',
					form: 'Mẫu 06',
					agency_id: w.agencies.A.id,
					token_id: token,
					submitted_at: new Date(submitted),
					valid_at: valid ? new Date(valid) : null,
					decided_at: decided ? new Date(decided) : null,
					status: decided ? 'completed' : 'submitted'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		// Submitted Monday 2/3/2026, accepted Wednesday 4/3 and done that day: in time from the acceptance,
		// late from the submission (due at the end of Tuesday 3/3).
		const lateFromSubmission = await req(
			pki,
			'2026-03-02T09:00:00+07:00',
			'2026-03-04T09:00:00+07:00',
			'2026-03-04T15:00:00+07:00'
		);
		// Submitted Monday 2/3, never accepted, never decided: overdue once Tuesday 3/3 ends.
		const neverAccepted = await req(pki, '2026-03-02T10:00:00+07:00', null, null);
		// The same two on an HSM (Điều 11.3: Decree 68 Art. 22.3, not the one-working-day rule): silent.
		const hsmLate = await req(
			hsm,
			'2026-03-02T09:00:00+07:00',
			'2026-03-04T09:00:00+07:00',
			'2026-03-04T15:00:00+07:00'
		);
		const hsmOpen = await req(hsm, '2026-03-02T10:00:00+07:00', null, null);
		// Submitted Tuesday 3/3, not yet accepted: still in time on Wednesday 4/3.
		const inTime = await req(pki, '2026-03-03T16:00:00+07:00', null, null);
		clock.set('2026-03-04T16:00:00+07:00');
		await run('deadline-watch');
		const open = (await findings('recovery_overdue'))
			.filter((f) => f.status === 'open')
			.map((f) => f.request_id);
		expect(open).toEqual(expect.arrayContaining([lateFromSubmission.id, neverAccepted.id]));
		for (const silent of [hsmLate.id, hsmOpen.id, inTime.id]) expect(open).not.toContain(silent);
		const summary = await h.db
			.selectFrom('findings')
			.select('summary')
			.where('request_id', '=', neverAccepted.id)
			.executeTakeFirstOrThrow();
		expect(summary.summary).toContain('chưa được tiếp nhận là hợp lệ');
		expect(summary.summary).toContain('gửi ngày 02/03/2026');
	});

	it('device back to the CA within 5 working days of revocation (Mẫu 08)', async () => {
		const tok = (serial: string) => insertToken(h.db, { serial, agencyId: w.agencies.A.id });
		const returnedTok = await tok('T-RET');
		const keptTok = await tok('T-KEPT');
		const returned = await cert(
			'REV-RET',
			'2028-01-01T00:00:00+07:00',
			'2025-01-01T00:00:00+07:00',
			returnedTok
		);
		const kept = await cert('REV-KEPT', '2028-01-01T00:00:00+07:00', '2025-01-01T00:00:00+07:00', keptTok);
		await h.db
			.updateTable('certificates')
			.set({
				status: 'revoked',
				revoked_at: new Date('2026-03-02T09:00:00+07:00'),
				revocation_reason: 'nghỉ hưu'
			})
			.where('id', 'in', [returned, kept])
			.execute();
		await h.db
			.insertInto('token_custody_events')
			.values({
				token_id: returnedTok,
				event: 'returned_to_ca',
				occurred_at: new Date('2026-03-06T10:00:00+07:00'),
				form: 'Mẫu 08'
			})
			.execute();
		clock.set('2026-03-09T10:00:00+07:00'); // Monday 9/3: only 5 working days (3/3..9/3) ran out tonight
		await run('deadline-watch');
		expect(await findings('device_not_returned')).toEqual([]);
		clock.set('2026-03-10T08:00:00+07:00');
		await run('deadline-watch');
		expect((await findings('device_not_returned')).map((f) => f.certificate_id)).toEqual([kept]);
		await h.db
			.insertInto('token_custody_events')
			.values({
				token_id: keptTok,
				event: 'returned_to_ca',
				occurred_at: new Date('2026-03-10T09:00:00+07:00'),
				form: 'Mẫu 08'
			})
			.execute();
		await run('deadline-watch');
		// Returned, but late: the finding stays (the deadline was missed).
		expect((await findings('device_not_returned'))[0]!.status).toBe('open');
	});
});
