// Reading and writing the settings table: the one way every page, job and CLI command gets a
// setting. Reads are typed and never fail on what is stored (a value that no longer parses gives
// the default, see ./catalogue.ts); writes are checked against the setting's schema first, so
// nothing unreadable is ever stored. Auditing a change is the caller's (it knows who and why).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { SETTINGS, type SettingKey, type SettingValue } from './catalogue';

export type SettingValues<K extends SettingKey> = { [P in K]: SettingValue<P> };

/** Several settings in one query. */
export async function readSettings<K extends SettingKey>(
	db: Kysely<Database>,
	keys: readonly K[]
): Promise<SettingValues<K>> {
	const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
	const stored = new Map(rows.map((r) => [r.key, r.value as unknown]));
	const out = {} as Record<SettingKey, unknown>;
	for (const key of keys) out[key] = SETTINGS[key].read(stored.get(key));
	return out as SettingValues<K>;
}

export async function readSetting<K extends SettingKey>(
	db: Kysely<Database>,
	key: K
): Promise<SettingValue<K>> {
	return (await readSettings(db, [key]))[key];
}

/**
 * Stores settings (inside the caller's transaction when given one). A value its schema refuses is
 * an INVALID_INPUT error naming the setting, and nothing is written.
 */
export async function writeSettings(
	db: Kysely<Database>,
	values: { [P in SettingKey]?: SettingValue<P> },
	now = new Date()
): Promise<void> {
	const entries = Object.entries(values) as [SettingKey, unknown][];
	for (const [key, value] of entries) {
		const parsed = SETTINGS[key].schema.safeParse(value);
		if (!parsed.success)
			throw new AppError(
				'INVALID_INPUT',
				`Cài đặt ${key} không hợp lệ: ${parsed.error.issues[0]?.message ?? 'giá trị không đúng kiểu'}.`
			);
	}
	for (const [key, value] of entries) {
		const json = JSON.stringify(value);
		await db
			.insertInto('settings')
			.values({ key, value: json })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
			.execute();
	}
}
