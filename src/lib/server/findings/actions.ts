// What users do with a finding: acknowledge it, assign it to an inspector, resolve it with a
// note (a user's resolution is never reopened by a scan), reopen it. Each change writes the
// finding's history and the audit log; scope is checked (an agency officer acts on their own
// agency's findings only, and may only acknowledge).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import { getFinding } from './queries';

type Action = 'acknowledge' | 'assign' | 'resolve' | 'reopen';

async function change(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	action: Action,
	ip: string | null,
	apply: (status: string) => {
		set: Record<string, unknown>;
		to: 'open' | 'acknowledged' | 'resolved';
		note: string | null;
	}
): Promise<void> {
	const detail = await getFinding(db, user.scope, id);
	if (!detail)
		throw new AppError('NOT_FOUND', 'Không tìm thấy cảnh báo (hoặc cảnh báo không thuộc phạm vi của bạn).');
	const from = detail.finding.status;
	const { set, to, note } = apply(from);
	const now = new Date();
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('findings').set(set).where('id', '=', id).execute();
		await trx
			.insertInto('finding_events')
			.values({ finding_id: id, at: now, user_id: user.id, from_status: from, to_status: to, note })
			.execute();
		await recordAudit(trx, {
			userId: user.id,
			actor: user.username,
			action: `finding.${action}`,
			entityType: 'finding',
			entityId: id,
			ip,
			details: { kind: detail.finding.kind, from, to, note }
		});
	});
}

export async function acknowledgeFinding(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	note: string | null,
	ip: string | null
): Promise<void> {
	await change(db, user, id, 'acknowledge', ip, (status) => {
		if (status !== 'open')
			throw new AppError('CONFLICT', 'Chỉ xác nhận được cảnh báo đang ở trạng thái mới.');
		return { set: { status: 'acknowledged' }, to: 'acknowledged', note: note || 'Đã xác nhận, đang xử lý' };
	});
}

export async function assignFinding(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	assigneeId: number | null,
	ip: string | null
): Promise<void> {
	let assigneeName = 'không ai';
	if (assigneeId !== null) {
		const u = await db
			.selectFrom('users as u')
			.innerJoin('user_roles as r', 'r.user_id', 'u.id')
			.select('u.display_name')
			.where('u.id', '=', assigneeId)
			.where('r.role', 'in', ['inspector', 'admin'])
			.executeTakeFirst();
		if (!u) throw new AppError('INVALID_INPUT', 'Người được giao phải là thanh tra viên hoặc quản trị viên.');
		assigneeName = u.display_name;
	}
	await change(db, user, id, 'assign', ip, (status) => ({
		set: { assigned_user_id: assigneeId },
		to: status as 'open' | 'acknowledged' | 'resolved',
		note: `Giao cho: ${assigneeName}`
	}));
}

export async function resolveFinding(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	note: string,
	ip: string | null
): Promise<void> {
	if (!note.trim())
		throw new AppError('INVALID_INPUT', 'Vui lòng ghi rõ cách xử lý trước khi đóng cảnh báo.');
	await change(db, user, id, 'resolve', ip, (status) => {
		if (status === 'resolved') throw new AppError('CONFLICT', 'Cảnh báo đã được xử lý.');
		return {
			set: {
				status: 'resolved',
				resolved_at: new Date(),
				resolution_note: note.trim(),
				auto_resolved: false
			},
			to: 'resolved',
			note: note.trim()
		};
	});
}

export async function reopenFinding(
	db: Kysely<Database>,
	user: AuthUser,
	id: number,
	note: string | null,
	ip: string | null
): Promise<void> {
	await change(db, user, id, 'reopen', ip, (status) => {
		if (status !== 'resolved') throw new AppError('CONFLICT', 'Chỉ mở lại được cảnh báo đã xử lý.');
		return {
			set: { status: 'open', resolved_at: null, resolution_note: null, auto_resolved: false },
			to: 'open',
			note: note || 'Mở lại'
		};
	});
}
