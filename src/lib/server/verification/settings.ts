// The verification settings an administrator edits on /quan-tri/kiem-tra: the validation policy's levels
// (validation-policy.ts), the revocation policy, whether revocation data may be fetched online, and the crypto
// policy's cut-off dates (issue: SHA-1 and RSA
// under 2048 bits are not accepted for signatures made after a configurable date). Every verifier built
// from the database (pages, jobs, CLI) reads them through createDbVerifier (./sources.ts); the values
// are stored and parsed by the settings module ($lib/server/settings).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { CryptoPolicy } from '../../pki/crypto-verify';
import type { RevocationPolicy } from '../../pki/chain-validator';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { readSettings, writeSettings } from '../settings/store';
import type { SettingKey, StoredCryptoPolicy } from '../settings/catalogue';
import { isCalendarDay, startOfVietnamDay, vietnamDay } from '../../time/vietnam';
import { dayOrText } from '../../i18n/day-input';
import {
	levelOfRevocationPolicy,
	resolveValidationPolicy,
	type ValidationPolicy
} from '../../pki/validation-policy';
import { parsePolicyForm, policyFormValues, revocationPolicyOfLevel } from './policy-form';

export const REVOCATION_POLICY_SETTING = 'pki.revocation_policy' satisfies SettingKey;
export const ONLINE_REVOCATION_SETTING = 'pki.online_revocation' satisfies SettingKey;
export const CRYPTO_POLICY_SETTING = 'pki.crypto_policy' satisfies SettingKey;
export const VALIDATION_POLICY_SETTING = 'pki.validation_policy' satisfies SettingKey;
const KEYS = [
	REVOCATION_POLICY_SETTING,
	ONLINE_REVOCATION_SETTING,
	CRYPTO_POLICY_SETTING,
	VALIDATION_POLICY_SETTING
] as const;

export interface VerificationSettings {
	revocationPolicy: RevocationPolicy;
	onlineRevocation: boolean;
	cryptoPolicy: CryptoPolicy;
	/** The levels; revocation freshness follows the older revocation setting until a level is stored. */
	validationPolicy: ValidationPolicy;
}

/** The stored cut-off days as instants: "not accepted from 01/01/2019" means from 00:00 in Vietnam. */
function cryptoPolicyOf(stored: StoredCryptoPolicy): CryptoPolicy {
	return {
		sha1NotAfter: stored.sha1NotAfter ? startOfVietnamDay(stored.sha1NotAfter) : null,
		weakRsaNotAfter: stored.weakRsaNotAfter ? startOfVietnamDay(stored.weakRsaNotAfter) : null,
		minRsaBits: stored.minRsaBits
	};
}

/** The settings as the verifier takes them; a stored value that no longer parses gives the safe default. */
export async function loadVerificationSettings(db: Kysely<Database>): Promise<VerificationSettings> {
	const s = await readSettings(db, KEYS);
	return {
		revocationPolicy: s[REVOCATION_POLICY_SETTING],
		onlineRevocation: s[ONLINE_REVOCATION_SETTING],
		cryptoPolicy: cryptoPolicyOf(s[CRYPTO_POLICY_SETTING]),
		validationPolicy: resolveValidationPolicy({
			revocationFreshness: levelOfRevocationPolicy(s[REVOCATION_POLICY_SETTING]),
			...s[VALIDATION_POLICY_SETTING]
		})
	};
}

/** The form's fields as the page shows them (dates as yyyy-mm-dd in Vietnam, empty when the rule is off). */
export function settingsFormValues(s: VerificationSettings) {
	return {
		revocationPolicy: s.revocationPolicy,
		onlineRevocation: s.onlineRevocation,
		sha1NotAfter: s.cryptoPolicy.sha1NotAfter ? vietnamDay(s.cryptoPolicy.sha1NotAfter) : '',
		weakRsaNotAfter: s.cryptoPolicy.weakRsaNotAfter ? vietnamDay(s.cryptoPolicy.weakRsaNotAfter) : '',
		minRsaBits: s.cryptoPolicy.minRsaBits,
		...policyFormValues(s.validationPolicy)
	};
}

