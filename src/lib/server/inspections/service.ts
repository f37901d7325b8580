// Inspections of agencies (Điều 14.3, 15.2) and trainings held (Điều 14): inspectors plan and
// record them and link the findings they confirmed; leaders read; an agency officer sees those of
// their own agency subtree (province-wide trainings too).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { zId } from '../http/query-values';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { AppError } from '../../errors';
import { inAgencySubtree, inScope } from '../scope';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import { INSPECTION_STATUSES } from '../../domain/inspections';
// The two lists (the pages' and the exports' queries) live in list-queries.ts.
export { listInspections, listTrainings } from './list-queries';
import { dayOrText } from '../../i18n/day-input';

// Typed dd/MM/yyyy (or YYYY-MM-DD), read as YYYY-MM-DD.
const day = z.preprocess(
	dayOrText,
	z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày không hợp lệ (dd/MM/yyyy).')
);
const optionalText = z
	.string()
	.trim()
	.max(5000)
	.optional()
	.transform((v) => v || null);

export const inspectionSchema = z
	.object({
		agencyId: z.coerce
			.number({ invalid_type_error: 'Chọn cơ quan được kiểm tra.' })
			.int()
			.positive('Chọn cơ quan được kiểm tra.'),
		title: z.string().trim().min(1, 'Nhập tên đợt kiểm tra.').max(500),
		decisionNumber: optionalText,
		startedOn: day,
		endedOn: z
			.union([day, z.literal('')])
			.optional()
			.transform((v) => v || null),
		status: z.enum(INSPECTION_STATUSES, {
			errorMap: () => ({ message: 'Trạng thái không hợp lệ.' })
		}),
		summary: optionalText,
		followUp: optionalText
	})
	.refine((v) => !v.endedOn || v.endedOn >= v.startedOn, {
		message: 'Ngày kết thúc phải sau ngày bắt đầu.',
		path: ['endedOn']
	});
export type InspectionInput = z.infer<typeof inspectionSchema>;

export const trainingSchema = z.object({
	title: z.string().trim().min(1, 'Nhập tên lớp tập huấn.').max(500),
	heldOn: day,
	agencyId: z
		.union([zId(), z.literal('')])
		.optional()
		.transform((v) => (v ? Number(v) : null)),
	participants: z.coerce
		.number({ invalid_type_error: 'Số người tham dự phải là số.' })
		.int()
		.min(0, 'Số người tham dự không âm.'),
	topic: optionalText
});
export type TrainingInput = z.infer<typeof trainingSchema>;

const INSPECTION_NOT_FOUND = 'Không tìm thấy đợt kiểm tra (hoặc không thuộc phạm vi của bạn).';

/** The inspection and its findings, or null when it does not exist or lies outside `scope`. */
export async function getInspection(db: Kysely<Database>, scope: AgencyScope, id: number) {
	const row = await db
		.selectFrom('inspections as i')
		.innerJoin('agencies as a', 'a.id', 'i.agency_id')
		.leftJoin('users as u', 'u.id', 'i.lead_user_id')
		.where('i.id', '=', id)
		.where(({ ref }) => inScope(scope, ref('i.agency_id')))
		.selectAll('i')
		.select(['a.name as agency_name', 'a.path as agency_path', 'u.display_name as lead_name'])
		.executeTakeFirst();
	if (!row) return null;
	// Findings of the inspected agency's subtree: those linked, and open ones that could be. A link
	// alone proves nothing (the inspection may have moved since), so both kinds must lie in the
	// inspection's subtree and in the viewer's scope.
	const findings = await db
		.selectFrom('findings')
		.select(['id', 'kind', 'severity', 'legal_basis', 'summary', 'status', 'inspection_id', 'first_seen_at'])
		.where(({ ref }) => inAgencySubtree(row.agency_id, ref('agency_id')))
		.where(({ ref }) => inScope(scope, ref('agency_id')))
		.where((eb) =>
			eb.or([
				eb('inspection_id', '=', id),
				eb.and([eb('inspection_id', 'is', null), eb('status', '<>', 'resolved')])
			])
		)
		.orderBy('inspection_id')
		.orderBy('first_seen_at', 'desc')
		.limit(300)
		.execute();
	return { inspection: row, findings };
}

async function assertAgencyInScope(
	db: Kysely<Database>,
	scope: AgencyScope,
	agencyId: number
): Promise<void> {
	const a = await db
		.selectFrom('agencies')
		.select('id')
		.where('id', '=', agencyId)
		.where(({ ref }) => inScope(scope, ref('id')))
		.executeTakeFirst();
	if (!a) throw new AppError('INVALID_INPUT', 'Cơ quan không tồn tại hoặc ngoài phạm vi của bạn.');
}

