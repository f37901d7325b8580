// The administrator's rule settings (/quan-tri/quy-tac) and working-day calendar (/quan-tri/ngay-nghi), through
// the services their actions call and the refusal the actions return: a threshold edited is stored and audited
// with its old and new value, a bad value is refused with a Vietnamese message naming the field (a 400, never a
// 500) and nothing is stored; a calendar exception is audited and moves the deadline-watch's deadlines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import {
	RULE_FIELDS,
	loadRuleSettings,
	ruleFieldLabelKey,
	saveRuleSettings
} from '../../../src/lib/server/settings/rule-settings';
import { readSetting } from '../../../src/lib/server/settings/store';
import {
	removeCalendarException,
	setCalendarException,
	yearCalendar
} from '../../../src/lib/server/calendar/exceptions';
import { refusal } from '../../../src/lib/server/http/route-kit';
import { translate } from '../../../src/lib/i18n/catalogue';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { deadlineWatch } from '../../../src/lib/jobs/definitions/deadline-watch';

let h: DbHandle;
const who = { userId: null, actor: 'quantri', ip: '10.0.0.9' };
const label = (x: (typeof RULE_FIELDS)[number]) => translate('vi', ruleFieldLabelKey(x));
const audit = (action: string) =>
	h.db
		.selectFrom('audit_log')
		.select(['action', 'actor', 'entity_id', 'details'])
		.where('action', '=', action)
		.orderBy('id')
		.execute();
/** What a refused action returns to the page. */
const refused = async (p: Promise<unknown>) => {
	try {
		await p;
	} catch (e) {
		return refusal(e);
	}
	throw new Error('not refused');
};

beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

describe('rule settings', () => {
	it('label every field in Vietnamese and show the defaults', async () => {
		for (const x of RULE_FIELDS) expect(label(x), x.name).not.toBe(ruleFieldLabelKey(x));
		const v = await loadRuleSettings(h.db);
		expect(v).toMatchObject({
			'jobs.deadlines.recoveryWorkingDays': '1',
			'jobs.deadlines.returnWorkingDays': '5',
			'jobs.expiry_thresholds.days': '90, 60, 30, 7',
			'jobs.misuse_rules.burstCount': '30',
			'jobs.document_rules.zoneSlipToleranceMinutes': '45',
			'requests.due_working_days.renew': ''
		});
	});

	it('refuse a bad value in Vietnamese, naming the field, as a 400, and store nothing', async () => {
		const good = await loadRuleSettings(h.db);
		for (const [name, value, message] of [
			['jobs.deadlines.returnWorkingDays', 'năm', '"năm" không phải là một số nguyên không âm.'],
			['jobs.misuse_rules.nightStartHour', '24', 'phải từ 0 đến 23.'],
			['jobs.deadlines.returnWatchSince', '31/02/2026', 'không phải là một ngày có thật'],
			['jobs.expiry_thresholds.days', '', 'không được để trống.'],
			['jobs.expiry_thresholds.days', '30, -7', '"-7" không phải là một số nguyên không âm.'],
			['jobs.misuse_rules.nightEndHour', '22', 'Giờ bắt đầu và giờ kết thúc ban đêm không được trùng nhau.']
		] as const) {
			const r = await refused(saveRuleSettings(h.db, { ...good, [name]: value }, label, who));
			expect(r.status, name).toBe(400);
			expect(r.data.message, name).toContain(message);
			expect(r.data.field).toBe(name);
		}
		const r = await refused(
			saveRuleSettings(h.db, { ...good, 'jobs.misuse_rules.burstMinutes': 'x' }, label, who)
		);
		expect(r.data.message).toBe('Ký dồn dập: trong khoảng (phút): "x" không phải là một số nguyên không âm.');
		expect(await h.db.selectFrom('settings').select('key').execute()).toEqual([]);
		expect(await audit('settings.rules_update')).toEqual([]);
	});

	it('store a threshold edit with an audit entry of the old and new values; nothing changed, nothing written', async () => {
		const v = await loadRuleSettings(h.db);
		const changed = await saveRuleSettings(
			h.db,
			{
				...v,
				'jobs.deadlines.recoveryWorkingDays': '2',
				'jobs.expiry_thresholds.days': '30 ; 120, 7',
				'requests.due_working_days.renew': '5'
			},
			label,
			who
		);
		// recoveryWorkingDays is also the request page's deadline for a recovery: both change.
		expect(changed).toBe(4);
		expect(await readSetting(h.db, 'jobs.deadlines')).toMatchObject({
			recoveryWorkingDays: 2,
			returnWorkingDays: 5
		});
		expect(await readSetting(h.db, 'requests.due_working_days')).toMatchObject({
			recover: 2,
			renew: 5,
			change: null
		});
		expect((await readSetting(h.db, 'jobs.expiry_thresholds')).days).toEqual([120, 30, 7]);
		const [entry, ...more] = await audit('settings.rules_update');
		expect(more).toEqual([]);
		expect(entry).toMatchObject({ actor: 'quantri', entity_id: 'rules' });
		expect((entry!.details as { changes: unknown[] }).changes).toEqual(
			expect.arrayContaining([
				{ setting: 'jobs.deadlines.recoveryWorkingDays', before: 1, after: 2 },
				{ setting: 'requests.due_working_days.recover', before: 1, after: 2 },
				{ setting: 'jobs.expiry_thresholds.days', before: [90, 60, 30, 7], after: [120, 30, 7] },
				{ setting: 'requests.due_working_days.renew', before: null, after: 5 }
			])
		);
		expect(await saveRuleSettings(h.db, await loadRuleSettings(h.db), label, who)).toBe(0);
		expect(await audit('settings.rules_update')).toHaveLength(1);
		// Back to "no limit" for renewals.
		await saveRuleSettings(
			h.db,
			{ ...(await loadRuleSettings(h.db)), 'requests.due_working_days.renew': '' },
			label,
			who
		);
		expect((await readSetting(h.db, 'requests.due_working_days')).renew).toBeNull();
	});
});

