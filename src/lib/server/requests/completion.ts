// What completing a lifecycle request changes in the inventory, inside the completion's
// transaction: a renewal links the new certificate to the old one (the old one becomes
// 'replaced' once the new one is active); a change of information records what changed, before
// and after, and may link a reissued certificate the same way; a revocation marks the certificate
// "revocation requested" until a CRL confirms it (the CRL's 'revoked' status then wins, the
// request time stays as history); a recovery records the 'recovered' custody event of the locked
// device. The outcome is kept on the request (lifecycle_requests.outcome) and in the audit log.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import type { AuditWho } from '../audit/from-event';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import { viLabel } from '../../i18n/values';
import { holdingOf } from '../organisation/custody-state';
import { writeEvent } from '../organisation/custody';
import type { RequestKind } from '../../domain/requests';

export const CHANGE_FIELDS = ['title', 'agency', 'email', 'name', 'other'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`).default('');
export const completionSchema = z.object({
	/** The request's certificate, when the request was filed without one. */
	certificate: text(200),
	newCertificate: text(200),
	changes: z
		.array(z.object({ field: z.enum(CHANGE_FIELDS), before: text(500), after: text(500) }))
		.max(5)
		.default([])
});
export type CompletionInput = z.infer<typeof completionSchema>;

interface CertRef {
	id: number;
	serial: string;
	subject: string;
}
export interface RequestOutcome {
	certificate?: CertRef;
	newCertificate?: CertRef;
	/** The old certificate's status before and after the renewal. */
	oldStatus?: [string, string];
	changes?: { field: ChangeField; before: string; after: string }[];
	revocationRequestedAt?: string;
	alreadyRevoked?: boolean;
	recoveredEventId?: number | null;
	tokenStatus?: string;
}

interface RequestFacts {
	id: number;
	kind: RequestKind;
	certificate_id: number | null;
	token_id: number | null;
	reference_number: string | null;
}

const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', message, { field });

type CertRow = {
	id: number;
	serial_number: string;
	subject_cn: string;
	kind: string;
	status: string;
	agency_id: number | null;
	person_id: number | null;
	renewal_of_id: number | null;
	revocation_requested_at: Date | null;
};

async function certificateById(trx: Kysely<Database>, id: number): Promise<CertRow> {
	return trx
		.selectFrom('certificates')
		.select([
			'id',
			'serial_number',
			'subject_cn',
			'kind',
			'status',
			'agency_id',
			'person_id',
			'renewal_of_id',
			'revocation_requested_at'
		])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
}

/** A certificate by serial or SHA-256 fingerprint (colons and case ignored); a serial shared by two issuers needs the fingerprint. */
async function certificateByKey(trx: Kysely<Database>, key: string, field: string): Promise<CertRow> {
	const k = key.replace(/[:\s]/g, '').toLowerCase();
	const rows = await trx
		.selectFrom('certificates')
		.select('id')
		.where((eb) => eb.or([eb('fingerprint_sha256', '=', k), eb('serial_number', '=', k)]))
		.limit(2)
		.execute();
	if (!rows.length) throw invalid(field, `Không tìm thấy chứng thư có số hiệu hoặc dấu vân tay "${key}".`);
	if (rows.length > 1) throw invalid(field, 'Có nhiều chứng thư cùng số hiệu này: nhập dấu vân tay SHA-256.');
	return certificateById(trx, rows[0]!.id);
}

const ref = (c: CertRow): CertRef => ({ id: c.id, serial: c.serial_number, subject: c.subject_cn });

/** Applies the completion of request `req`; returns what changed, to be stored as its outcome. */
export async function applyCompletion(
	trx: Kysely<Database>,
	user: AuthUser,
	req: RequestFacts,
	input: CompletionInput,
	who: AuditWho,
	now: Date
): Promise<RequestOutcome> {
	if (req.kind === 'issue') return {};
	if (req.kind === 'recover') return completeRecovery(trx, user, req, who, now);
	let cert: CertRow;
	if (req.certificate_id !== null) cert = await certificateById(trx, req.certificate_id);
	else if (input.certificate) {
		cert = await certificateByKey(trx, input.certificate, 'certificate');
		await trx
			.updateTable('lifecycle_requests')
			.set({ certificate_id: cert.id })
			.where('id', '=', req.id)
			.execute();
	} else
		throw invalid('certificate', 'Yêu cầu chưa gắn chứng thư: nhập số hiệu hoặc dấu vân tay của chứng thư.');
	const outcome: RequestOutcome = { certificate: ref(cert) };

	if (req.kind === 'revoke') {
		if (cert.status === 'revoked') return { ...outcome, alreadyRevoked: true };
		const at = cert.revocation_requested_at ?? now;
		if (!cert.revocation_requested_at)
			await trx
				.updateTable('certificates')
				.set({ revocation_requested_at: now })
				.where('id', '=', cert.id)
				.execute();
		await recordAudit(trx, {
			...who,
			action: 'certificate.revocation_requested',
			entityType: 'certificate',
			entityId: cert.id,
			details: { requestId: req.id, before: cert.revocation_requested_at, after: at.toISOString() }
		});
		return { ...outcome, revocationRequestedAt: at.toISOString() };
	}

	if (req.kind === 'change') {
		const changes = input.changes.filter((c) => c.after);
		if (!changes.length) throw invalid('changes', 'Ghi ít nhất một thông tin thay đổi (trước và sau).');
		const same = changes.find((c) => c.after === c.before);
		if (same) throw invalid('changes', `Giá trị sau thay đổi của "${same.after}" trùng giá trị trước.`);
		outcome.changes = changes;
		if (!input.newCertificate) return outcome;
	} else if (!input.newCertificate)
		throw invalid('newCertificate', 'Nhập số hiệu hoặc dấu vân tay của chứng thư số mới.');

	const renewed = await certificateByKey(trx, input.newCertificate, 'newCertificate');
	return { ...outcome, ...(await linkRenewal(trx, req.id, cert, renewed, who)) };
}

/** The new certificate continues the old one: same subscriber, not already another's successor. */
async function linkRenewal(
	trx: Kysely<Database>,
	requestId: number,
	old: CertRow,
	next: CertRow,
	who: AuditWho
): Promise<RequestOutcome> {
	const field = 'newCertificate';
	if (next.id === old.id) throw invalid(field, 'Chứng thư mới phải khác chứng thư của yêu cầu.');
	if (next.renewal_of_id !== null && next.renewal_of_id !== old.id)
		throw invalid(field, 'Chứng thư mới đã được ghi là bản gia hạn của một chứng thư khác.');
	const samePerson = old.person_id === null || next.person_id === null || old.person_id === next.person_id;
	const sameAgency = old.kind !== 'organisation' || old.agency_id === next.agency_id;
	if (next.kind !== old.kind || !samePerson || !sameAgency)
		throw invalid(field, 'Chứng thư mới không cùng thuê bao với chứng thư của yêu cầu.');
	await trx.updateTable('certificates').set({ renewal_of_id: old.id }).where('id', '=', next.id).execute();
	const replaced = next.status === 'active' && (old.status === 'active' || old.status === 'expired');
	if (replaced)
		await trx.updateTable('certificates').set({ status: 'replaced' }).where('id', '=', old.id).execute();
	const oldStatus: [string, string] = [old.status, replaced ? 'replaced' : old.status];
	await recordAudit(trx, {
		...who,
		action: 'certificate.renewal_link',
		entityType: 'certificate',
		entityId: next.id,
		details: {
			requestId,
			renewalOf: { before: next.renewal_of_id, after: old.id },
			oldCertificate: { id: old.id, status: { before: oldStatus[0], after: oldStatus[1] } }
		}
	});
	return { newCertificate: ref(next), oldStatus };
}

/** A locked device gets its 'recovered' event; one already in use needs none; any other state cannot be recovered. */
async function completeRecovery(
	trx: Kysely<Database>,
	user: AuthUser,
	req: RequestFacts,
	who: AuditWho,
	now: Date
): Promise<RequestOutcome> {
	if (req.token_id === null) return {};
	const before = await holdingOf(trx, req.token_id);
	if (!before) return {};
	if (before.status === 'issued') return { recoveredEventId: null, tokenStatus: before.status };
	if (before.status !== 'locked')
		throw new AppError(
			'CONFLICT',
			`Thiết bị đang ở tình trạng "${viLabel('tokenStatus', before.status)}": không thể hoàn thành yêu cầu khôi phục.`
		);
	const at = before.status_since && before.status_since > now ? before.status_since : now;
	const eventId = await writeEvent(
		trx,
		user,
		req.token_id,
		before,
		{
			event: 'recovered',
			occurredAt: '',
			otherAgency: false,
			reason: '',
			recordNumber: req.reference_number ?? '',
			note: `Khôi phục theo yêu cầu #${req.id}${req.reference_number ? ` (${req.reference_number})` : ''}`
		},
		at,
		who
	);
	return { recoveredEventId: eventId, tokenStatus: 'issued' };
}

/** The certificate's current values, offered as "before" on the change-of-information form. */
export async function changeDefaults(
	db: Kysely<Database>,
	certificateId: number | null
): Promise<Partial<Record<ChangeField, string>>> {
	if (certificateId === null) return {};
	const c = await db
		.selectFrom('certificates as c')
		.leftJoin('agencies as a', 'a.id', 'c.agency_id')
		.leftJoin('people as p', 'p.id', 'c.person_id')
		.select(['c.subject_cn', 'c.stated_title', 'c.email', 'a.name as agency_name', 'p.title as person_title'])
		.where('c.id', '=', certificateId)
		.executeTakeFirst();
	if (!c) return {};
	return {
		name: c.subject_cn,
		title: c.stated_title ?? c.person_title ?? '',
		agency: c.agency_name ?? '',
		email: c.email ?? ''
	};
}