const SettingsForm = z.object({
	revocationPolicy: z.enum(['require', 'if-available', 'none'], {
		errorMap: () => ({ message: 'Chọn chính sách kiểm tra thu hồi.' })
	}),
	onlineRevocation: z.boolean(),
	// Typed dd/MM/yyyy (or YYYY-MM-DD); stored as YYYY-MM-DD.
	sha1NotAfter: z.preprocess(
		dayOrText,
		z.string().refine((v) => v === '' || isCalendarDay(v), {
			message: 'Ngày ngừng chấp nhận SHA-1 không hợp lệ (dd/MM/yyyy).'
		})
	),
	weakRsaNotAfter: z.preprocess(
		dayOrText,
		z.string().refine((v) => v === '' || isCalendarDay(v), {
			message: 'Ngày ngừng chấp nhận khóa RSA ngắn không hợp lệ (dd/MM/yyyy).'
		})
	),
	minRsaBits: z.coerce
		.number({ invalid_type_error: 'Độ dài khóa RSA tối thiểu phải là một số.' })
		.int('Độ dài khóa RSA tối thiểu phải là số nguyên.')
		.min(1024, 'Độ dài khóa RSA tối thiểu từ 1024 đến 16384 bit.')
		.max(16384, 'Độ dài khóa RSA tối thiểu từ 1024 đến 16384 bit.')
});
/** As the form posts it: validation happens here, so the page passes the fields untyped. */
export interface SettingsFormInput {
	/**
	 * The older revocation choice. Without `levels` it sets the revocation-freshness level (require: FAIL,
	 * if-available: WARN, none: IGNORE and no lookup); with `levels` it may be left out and follows the level.
	 */
	revocationPolicy?: string;
	/** Level of each check by form key (policy-form.ts); absent: the stored levels stay. */
	levels?: Record<string, string>;
	revocationMaxAgeHours?: string;
	onlineRevocation: boolean;
	sha1NotAfter: string;
	weakRsaNotAfter: string;
	minRsaBits: string | number;
}

/** Validates and stores the settings in one transaction with its audit entry (old and new values). */
export async function saveVerificationSettings(
	db: Kysely<Database>,
	input: SettingsFormInput,
	who: AuditWho
): Promise<VerificationSettings> {
	const current = await loadVerificationSettings(db);
	const policy = input.levels
		? parsePolicyForm({ levels: input.levels, revocationMaxAgeHours: input.revocationMaxAgeHours ?? '' })
		: null;
	const revocationPolicy =
		input.revocationPolicy ?? (policy ? revocationPolicyOfLevel(policy.revocationFreshness) : '');
	const parsed = SettingsForm.safeParse({ ...input, revocationPolicy });
	if (!parsed.success)
		throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Cài đặt không hợp lệ.');
	const f = parsed.data;
	const validationPolicy = policy ?? {
		...current.validationPolicy,
		revocationFreshness: levelOfRevocationPolicy(f.revocationPolicy)
	};
	const before = settingsFormValues(current);
	await db.transaction().execute(async (trx) => {
		await writeSettings(trx, {
			[VALIDATION_POLICY_SETTING]: validationPolicy,
			[REVOCATION_POLICY_SETTING]: f.revocationPolicy,
			[ONLINE_REVOCATION_SETTING]: f.onlineRevocation,
			[CRYPTO_POLICY_SETTING]: {
				sha1NotAfter: f.sha1NotAfter || null,
				weakRsaNotAfter: f.weakRsaNotAfter || null,
				minRsaBits: f.minRsaBits
			}
		});
		await recordAudit(trx, {
			...who,
			action: 'settings.verification_update',
			entityType: 'settings',
			entityId: 'pki',
			details: { before, after: { ...f, ...policyFormValues(validationPolicy) } }
		});
	});
	return loadVerificationSettings(db);
}
