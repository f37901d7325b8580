// Every setting an administrator may change (the `settings` table: one jsonb value per key), with
// its schema and its default, in one place. Policy values live here rather than in code
// (decrees.md: "make such values settings"); the modules that use them read them through
// ./store.ts and never parse the table themselves.
//
// Two kinds of value: a whole value (a policy name, a flag, the crypto policy) that falls back to
// its default when what is stored does not parse; and an object an administrator may store in part
// (e.g. {"burstCount": 5}), where each field missing or invalid falls back to its own default.
import { z } from 'zod';
import { isCalendarDay } from '../../time/vietnam';
import type { RevocationPolicy } from '../../pki/chain-validator';
import { ValidationPolicyInputSchema, type ValidationPolicyInput } from '../../pki/validation-policy';
import type { RequestKind } from '../../domain/requests';

const day = z.string().refine(isCalendarDay, 'phải là một ngày có thật, dạng YYYY-MM-DD');
const count = (min: number, max = 1_000_000) => z.number().int().min(min).max(max);

export interface SettingDefinition<T> {
	/** What may be stored; writes are checked against it. */
	schema: z.ZodType<T, z.ZodTypeDef, unknown>;
	default: T;
	/** The value to use for what is stored (undefined when nothing is). */
	read(stored: unknown): T;
}

function whole<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, fallback: T): SettingDefinition<T> {
	return {
		schema,
		default: fallback,
		read: (stored) => {
			const parsed = schema.safeParse(stored);
			return parsed.success ? parsed.data : structuredClone(fallback);
		}
	};
}

type FieldSchemas<T> = { [K in keyof T]-?: z.ZodType<NonNullable<T[K]>, z.ZodTypeDef, unknown> };

function fieldByField<T extends object>(fields: FieldSchemas<T>, fallback: T): SettingDefinition<T> {
	const shape = fields as Record<string, z.ZodTypeAny>;
	return {
		schema: z.object(shape).partial().strict() as unknown as z.ZodType<T, z.ZodTypeDef, unknown>,
		default: fallback,
		read: (stored) => {
			const out = structuredClone(fallback) as Record<string, unknown>;
			if (stored && typeof stored === 'object' && !Array.isArray(stored))
				for (const [key, schema] of Object.entries(shape)) {
					const parsed = schema.safeParse((stored as Record<string, unknown>)[key]);
					if (parsed.success) out[key] = parsed.data;
				}
			return out as T;
		}
	};
}

/** How long a notification may stay unread before the inspectors are told (issue 15). */
export interface EscalationSettings {
	days: number;
}

/** The crypto policy as stored: cut-off days in Vietnam time ('YYYY-MM-DD'), null when the rule is off. */
export interface StoredCryptoPolicy {
	sha1NotAfter: string | null;
	weakRsaNotAfter: string | null;
	minRsaBits: number;
}

/** The misuse rules' thresholds (misuse-scan). */
export interface EventRuleSettings {
	/** Night is from nightStart to nightEnd (Vietnam hours, 22 → 5). */
	nightStartHour: number;
	nightEndHour: number;
	/** A burst: at least this many signatures by one certificate within `burstMinutes`. */
	burstCount: number;
	burstMinutes: number;
}

/** The Decree 30 document rules (misuse-scan, document-rules.ts). */
export interface DocumentRuleSettings {
	/** A signature 7 hours ± this many minutes off the competent person's is a time-zone slip. */
	zoneSlipToleranceMinutes: number;
}

/** The overview's adoption figures. */
export interface OverviewSettings {
	/** A certificate valid this many days that signed nothing in them is dormant. */
	dormantDays: number;
}

export interface ExpiryThresholds {
	/** Days before not_after that raise a finding, ascending severity: e.g. [90, 60, 30, 7]. */
	days: number[];
}

/** What should have been done after a change (expiry-scan's obligation and custody rules), in calendar days. */
export interface ObligationSettings {
	/** A certificate still unrevoked this long after its holder left, its device was lost or its agency ended (Điều 10). */
	revocationDays: number;
	/** A change request expected within this long of a holder's new title or agency, or an agency's new name (Điều 9). */
	changeRequestDays: number;
	/** The organisation's device handed to the new clerk within this long of the change of clerk (NĐ 30/2020 Điều 32). */
	handoverDays: number;
}

export interface DeadlineSettings {
	/** Token recovery within this many working days of a valid request (Điều 11.2). */
	recoveryWorkingDays: number;
	/** A device back with the CA within this many working days of revocation or expiry (Mẫu 08). */
	returnWorkingDays: number;
	/** Devices of certificates revoked or expired before this day are not watched (the regulation's start). */
	returnWatchSince: string;
}

export interface ReportSigner {
	/** The lines above the signature, e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]. */
	title: string[];
	name?: string;
}

/** Working days from a valid request to the decision, per kind; null: no published limit (unconfirmed). */
export type DueWorkingDays = Record<RequestKind, number | null>;

