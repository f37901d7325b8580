// The inventory rules of issue 16 on hand-built rows (an empty migrated database): should_have_been_revoked
// and change_request_missing, each firing on its cases and silent on controls that look alike, and following
// the administrator's setting; then the expiry-scan job reading jobs.obligation_rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import { NOW, certsOf, inventoryRows, vn } from './obligation-fixtures';
import {
	DEFAULT_OBLIGATION_RULES,
	changeRequestMissing,
	shouldHaveBeenRevoked
} from '../../../src/lib/jobs/scans/obligation-rules';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { expiryScan } from '../../../src/lib/jobs/definitions/expiry-scan';

let h: DbHandle;
let f: ReturnType<typeof inventoryRows>;
beforeAll(async () => {
	h = await openTestDb();
	f = inventoryRows(h.db);
});
afterAll(async () => {
	await h?.close();
});

describe('should_have_been_revoked', () => {
	const fire: number[] = [];
	const silent: number[] = [];
	beforeAll(async () => {
		const P = await f.agency('RV');
		const B = await f.agency('RV-B', P);
		const C = await f.agency('RV-C', P);
		// Retired on 01/03, certificate still active: fires.
		const retired = await f.person(P.id, 'Nghỉ Hưu', 'Phó Giám đốc');
		await f.leave(retired, 'retired', '2026-03-01');
		fire.push(await f.cert({ agencyId: P.id, personId: retired }));
		// Left 10/06, within the 10 days: silent (not due yet).
		const recent = await f.person(P.id, 'Mới Nghỉ', 'Chuyên viên');
		await f.leave(recent, 'resigned', '2026-06-10');
		silent.push(await f.cert({ agencyId: P.id, personId: recent }));
		// Left 01/03 with a revocation request on 04/03 (the CA has not acted): silent.
		const requested = await f.person(P.id, 'Đã Đề Nghị', 'Chuyên viên');
		await f.leave(requested, 'resigned', '2026-03-01');
		const rq = await f.cert({ agencyId: P.id, personId: requested });
		await f.request('revoke', rq, P.id, vn('2026-03-04'));
		silent.push(rq);
		// Left 01/03, revoked 03/03: silent; revoked only on 01/05: fires (late).
		const onTime = await f.person(P.id, 'Thu Hồi Kịp', 'Chuyên viên');
		await f.leave(onTime, 'retired', '2026-03-01');
		silent.push(await f.cert({ agencyId: P.id, personId: onTime, revokedAt: vn('2026-03-03') }));
		const late = await f.person(P.id, 'Thu Hồi Muộn', 'Chuyên viên');
		await f.leave(late, 'retired', '2026-03-01');
		fire.push(await f.cert({ agencyId: P.id, personId: late, revokedAt: vn('2026-05-01') }));
		// Transferred within the state sector, change request filed in time: silent.
		const moved = await f.person(P.id, 'Chuyển Đi', 'Chuyên viên');
		await f.leave(moved, 'transferred', '2026-03-01');
		const mv = await f.cert({ agencyId: P.id, personId: moved });
		await f.request('change', mv, P.id, vn('2026-03-05'));
		silent.push(mv);
		// Device lost 01/04, certificate still active: fires; lost and revoked next day: silent.
		const holder = await f.person(P.id, 'Mất Thiết Bị', 'Chuyên viên');
		const lost = await insertToken(h.db, { serial: 'RV-LOST', agencyId: P.id, holderPersonId: holder });
		await f.custody(lost, 'lost', vn('2026-04-01'), P.id);
		fire.push(await f.cert({ agencyId: P.id, personId: holder, tokenId: lost }));
		const lost2 = await insertToken(h.db, { serial: 'RV-LOST2', agencyId: P.id, holderPersonId: holder });
		await f.custody(lost2, 'lost', vn('2026-04-01'), P.id);
		silent.push(
			await f.cert({ agencyId: P.id, personId: holder, tokenId: lost2, revokedAt: vn('2026-04-02') })
		);
		// Agency B dissolved on 01/04, its organisation certificate active: fires; C merged "as units" (still
		// active, no end): silent.
		await h.db
			.updateTable('agencies')
			.set({ active: false, ended_on: '2026-04-01' })
			.where('id', '=', B.id)
			.execute();
		fire.push(await f.cert({ agencyId: B.id }));
		silent.push(await f.cert({ agencyId: C.id }));
	});

	it('fires on each cause once it is due and stays silent on the controls', async () => {
		const found = await f.rows(shouldHaveBeenRevoked(NOW));
		expect(certsOf(found)).toEqual([...fire].sort((a, b) => a - b));
		for (const id of silent) expect(found.some((f) => f.certificate_id === id)).toBe(false);
		const causes = found.map((f) => f.evidence.cause).sort();
		expect(causes).toEqual(['agency_ended', 'holder_left', 'holder_left', 'token_lost']);
		const dissolved = found.find((f) => f.evidence.cause === 'agency_ended')!;
		expect(dissolved.evidence.agency_change).toBe('dissolved');
		expect(dissolved.summary).toContain('giải thể (01/04/2026)');
	});

	it('follows the number of days the administrator sets', async () => {
		const found = await f.rows(
			shouldHaveBeenRevoked(NOW, { ...DEFAULT_OBLIGATION_RULES, revocationDays: 90 })
		);
		// Only the retirement of 01/03 (106 days) is past 90 days with nothing done; the late revocation on 01/05
		// came within 90 days, the loss and the dissolution (75 days) are not due.
		expect(certsOf(found)).toEqual([fire[0]]);
	});
});

