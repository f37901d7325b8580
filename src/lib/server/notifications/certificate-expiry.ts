// Certificates reaching their expiry reminders: 30, 15 and 2 days before for subscribers'
// certificates, 365 and 180 days for the CA certificates of the trust store (a CA's renewal takes
// longer and every certificate below it depends on it). One notification per stage: the key names
// the certificate and the stage, and only the stage reached last is current, so a reminder stops
// (is cleared) once the certificate is renewed, revoked, replaced or past its end.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Severity } from '../../domain/findings';
import { DAY_MS, formatDate } from '../../time/vietnam';
import { agencyPrefix, oneLine, type NotificationItem } from './item';

export const CERTIFICATE_STAGES = [30, 15, 2] as const;
export const CA_CERTIFICATE_STAGES = [365, 180] as const;

/** The stage (days before expiry) reached at `now`: the smallest one not later than what remains; null if none. */
export function expiryStage(notAfter: Date, now: Date, stages: readonly number[]): number | null {
	const left = notAfter.getTime() - now.getTime();
	if (left <= 0) return null;
	const reached = stages.filter((d) => left <= d * DAY_MS);
	return reached.length ? Math.min(...reached) : null;
}

const daysLeft = (notAfter: Date, now: Date) => Math.ceil((notAfter.getTime() - now.getTime()) / DAY_MS);
const SEVERITY: Record<number, Severity> = { 30: 'low', 15: 'medium', 2: 'high', 365: 'medium', 180: 'high' };

/** Subscribers' certificates in use, not renewed, expiring within the first stage. */
export async function certificateExpiryItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const horizon = new Date(now.getTime() + Math.max(...CERTIFICATE_STAGES) * DAY_MS);
	const rows = await db
		.selectFrom('certificates as c')
		.leftJoin('agencies as a', 'a.id', 'c.agency_id')
		.select(['c.id', 'c.subject_cn', 'c.serial_number', 'c.agency_id', 'c.not_after', 'a.name as agency'])
		.where('c.status', '=', 'active')
		.where('c.not_after', '>', now)
		.where('c.not_after', '<=', horizon)
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('certificates as r').select('r.id').whereRef('r.renewal_of_id', '=', 'c.id')))
		)
		.execute();
	const items: NotificationItem[] = [];
	for (const c of rows) {
		const stage = expiryStage(c.not_after, now, CERTIFICATE_STAGES);
		if (stage === null) continue;
		const end = formatDate(c.not_after);
		const left = daysLeft(c.not_after, now);
		items.push({
			kind: 'certificate_expiry',
			key: `expiry:cert:${c.id}:${stage}`,
			agencyId: c.agency_id,
			severity: SEVERITY[stage] ?? 'medium',
			titleVi: `Chứng thư số “${c.subject_cn}” hết hạn ngày ${end}`,
			titleEn: `Certificate “${c.subject_cn}” expires on ${end}`,
			bodyVi: oneLine(
				`${agencyPrefix(c.agency)}chứng thư số sê-ri ${c.serial_number} còn ${left} ngày sử dụng (nhắc trước ${stage} ngày).
				Đề nghị lập yêu cầu gia hạn (Mẫu 04) trước ngày ${end}.`
			),
			bodyEn: oneLine(
				`${agencyPrefix(c.agency)}certificate serial ${c.serial_number} has ${left} days left (the ${stage}-day reminder).
				Request its renewal before ${end}.`
			),
			link: `/chung-thu/${c.id}`,
			dueAt: c.not_after,
			audience: ['inspector', 'agency_officer'],
			fresh: true
		});
	}
	return items;
}

/**
 * Trusted CA certificates expiring within the first CA stage, unless a later certificate of the
 * same CA (same subject) is already trusted.
 */
export async function caExpiryItems(db: Kysely<Database>, now: Date): Promise<NotificationItem[]> {
	const horizon = new Date(now.getTime() + Math.max(...CA_CERTIFICATE_STAGES) * DAY_MS);
	const rows = await db
		.selectFrom('ca_certificates as c')
		.select(['c.id', 'c.subject_dn', 'c.not_after'])
		.where('c.trusted', '=', true)
		.where('c.not_after', '>', now)
		.where('c.not_after', '<=', horizon)
		.where(
			sql<boolean>`not exists (select 1 from ca_certificates n where n.trusted and n.subject_dn = c.subject_dn and n.not_after > c.not_after)`
		)
		.execute();
	const items: NotificationItem[] = [];
	for (const c of rows) {
		const stage = expiryStage(c.not_after, now, CA_CERTIFICATE_STAGES);
		if (stage === null) continue;
		const end = formatDate(c.not_after);
		const name = /CN=([^,]+)/.exec(c.subject_dn)?.[1] ?? c.subject_dn;
		items.push({
			kind: 'certificate_expiry',
			key: `expiry:ca:${c.id}:${stage}`,
			agencyId: null,
			severity: SEVERITY[stage] ?? 'high',
			titleVi: `Chứng thư CA “${name}” hết hạn ngày ${end}`,
			titleEn: `CA certificate “${name}” expires on ${end}`,
			bodyVi: oneLine(
				`Chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA) trong kho tin cậy còn ${daysLeft(c.not_after, now)} ngày
				(nhắc trước ${stage} ngày). Cần nhập chứng thư CA mới trước ngày ${end}.`
			),
			bodyEn: oneLine(
				`The trusted certification authority certificate has ${daysLeft(c.not_after, now)} days left
				(the ${stage}-day reminder). Import its successor before ${end}.`
			),
			link: '/chung-thu/nhap/ca',
			dueAt: c.not_after,
			audience: ['admin', 'inspector'],
			fresh: true
		});
	}
	return items;
}
