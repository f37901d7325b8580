// The verification settings an administrator edits on /quan-tri/kiem-tra: the revocation policy, whether
// revocation data may be fetched online, and the crypto policy's cut-off dates (issue: SHA-1 and RSA
// under 2048 bits are not accepted for signatures made after a configurable date). Every verifier built
// from the database (pages, jobs, CLI) reads them through loadVerifierSources.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { DEFAULT_CRYPTO_POLICY, type CryptoPolicy } from '../../pki/crypto-verify';
import type { RevocationPolicy } from '../../pki/chain-validator';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { CRYPTO_POLICY_SETTING, ONLINE_REVOCATION_SETTING, REVOCATION_POLICY_SETTING } from './setting-keys';
import { isCalendarDay, startOfVietnamDay, vietnamDay } from '../../time/vietnam';

export const REVOCATION_POLICIES: readonly RevocationPolicy[] = ['require', 'if-available', 'none'];

export interface VerificationSettings {
	revocationPolicy: RevocationPolicy;
	onlineRevocation: boolean;
	cryptoPolicy: CryptoPolicy;
}

/** A stored cut-off day; "not accepted from 01/01/2019" means from 00:00 in Vietnam. */
const isoDay = z.string().refine(isCalendarDay);
const StoredCryptoPolicy = z.object({
	sha1NotAfter: isoDay.nullable(),
	weakRsaNotAfter: isoDay.nullable(),
	minRsaBits: z.number().int().min(1024).max(16384)
});

export async function loadVerificationSettings(db: Kysely<Database>): Promise<VerificationSettings> {
	const rows = await db
		.selectFrom('settings')
		.select(['key', 'value'])
		.where('key', 'in', [REVOCATION_POLICY_SETTING, ONLINE_REVOCATION_SETTING, CRYPTO_POLICY_SETTING])
		.execute();
	const value = (key: string) => rows.find((r) => r.key === key)?.value;
	const crypto = StoredCryptoPolicy.safeParse(value(CRYPTO_POLICY_SETTING));
	return {
		revocationPolicy: REVOCATION_POLICIES.find((p) => p === value(REVOCATION_POLICY_SETTING)) ?? 'require',
		onlineRevocation: value(ONLINE_REVOCATION_SETTING) === true,
		// A stored value that no longer parses falls back to the safe default rather than to "accept all".
		cryptoPolicy: crypto.success
			? {
					sha1NotAfter: crypto.data.sha1NotAfter ? startOfVietnamDay(crypto.data.sha1NotAfter) : null,
					weakRsaNotAfter: crypto.data.weakRsaNotAfter
						? startOfVietnamDay(crypto.data.weakRsaNotAfter)
						: null,
					minRsaBits: crypto.data.minRsaBits
				}
			: DEFAULT_CRYPTO_POLICY
	};
}

/** The form's fields as the page shows them (dates as yyyy-mm-dd in Vietnam, empty when the rule is off). */
export function settingsFormValues(s: VerificationSettings) {
	return {
		revocationPolicy: s.revocationPolicy,
		onlineRevocation: s.onlineRevocation,
		sha1NotAfter: s.cryptoPolicy.sha1NotAfter ? vietnamDay(s.cryptoPolicy.sha1NotAfter) : '',
		weakRsaNotAfter: s.cryptoPolicy.weakRsaNotAfter ? vietnamDay(s.cryptoPolicy.weakRsaNotAfter) : '',
		minRsaBits: s.cryptoPolicy.minRsaBits
	};
}

const SettingsForm = z.object({
	revocationPolicy: z.enum(['require', 'if-available', 'none'], {
		errorMap: () => ({ message: 'Chọn chính sách kiểm tra thu hồi.' })
	}),
	onlineRevocation: z.boolean(),
	sha1NotAfter: z
		.string()
		.trim()
		.refine((v) => v === '' || isCalendarDay(v), {
			message: 'Ngày ngừng chấp nhận SHA-1 không hợp lệ.'
		}),
	weakRsaNotAfter: z
		.string()
		.trim()
		.refine((v) => v === '' || isCalendarDay(v), {
			message: 'Ngày ngừng chấp nhận khóa RSA ngắn không hợp lệ.'
		}),
	minRsaBits: z.coerce
		.number({ invalid_type_error: 'Độ dài khóa RSA tối thiểu phải là một số.' })
		.int('Độ dài khóa RSA tối thiểu phải là số nguyên.')
		.min(1024, 'Độ dài khóa RSA tối thiểu từ 1024 đến 16384 bit.')
		.max(16384, 'Độ dài khóa RSA tối thiểu từ 1024 đến 16384 bit.')
});
/** As the form posts it: validation happens here, so the page passes the fields untyped. */
export interface SettingsFormInput {
	revocationPolicy: string;
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
	const parsed = SettingsForm.safeParse(input);
	if (!parsed.success)
		throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Cài đặt không hợp lệ.');
	const f = parsed.data;
	const before = settingsFormValues(await loadVerificationSettings(db));
	const stored: Record<string, unknown> = {
		[REVOCATION_POLICY_SETTING]: f.revocationPolicy,
		[ONLINE_REVOCATION_SETTING]: f.onlineRevocation,
		[CRYPTO_POLICY_SETTING]: {
			sha1NotAfter: f.sha1NotAfter || null,
			weakRsaNotAfter: f.weakRsaNotAfter || null,
			minRsaBits: f.minRsaBits
		}
	};
	await db.transaction().execute(async (trx) => {
		for (const [key, value] of Object.entries(stored))
			await trx
				.insertInto('settings')
				.values({ key, value: JSON.stringify(value) })
				.onConflict((oc) =>
					oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() })
				)
				.execute();
		await recordAudit(trx, {
			...who,
			action: 'settings.verification_update',
			entityType: 'settings',
			entityId: 'pki',
			details: { before, after: { ...f } }
		});
	});
	return loadVerificationSettings(db);
}
