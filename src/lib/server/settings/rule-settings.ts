// The thresholds and deadlines of the audit rules as one administrator's form (/quan-tri/quy-tac):
// which setting field each input edits, how its text is read, and the save (checked field by field
// with a Vietnamese message naming the field, stored in one transaction with one audit entry that
// lists each change, old and new). The values themselves live in the settings catalogue.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { isCalendarDay } from '../../time/vietnam';
import { recordAudit, type AuditInput } from '../audit/log';
import { readSettings, writeSettings } from './store';
import type { SettingKey } from './catalogue';

type Who = Pick<AuditInput, 'userId' | 'actor' | 'ip'>;

export interface RuleField {
	/** The form input's name, e.g. 'jobs.deadlines.recoveryWorkingDays'. */
	name: string;
	key: SettingKey;
	field: string;
	/** An integer in [min, max], a day (YYYY-MM-DD), a list of integers, or an integer that may be left empty. */
	type: 'int' | 'day' | 'int-list' | 'optional-int';
	min?: number;
	max?: number;
	/** Also stored under these (key, field) pairs: one deadline read by two modules. */
	mirrors?: { key: SettingKey; field: string }[];
	/** The group the page shows the input in (i18n key rules.group.*). */
	group: 'deadlines' | 'obligations' | 'expiry' | 'misuse' | 'documents' | 'requests';
}

const f = (
	key: SettingKey,
	field: string,
	group: RuleField['group'],
	type: RuleField['type'],
	min?: number,
	max?: number,
	mirrors?: RuleField['mirrors']
): RuleField => ({ name: `${key}.${field}`, key, field, group, type, min, max, mirrors });

/** Every input of the form, in the order the page shows them. */
export const RULE_FIELDS: RuleField[] = [
	f('jobs.deadlines', 'recoveryWorkingDays', 'deadlines', 'int', 0, 366, [
		{ key: 'requests.due_working_days', field: 'recover' }
	]),
	f('jobs.deadlines', 'returnWorkingDays', 'deadlines', 'int', 0, 366),
	f('jobs.deadlines', 'returnWatchSince', 'deadlines', 'day'),
	f('jobs.obligation_rules', 'revocationDays', 'obligations', 'int', 0, 366),
	f('jobs.obligation_rules', 'changeRequestDays', 'obligations', 'int', 0, 366),
	f('jobs.obligation_rules', 'handoverDays', 'obligations', 'int', 0, 366),
	f('jobs.expiry_thresholds', 'days', 'expiry', 'int-list', 1, 3650),
	f('jobs.misuse_rules', 'nightStartHour', 'misuse', 'int', 0, 23),
	f('jobs.misuse_rules', 'nightEndHour', 'misuse', 'int', 0, 23),
	f('jobs.misuse_rules', 'burstCount', 'misuse', 'int', 1, 1_000_000),
	f('jobs.misuse_rules', 'burstMinutes', 'misuse', 'int', 1, 1_440),
	f('jobs.document_rules', 'zoneSlipToleranceMinutes', 'documents', 'int', 0, 180),
	f('overview.dormant', 'dormantDays', 'expiry', 'int', 1, 3650),
	f('requests.due_working_days', 'issue', 'requests', 'optional-int', 0, 366),
	f('requests.due_working_days', 'renew', 'requests', 'optional-int', 0, 366),
	f('requests.due_working_days', 'change', 'requests', 'optional-int', 0, 366),
	f('requests.due_working_days', 'revoke', 'requests', 'optional-int', 0, 366)
];

const KEYS = [...new Set(RULE_FIELDS.map((x) => x.key))];

/** The form's values as text, from what is stored (defaults where nothing is). */
export async function loadRuleSettings(db: Kysely<Database>): Promise<Record<string, string>> {
	const stored = (await readSettings(db, KEYS)) as unknown as Record<string, Record<string, unknown>>;
	const out: Record<string, string> = {};
	for (const x of RULE_FIELDS) {
		const v = stored[x.key]?.[x.field];
		out[x.name] = Array.isArray(v) ? v.join(', ') : v == null ? '' : String(v);
	}
	return out;
}

