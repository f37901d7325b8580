// The settings table read one way: typed values with the defaults of the catalogue, a value that no
// longer parses falling back (whole, or field by field for objects stored in part), writes checked
// before anything is stored, and the readers of reports, requests and verification all going
// through it, so the same stored row means the same thing everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { readSetting, readSettings, writeSettings } from '../../../src/lib/server/settings/store';
import { SETTINGS, settingDefault } from '../../../src/lib/server/settings/catalogue';
import { readReportSettings } from '../../../src/lib/server/reports/settings';
import { dueWorkingDays } from '../../../src/lib/server/requests/service';
import {
	loadVerificationSettings,
	saveVerificationSettings,
	settingsFormValues
} from '../../../src/lib/server/verification/settings';
import { loadVerifierSources } from '../../../src/lib/server/verification/sources';

let h: DbHandle;
const who = { userId: null, actor: 'quantri', ip: null };

beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

async function store(key: string, value: unknown): Promise<void> {
	await h.db
		.insertInto('settings')
		.values({ key, value: JSON.stringify(value) })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
		.execute();
}

describe('settings', () => {
	it('give every default while nothing is stored', async () => {
		const keys = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];
		const values = await readSettings(h.db, keys);
		for (const key of keys) expect(values[key]).toEqual(settingDefault(key));
		expect(await readSetting(h.db, 'jobs.misuse_rules')).toEqual({
			nightStartHour: 22,
			nightEndHour: 5,
			burstCount: 30,
			burstMinutes: 10
		});
	});

	it('read an object stored in part field by field, each bad field falling back on its own', async () => {
		await store('jobs.misuse_rules', { burstCount: 'ba mươi', burstMinutes: 7, nightStartHour: 25 });
		expect(await readSetting(h.db, 'jobs.misuse_rules')).toEqual({
			nightStartHour: 22,
			nightEndHour: 5,
			burstCount: 30,
			burstMinutes: 7
		});
		await store('requests.due_working_days', { renew: 3, recover: null, issue: -1 });
		expect(await dueWorkingDays(h.db, 'renew')).toBe(3);
		expect(await dueWorkingDays(h.db, 'recover')).toBe(1);
		expect(await dueWorkingDays(h.db, 'issue')).toBe(3);
		expect(await dueWorkingDays(h.db, 'revoke')).toBeNull();
		await store('jobs.deadlines', { returnWatchSince: '2026-02-30', returnWorkingDays: 7 });
		expect(await readSetting(h.db, 'jobs.deadlines')).toEqual({
			recoveryWorkingDays: 1,
			returnWorkingDays: 7,
			returnWatchSince: '2025-12-20'
		});
	});

	it('read a whole value that no longer parses as its default (the safe crypto policy, not "accept all")', async () => {
		await store('pki.crypto_policy', { sha1NotAfter: null, weakRsaNotAfter: 'never', minRsaBits: 512 });
		await store('pki.revocation_policy', 'sometimes');
		await store('pki.online_revocation', 'yes');
		await store('pki.validation_policy', { keyUsage: 'STRICT' });
		const { levels, revocationMaxAgeHours, ...rest } = settingsFormValues(
			await loadVerificationSettings(h.db)
		);
		expect(rest).toEqual({
			revocationPolicy: 'require',
			onlineRevocation: false,
			sha1NotAfter: '2019-01-01',
			weakRsaNotAfter: '2019-01-01',
			minRsaBits: 2048
		});
		expect([levels.keyUsage, levels.revocationFreshness, revocationMaxAgeHours]).toEqual([
			'FAIL',
			'FAIL',
			''
		]);
		await h.db.deleteFrom('settings').execute();
	});

	it('serve the report settings through the same reader', async () => {
		expect(await readReportSettings(h.db)).toEqual({
			convention: 'calendar',
			signerTitle: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
			signerName: undefined
		});
		await store('reports.period_convention', 'cutoff14');
		await store('reports.signer', { title: ['GIÁM ĐỐC'], name: 'Nguyễn Văn An' });
		expect(await readReportSettings(h.db)).toEqual({
			convention: 'cutoff14',
			signerTitle: ['GIÁM ĐỐC'],
			signerName: 'Nguyễn Văn An'
		});
		await store('reports.signer', { title: [], name: 'Nguyễn Văn An' });
		expect((await readReportSettings(h.db)).signerTitle).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']);
	});

	it('refuse to store a value their schema does not accept, naming the setting, and store nothing', async () => {
		await expect(
			writeSettings(h.db, { 'jobs.expiry_thresholds': { days: [] }, demo_mode: true })
		).rejects.toMatchObject({
			code: 'INVALID_INPUT',
			message: expect.stringContaining('jobs.expiry_thresholds')
		});
		expect(await readSetting(h.db, 'demo_mode')).toBe(false);
		await writeSettings(h.db, { 'jobs.expiry_thresholds': { days: [60, 14] } });
		expect(await readSetting(h.db, 'jobs.expiry_thresholds')).toEqual({ days: [60, 14] });
	});
});

describe('verification settings, where two readers used to disagree', () => {
	it('a crypto cut-off day that does not exist is refused by the form (it was stored as 2 March)', async () => {
		await expect(
			saveVerificationSettings(
				h.db,
				{
					revocationPolicy: 'require',
					onlineRevocation: false,
					sha1NotAfter: '2019-02-30',
					weakRsaNotAfter: '2019-01-01',
					minRsaBits: '2048'
				},
				who
			)
		).rejects.toMatchObject({
			code: 'INVALID_INPUT',
			message: 'Ngày ngừng chấp nhận SHA-1 không hợp lệ (dd/MM/yyyy).'
		});
	});

	it('nothing stored and the defaults saved give the same cut-off: 01/01/2019 00:00 in Vietnam', async () => {
		await h.db.deleteFrom('settings').execute();
		const unsaved = (await loadVerifierSources(h.db)).cryptoPolicy;
		await saveVerificationSettings(h.db, settingsFormValues(await loadVerificationSettings(h.db)), who);
		const saved = (await loadVerifierSources(h.db)).cryptoPolicy;
		expect(unsaved).toEqual(saved);
		expect(saved?.sha1NotAfter?.toISOString()).toBe('2018-12-31T17:00:00.000Z');
	});
});