describe('change_request_missing', () => {
	const fire: number[] = [];
	const silent: number[] = [];
	beforeAll(async () => {
		const P = await f.agency('CR');
		const Q = await f.agency('CR-Q', P);
		const R = await f.agency('CR-R', P);
		const titled = async (name: string, from: string, agencyTo = P.id, title = 'Phó Giám đốc') => {
			const p = await f.person(P.id, name, 'Trưởng phòng');
			await f.post(p, P.id, 'Trưởng phòng', '2024-01-01', from === '' ? null : dayBefore(from));
			if (from) await f.post(p, agencyTo, title, from, null);
			return p;
		};
		// New title on 01/04 and nothing filed: fires.
		fire.push(await f.cert({ agencyId: P.id, personId: await titled('Lên Chức', '2026-04-01') }));
		// Moved to agency Q on 01/04 with the same title: fires.
		fire.push(
			await f.cert({
				agencyId: P.id,
				personId: await titled('Chuyển Cơ Quan', '2026-04-01', Q.id, 'Trưởng phòng')
			})
		);
		// New title with a change request 10 days later: silent.
		const asked = await f.cert({ agencyId: P.id, personId: await titled('Có Đề Nghị', '2026-04-01') });
		await f.request('change', asked, P.id, vn('2026-04-11'));
		silent.push(asked);
		// New title on 01/06, within the 30 days: silent.
		silent.push(await f.cert({ agencyId: P.id, personId: await titled('Mới Đổi', '2026-06-01') }));
		// The title changed before the certificate was issued: silent.
		silent.push(
			await f.cert({
				agencyId: P.id,
				personId: await titled('Đổi Trước', '2025-06-01'),
				notBefore: '2025-07-01'
			})
		);
		// Same title all along: silent.
		silent.push(await f.cert({ agencyId: P.id, personId: await titled('Không Đổi', '') }));
		// Agency Q renamed on 01/03, its organisation certificate unchanged: fires; R renamed and a new certificate
		// issued ten days later: silent.
		for (const a of [Q, R])
			await h.db
				.insertInto('agency_events')
				.values({
					agency_id: a.id,
					kind: 'renamed',
					effective_on: '2026-03-01',
					details: JSON.stringify({ name: ['Tên cũ', 'Tên mới'] }),
					recorded_by: 'test'
				})
				.execute();
		fire.push(await f.cert({ agencyId: Q.id }));
		silent.push(await f.cert({ agencyId: R.id, notAfter: '2026-03-20' }));
		silent.push(await f.cert({ agencyId: R.id, notBefore: '2026-03-11' }));
	});
	const dayBefore = (d: string) =>
		new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

	it('fires on a new title, a new agency and a new agency name with no request, silent on the controls', async () => {
		const found = await f.rows(changeRequestMissing(NOW));
		expect(certsOf(found)).toEqual([...fire].sort((a, b) => a - b));
		const [title, moved, renamed] = fire.map((id) => found.find((f) => f.certificate_id === id)!);
		expect(title!.evidence).toMatchObject({
			cause: 'post',
			title_before: 'Trưởng phòng',
			title_after: 'Phó Giám đốc'
		});
		expect(moved!.evidence).toMatchObject({ cause: 'post', name_after: 'Cơ quan CR-Q' });
		expect(moved!.evidence.title_after).toBeUndefined();
		expect(renamed!.evidence).toMatchObject({
			cause: 'agency_renamed',
			name_before: 'Tên cũ',
			name_after: 'Tên mới'
		});
		expect(renamed!.summary).toContain('cơ quan đổi tên thành "Tên mới" từ 01/03/2026');
	});

	it('follows the number of days the administrator sets', async () => {
		const found = await f.rows(
			changeRequestMissing(NOW, { ...DEFAULT_OBLIGATION_RULES, changeRequestDays: 100 })
		);
		// 01/03 + 100 days is past; 01/04 + 100 days is not yet.
		expect(certsOf(found)).toEqual([fire[2]]);
	});
});

describe('expiry-scan with the setting', () => {
	it('raises the new kinds and reads jobs.obligation_rules', async () => {
		const clock = new ManualClock(NOW.toISOString());
		const runner = new JobRunner({
			db: h.db,
			jobs: [expiryScan],
			clock,
			instanceId: 'T',
			log: () => undefined
		});
		const scan = async () => {
			await runner.enqueue('expiry-scan', { trigger: 'manual' });
			const [r] = await runner.pollOnce();
			expect(r?.status, r?.error ?? '').toBe('succeeded');
			return h.db
				.selectFrom('findings')
				.select(['kind', 'legal_basis'])
				.where('status', '<>', 'resolved')
				.where('kind', '=', 'should_have_been_revoked')
				.execute();
		};
		const before = await scan();
		expect(before.length).toBe(4);
		expect(before[0]!.legal_basis).toBe('Điều 10; NĐ 68/2024 Điều 17');
		await h.db
			.insertInto('settings')
			.values({ key: 'jobs.obligation_rules', value: JSON.stringify({ revocationDays: 90 }) })
			.execute();
		clock.advance(60_000);
		expect((await scan()).length).toBe(1);
	});
});