/** The label's key of a field (the page and the messages name fields the same way). */
export const ruleFieldLabelKey = (x: RuleField) => `rules.field.${x.name}`;

function refuse(x: RuleField, label: string, why: string): never {
	throw new AppError('INVALID_INPUT', `${label}: ${why}`, { field: x.name });
}

function parseField(x: RuleField, label: string, raw: string): unknown {
	const text = raw.trim();
	const int = (s: string) => {
		if (!/^\d+$/.test(s)) refuse(x, label, `"${s}" không phải là một số nguyên không âm.`);
		const n = Number(s);
		if (n < (x.min ?? 0) || n > (x.max ?? Number.MAX_SAFE_INTEGER))
			refuse(x, label, `phải từ ${x.min ?? 0} đến ${(x.max ?? 0).toLocaleString('vi-VN')}.`);
		return n;
	};
	if (x.type === 'optional-int') return text === '' ? undefined : int(text);
	if (text === '') refuse(x, label, 'không được để trống.');
	if (x.type === 'int') return int(text);
	if (x.type === 'day') {
		const day = /^\d{2}\/\d{2}\/\d{4}$/.test(text) ? text.split('/').reverse().join('-') : text;
		if (!isCalendarDay(day)) refuse(x, label, `"${text}" không phải là một ngày có thật (dd/MM/yyyy).`);
		return day;
	}
	const list = text
		.split(/[,;\s]+/)
		.filter(Boolean)
		.map(int);
	return [...new Set(list)].sort((a, b) => b - a);
}

/**
 * Checks every input (the first bad one refused with its label) and stores the settings that changed,
 * with one audit entry 'settings.rules_update' listing each change. `labels` names each input in Vietnamese.
 * Returns the number of fields changed.
 */
export async function saveRuleSettings(
	db: Kysely<Database>,
	input: Record<string, string>,
	labels: (x: RuleField) => string,
	who: Who
): Promise<number> {
	const stored = (await readSettings(db, KEYS)) as unknown as Record<string, Record<string, unknown>>;
	const next: Record<string, Record<string, unknown>> = structuredClone(stored);
	const changes: { setting: string; before: unknown; after: unknown }[] = [];
	for (const x of RULE_FIELDS) {
		const value = parseField(x, labels(x), input[x.name] ?? '');
		for (const target of [{ key: x.key, field: x.field }, ...(x.mirrors ?? [])]) {
			const before = stored[target.key]?.[target.field] ?? null;
			const after = value ?? null;
			if (JSON.stringify(before) === JSON.stringify(after)) continue;
			if (value === undefined) delete next[target.key]![target.field];
			else next[target.key]![target.field] = value;
			changes.push({ setting: `${target.key}.${target.field}`, before, after });
		}
	}
	const rules = next['jobs.misuse_rules'];
	if (rules && rules.nightStartHour === rules.nightEndHour)
		throw new AppError('INVALID_INPUT', 'Giờ bắt đầu và giờ kết thúc ban đêm không được trùng nhau.', {
			field: 'jobs.misuse_rules.nightEndHour'
		});
	if (!changes.length) return 0;
	const changedKeys = new Set(changes.map((c) => c.setting.split('.').slice(0, 2).join('.')));
	await db.transaction().execute(async (trx) => {
		await writeSettings(
			trx,
			// Fields left at "no limit" (null) are not stored: the catalogue's default applies to them.
			Object.fromEntries(
				[...changedKeys].map((k) => [
					k,
					Object.fromEntries(Object.entries(next[k]!).filter(([, v]) => v != null))
				])
			) as Parameters<typeof writeSettings>[1]
		);
		await recordAudit(trx, {
			...who,
			action: 'settings.rules_update',
			entityType: 'settings',
			entityId: 'rules',
			details: { changes }
		});
	});
	return changes.length;
}