const columns = (v: InspectionInput) => ({
	agency_id: v.agencyId,
	title: v.title,
	decision_number: v.decisionNumber,
	started_on: v.startedOn,
	ended_on: v.endedOn,
	status: v.status,
	summary: v.summary,
	follow_up: v.followUp
});

export async function createInspection(
	db: Kysely<Database>,
	scope: AgencyScope,
	v: InspectionInput,
	who: AuditWho
): Promise<number> {
	await assertAgencyInScope(db, scope, v.agencyId);
	return db.transaction().execute(async (trx) => {
		const r = await trx
			.insertInto('inspections')
			.values({ ...columns(v), lead_user_id: who.userId })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...who,
			action: 'inspection.create',
			entityType: 'inspection',
			entityId: r.id,
			details: { agencyId: v.agencyId, title: v.title }
		});
		return r.id;
	});
}

export async function updateInspection(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number,
	v: InspectionInput,
	who: AuditWho
): Promise<void> {
	if (!(await getInspection(db, scope, id))) throw new AppError('NOT_FOUND', INSPECTION_NOT_FOUND);
	await assertAgencyInScope(db, scope, v.agencyId);
	await db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('inspections')
			.select(['agency_id', 'title', 'status'])
			.where('id', '=', id)
			.forUpdate()
			.executeTakeFirstOrThrow();
		await trx.updateTable('inspections').set(columns(v)).where('id', '=', id).execute();
		await recordAudit(trx, {
			...who,
			action: 'inspection.update',
			entityType: 'inspection',
			entityId: id,
			details: {
				before: { agencyId: before.agency_id, title: before.title, status: before.status },
				after: { agencyId: v.agencyId, title: v.title, status: v.status }
			}
		});
		if (before.agency_id !== v.agencyId) await unlinkOutsideSubtree(trx, id, v.agencyId, who);
	});
}

/**
 * An inspection moved to another agency keeps only the findings of that agency's subtree: the
 * others belong to an agency it no longer inspects, whose officers must not read them here.
 */
async function unlinkOutsideSubtree(
	trx: Kysely<Database>,
	id: number,
	agencyId: number,
	who: AuditWho
): Promise<void> {
	const unlinked = await trx
		.updateTable('findings')
		.set({ inspection_id: null })
		.where('inspection_id', '=', id)
		.where((eb) =>
			eb.or([eb('agency_id', 'is', null), eb.not(inAgencySubtree(agencyId, eb.ref('agency_id')))])
		)
		.returning('id')
		.execute();
	if (!unlinked.length) return;
	await recordAudit(trx, {
		...who,
		action: 'inspection.unlink_findings',
		entityType: 'inspection',
		entityId: id,
		details: { findingIds: unlinked.map((f) => f.id), reason: 'agency_changed', agencyId }
	});
}

/** Links exactly `findingIds` (of the inspected agency's subtree) to the inspection. */
export async function setInspectionFindings(
	db: Kysely<Database>,
	scope: AgencyScope,
	id: number,
	findingIds: number[],
	who: AuditWho
): Promise<number> {
	const found = await getInspection(db, scope, id);
	if (!found) throw new AppError('NOT_FOUND', INSPECTION_NOT_FOUND);
	const { inspection } = found;
	return db.transaction().execute(async (trx) => {
		const before = await trx
			.updateTable('findings')
			.set({ inspection_id: null })
			.where('inspection_id', '=', id)
			.returning('id')
			.execute();
		let linked = 0;
		if (findingIds.length) {
			const r = await trx
				.updateTable('findings')
				.set({ inspection_id: id })
				.where('id', 'in', findingIds)
				.where(({ ref }) => inAgencySubtree(inspection.agency_id, ref('agency_id')))
				.where(({ ref }) => inScope(scope, ref('agency_id')))
				.executeTakeFirst();
			linked = Number(r.numUpdatedRows);
		}
		await recordAudit(trx, {
			...who,
			action: 'inspection.link_findings',
			entityType: 'inspection',
			entityId: id,
			details: { before: before.map((f) => f.id).sort((a, b) => a - b), findingIds, linked }
		});
		return linked;
	});
}

export async function createTraining(
	db: Kysely<Database>,
	scope: AgencyScope,
	v: TrainingInput,
	who: AuditWho
): Promise<number> {
	if (v.agencyId !== null) await assertAgencyInScope(db, scope, v.agencyId);
	return db.transaction().execute(async (trx) => {
		const r = await trx
			.insertInto('trainings')
			.values({
				title: v.title,
				held_on: v.heldOn,
				agency_id: v.agencyId,
				participants: v.participants,
				topic: v.topic
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...who,
			action: 'training.create',
			entityType: 'training',
			entityId: r.id,
			details: { title: v.title, participants: v.participants }
		});
		return r.id;
	});
}