export const SETTINGS = {
	/** When revocation data is missing: 'require' (INDETERMINATE), 'if-available', 'none'. */
	'pki.revocation_policy': whole<RevocationPolicy>(z.enum(['require', 'if-available', 'none']), 'require'),
	/** CRL downloads and OCSP requests allowed (offline by default); the revocation-scan follows it too. */
	'pki.online_revocation': whole<boolean>(z.boolean(), false),
	/**
	 * The level of each check (validation-policy.ts: FAIL, WARN, INFORM, IGNORE), stored in part: a check missing
	 * takes its default, and a stored policy that no longer parses falls back to the defaults as a whole.
	 */
	'pki.validation_policy': whole<ValidationPolicyInput>(ValidationPolicyInputSchema, {}),
	/** SHA-1 and RSA keys under minRsaBits refused for signatures made from these days (Vietnam time). */
	'pki.crypto_policy': whole<StoredCryptoPolicy>(
		z.object({
			sha1NotAfter: day.nullable(),
			weakRsaNotAfter: day.nullable(),
			minRsaBits: count(1024, 16384)
		}),
		{ sha1NotAfter: '2019-01-01', weakRsaNotAfter: '2019-01-01', minRsaBits: 2048 }
	),
	/** Calendar periods, or the Decree 09/2019 cut-off on the 14th (unconfirmed, so a setting). */
	'reports.period_convention': whole<'calendar' | 'cutoff14'>(z.enum(['calendar', 'cutoff14']), 'calendar'),
	/** The signer printed under the official reports' signature block. */
	'reports.signer': fieldByField<ReportSigner>(
		{ title: z.array(z.string()).nonempty(), name: z.string() },
		{ title: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'] }
	),
	/** Overrides of the working days a lifecycle request may take, e.g. {"renew": 3}. */
	'requests.due_working_days': fieldByField<DueWorkingDays>(
		{ recover: count(0), issue: count(0), renew: count(0), change: count(0), revoke: count(0) },
		{
			recover: 1 /* Điều 11.2 */,
			issue: 3 /* Decree 68 Art. 10-11 */,
			renew: null,
			change: null,
			revoke: null
		}
	),
	/** deadline-watch and the device page's hand-back deadlines. */
	'jobs.deadlines': fieldByField<DeadlineSettings>(
		{ recoveryWorkingDays: count(0, 366), returnWorkingDays: count(0, 366), returnWatchSince: day },
		{ recoveryWorkingDays: 1, returnWorkingDays: 5, returnWatchSince: '2025-12-20' }
	),
	/** misuse-scan's night hours and burst threshold. */
	'jobs.misuse_rules': fieldByField<EventRuleSettings>(
		{
			nightStartHour: count(0, 23),
			nightEndHour: count(0, 23),
			burstCount: count(1),
			burstMinutes: count(1)
		},
		{ nightStartHour: 22, nightEndHour: 5, burstCount: 30, burstMinutes: 10 }
	),
	/** misuse-scan's Decree 30 document rules. */
	'jobs.document_rules': fieldByField<DocumentRuleSettings>(
		{ zoneSlipToleranceMinutes: count(0, 180) },
		{ zoneSlipToleranceMinutes: 45 }
	),
	/** The overview and the certificate list: when an active certificate counts as dormant. */
	'overview.dormant': fieldByField<OverviewSettings>({ dormantDays: count(1, 3650) }, { dormantDays: 90 }),
	/** expiry-scan: days before expiry that raise a finding. */
	'jobs.expiry_thresholds': fieldByField<ExpiryThresholds>(
		{ days: z.array(count(1, 3650)).nonempty() },
		{ days: [90, 60, 30, 7] }
	),
	/**
	 * The time of day (Vietnam, HH:MM) the daily e-mail digest goes out; saving it on the
	 * administration page moves the mail-digest job's schedule to it.
	 */
	'notifications.digest_time': whole<string>(
		z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'phải là giờ:phút, ví dụ 07:00'),
		'07:00'
	),
	/** Notifications: an item left unread this many days is escalated to the inspectors. */
	'notifications.escalation': fieldByField<EscalationSettings>({ days: count(1, 365) }, { days: 3 }),
	/** expiry-scan: days allowed before should_have_been_revoked, change_request_missing, clerk_change_without_handover. */
	'jobs.obligation_rules': fieldByField<ObligationSettings>(
		{ revocationDays: count(0, 366), changeRequestDays: count(0, 366), handoverDays: count(0, 366) },
		{ revocationDays: 10, changeRequestDays: 30, handoverDays: 7 }
	),
	/** Set by `kiem-ky seed`: the database holds the demo province. */
	demo_mode: whole<boolean>(z.boolean(), false)
};

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];

/** A setting's default (what applies while nothing is stored). */
export function settingDefault<K extends SettingKey>(key: K): SettingValue<K> {
	return SETTINGS[key].default;
}
