// The administrator's escalation setting: a bad number is refused in Vietnamese and nothing is
// stored; a good one is stored, read back by the refresh's setting, and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { loadEscalationDays, saveEscalationDays } from '../../../src/lib/server/notifications/settings';
import { readSetting } from '../../../src/lib/server/settings/store';

let h: DbHandle;
const who = { userId: null, actor: 'quantri', ip: '10.0.0.1' };

beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => {
	await h?.close();
});

describe('notification settings', () => {
	it('refuses what is not 1 to 365 days, saves and audits the rest', async () => {
		expect(await loadEscalationDays(h.db)).toBe(3);
		for (const typed of ['0', '366', 'ba', '2.5', ''])
			await expect(saveEscalationDays(h.db, typed, who)).rejects.toMatchObject({
				code: 'INVALID_INPUT',
				message: 'Số ngày chưa xem phải là số nguyên từ 1 đến 365.'
			});
		expect(await loadEscalationDays(h.db)).toBe(3);
		expect(await saveEscalationDays(h.db, ' 7 ', who)).toBe(7);
		expect(await readSetting(h.db, 'notifications.escalation')).toEqual({ days: 7 });
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'actor', 'details'])
			.where('action', '=', 'settings.notifications_update')
			.execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]!.details).toMatchObject({ before: { escalationDays: 3 }, after: { escalationDays: 7 } });
	});
});
