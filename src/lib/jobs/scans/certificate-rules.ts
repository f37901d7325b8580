// Inventory rules over certificates (no signing events): expiring without a renewal request
// (Điều 9), expired but still marked active (NĐ 68 Art. 17), validity over five years and a renewal
// over three (NĐ 68 Art. 9). Set-based: one pass over certificates each.
import { sql, type RawBuilder } from 'kysely';
import { findingColumns, vnDay } from './columns';
import { settingDefault, type ExpiryThresholds } from '../../server/settings/catalogue';

export type { ExpiryThresholds };
/** The setting jobs.expiry_thresholds' default: 90, 60, 30 and 7 days. */
export const DEFAULT_EXPIRY_THRESHOLDS: ExpiryThresholds = settingDefault('jobs.expiry_thresholds');

export function expiringSoon(
	now: Date,
	t: ExpiryThresholds = DEFAULT_EXPIRY_THRESHOLDS
): RawBuilder<unknown> {
	const days = [...t.days].sort((a, b) => b - a);
	const max = days[0] ?? 90;
	const nowTs = sql`${now}::timestamptz`;
	const left = sql`ceil(extract(epoch from (c.not_after - ${nowTs})) / 86400)::int`;
	// The nearest threshold reached decides severity: the first (widest) low, the last (closest) high.
	const severity = sql`case when ${left} <= ${days[days.length - 1] ?? 7} then 'high'
		when ${left} <= ${days[Math.max(0, days.length - 2)] ?? 30} then 'medium' else 'low' end`;
	return sql`
		select ${findingColumns('expiring_soon', {
			dedupe: sql`'expiring_soon:' || c.fingerprint_sha256`,
			severity,
			summary: sql`'Chứng thư "' || c.subject_cn || '" hết hạn ngày ' || ${vnDay(sql`c.not_after`)} || ' (còn ' || ${left} || ' ngày) nhưng chưa có yêu cầu gia hạn.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`jsonb_build_object('not_after', c.not_after, 'days_left', ${left}, 'thresholds', ${JSON.stringify(days)}::jsonb)`
		})}
		from certificates c
		where c.status = 'active' and c.not_after > ${nowTs} and c.not_after <= ${nowTs} + make_interval(days => ${max})
			and not exists (select 1 from lifecycle_requests r where r.certificate_id = c.id and r.kind = 'renew'
				and r.status not in ('rejected', 'cancelled'))
			and not exists (select 1 from certificates n where n.renewal_of_id = c.id)`;
}

export function expiredStillActive(now: Date): RawBuilder<unknown> {
	return sql`
		select ${findingColumns('expired_still_active', {
			dedupe: sql`'expired_still_active:' || c.fingerprint_sha256`,
			summary: sql`'Chứng thư "' || c.subject_cn || '" đã hết hạn ngày ' || ${vnDay(sql`c.not_after`)} || ' nhưng vẫn ghi là đang sử dụng.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`jsonb_build_object('not_after', c.not_after, 'status', c.status)`
		})}
		from certificates c
		where c.status = 'active' and c.not_after <= ${now}::timestamptz`;
}

export function validityTooLong(): RawBuilder<unknown> {
	// One day of tolerance: CAs commonly issue "5 years" as not_before + 5y + a few hours.
	return sql`
		select ${findingColumns('validity_too_long', {
			dedupe: sql`'validity_too_long:' || c.fingerprint_sha256`,
			summary: sql`'Chứng thư "' || c.subject_cn || '" có thời hạn ' || round((extract(epoch from (c.not_after - c.not_before)) / 86400 / 365.25)::numeric, 1) || ' năm, vượt quá 5 năm.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			evidence: sql`jsonb_build_object('not_before', c.not_before, 'not_after', c.not_after)`
		})}
		from certificates c
		where c.not_after > c.not_before + interval '5 years 1 day'`;
}

export function renewalBeyondLimit(): RawBuilder<unknown> {
	// A renewal extends a certificate by at most three years (NĐ 68/2024 Art. 9): the renewed certificate's own
	// validity, with the same one day of tolerance as above.
	return sql`
		select ${findingColumns('renewal_beyond_limit', {
			dedupe: sql`'renewal_beyond_limit:' || c.fingerprint_sha256`,
			summary: sql`'Chứng thư gia hạn "' || c.subject_cn || '" có thời hạn ' || round((extract(epoch from (c.not_after - c.not_before)) / 86400 / 365.25)::numeric, 1) || ' năm (đến ' || ${vnDay(sql`c.not_after`)} || '), vượt quá 3 năm của một lần gia hạn.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			evidence: sql`jsonb_build_object('not_before', c.not_before, 'not_after', c.not_after,
				'renewal_of', o.serial_number, 'previous_not_after', o.not_after)`
		})}
		from certificates c join certificates o on o.id = c.renewal_of_id
		where c.not_after > c.not_before + interval '3 years 1 day'`;
}