describe('working-day calendar exceptions', () => {
	it('refuse a bad day or kind or an empty note in Vietnamese', async () => {
		for (const [input, message] of [
			[{ day: '2026-02-30', kind: 'day_off', note: 'x' }, 'không phải là một ngày có thật'],
			[{ day: '2026-03-09', kind: 'holiday', note: 'x' }, 'Chọn "ngày nghỉ" hoặc "ngày làm việc".'],
			[{ day: '2026-03-09', kind: 'day_off', note: '  ' }, 'Ghi rõ căn cứ']
		] as const) {
			const r = await refused(setCalendarException(h.db, input, who));
			expect(r.status).toBe(400);
			expect(r.data.message).toContain(message);
		}
		const gone = await refused(removeCalendarException(h.db, '2026-03-10', who));
		expect(gone.status).toBe(404);
		expect(gone.data.message).toBe('Không có ngoại lệ nào cho ngày 2026-03-10.');
	});

	it('an exception day off, audited, moves the recovery deadline; removing it moves it back', async () => {
		// Recovery within 01 working day. Submitted Friday 6/3/2026: due at the end of Monday 9/3.
		await saveRuleSettings(
			h.db,
			{ ...(await loadRuleSettings(h.db)), 'jobs.deadlines.recoveryWorkingDays': '1' },
			label,
			who
		);
		const agency = await h.db
			.insertInto('agencies')
			.values({ code: 'A', name: 'Tỉnh A', kind: 'province', path: '/' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const token = await insertToken(h.db, { serial: 'T-CAL', agencyId: agency.id });
		const req = await h.db
			.insertInto('lifecycle_requests')
			.values({
				kind: 'recover',
				form: 'Mẫu 06',
				agency_id: agency.id,
				token_id: token,
				submitted_at: new Date('2026-03-06T09:00:00+07:00'),
				status: 'submitted'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const clock = new ManualClock('2026-03-10T09:00:00+07:00');
		const runner = new JobRunner({
			db: h.db,
			jobs: [deadlineWatch],
			clock,
			instanceId: 'cal',
			log: () => undefined
		});
		const overdue = async () => {
			clock.advance(60_000);
			await runner.enqueue('deadline-watch', { trigger: 'manual' });
			const [r] = await runner.pollOnce();
			expect(r?.status, r?.error ?? '').toBe('succeeded');
			const f = await h.db
				.selectFrom('findings')
				.select('status')
				.where('request_id', '=', req.id)
				.executeTakeFirst();
			return f?.status === 'open';
		};
		expect(await overdue()).toBe(true);
		// Monday 9/3 declared a day off: due at the end of Tuesday 10/3, so not late on the morning of 10/3.
		await setCalendarException(
			h.db,
			{ day: '09/03/2026', kind: 'day_off', note: 'Nghỉ bù theo văn bản 12/UBND-VP' },
			who
		);
		expect(await overdue()).toBe(false);
		const cal = await yearCalendar(h.db, 2026);
		expect(cal.exceptions).toEqual([
			{ day: '2026-03-09', kind: 'day_off', note: 'Nghỉ bù theo văn bản 12/UBND-VP' }
		]);
		expect(cal.holidays.some((d) => d.name === 'Tết Nguyên đán')).toBe(true);
		await removeCalendarException(h.db, '2026-03-09', who);
		expect(await overdue()).toBe(true);
		expect((await audit('calendar.exception_set')).map((a) => [a.entity_id, a.details])).toEqual([
			[
				'2026-03-09',
				{
					before: null,
					after: { kind: 'day_off', note: 'Nghỉ bù theo văn bản 12/UBND-VP' },
					working_day: false
				}
			]
		]);
		expect((await audit('calendar.exception_remove')).map((a) => a.entity_id)).toEqual(['2026-03-09']);
	});
});
