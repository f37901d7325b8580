// Changes of the agency tree's shape: moving an agency (with its units) under another parent, and
// merging one agency into another as the 2025 reorganisation did, either as a unit of the new
// agency or absorbed by it. One transaction each, under the tree lock, with dated events and audit.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditWho } from '../audit/from-event';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import {
	invalidFields,
	mergeAgencySchema,
	moveAgencySchema,
	parseAgencyInput,
	type MergeAgencyInput,
	type MoveAgencyInput
} from './agency-input';
import {
	activeUnits,
	codeOf,
	lockAgencyTree,
	reparentSubtree,
	requireActive,
	requireAgency,
	requireOnOrAfterCreation,
	resolveAgencyRef,
	writeAgencyEvent,
	type AgencyRow
} from './agency-store';
import { transferPeopleInPost, type TransferredPerson } from './agency-staff-transfer';

/** Inside `a`'s subtree (`a` itself included): where `a` cannot go without making a cycle. */
const within = (other: AgencyRow, a: AgencyRow) => other.path.startsWith(a.path);

/** Moves an agency, with all its units, under a new parent from an effective day. */
export async function moveAgency(
	db: Kysely<Database>,
	agencyId: number,
	input: MoveAgencyInput,
	who: AuditWho
): Promise<void> {
	const v = parseAgencyInput(moveAgencySchema, input);
	if (!v.parentId && !v.parentCode) throw invalidFields({ parentId: 'Chọn cơ quan cấp trên mới.' });
	await db.transaction().execute(async (trx) => {
		await lockAgencyTree(trx);
		const a = await requireAgency(trx, agencyId);
		requireActive(a, 'chuyển');
		if (a.parent_id === null)
			throw new AppError(
				'CONFLICT',
				`"${a.name}" là cơ quan cấp tỉnh hoặc ngoài tỉnh, không trực thuộc cơ quan nào nên không chuyển được.`
			);
		const field = v.parentId ? 'parentId' : 'parentCode';
		const parent = await resolveAgencyRef(
			trx,
			{ id: v.parentId, code: v.parentCode },
			{ id: 'parentId', code: 'parentCode' },
			'cơ quan cấp trên'
		);
		if (within(parent, a))
			throw invalidFields({
				[field]: `Không thể chuyển "${a.name}" vào chính nó hoặc vào một đơn vị trực thuộc của nó.`
			});
		if (!parent.active)
			throw invalidFields({ [field]: `"${parent.name}" đã ngừng hoạt động: chọn cơ quan đang hoạt động.` });
		if (parent.kind === 'external')
			throw invalidFields({ [field]: 'Không thể chuyển vào một cơ quan ngoài tỉnh.' });
		if (parent.id === a.parent_id)
			throw invalidFields({ [field]: `"${a.name}" đã trực thuộc "${parent.name}".` });
		await requireOnOrAfterCreation(trx, a, v.effectiveOn);

		const oldParentCode = await codeOf(trx, a.parent_id);
		const { oldPath, newPath, subtreeSize } = await reparentSubtree(trx, a, parent);
		await writeAgencyEvent(trx, who.actor, {
			agencyId: a.id,
			kind: 'moved',
			effectiveOn: v.effectiveOn,
			decisionNumber: v.decisionNumber,
			details: { parent_code: [oldParentCode, parent.code], path: [oldPath, newPath] }
		});
		await recordAudit(trx, {
			...who,
			action: 'agency.move',
			entityType: 'agency',
			entityId: a.id,
			details: {
				code: a.code,
				before: { parent_id: a.parent_id, parent_code: oldParentCode, path: oldPath },
				after: { parent_id: parent.id, parent_code: parent.code, path: newPath },
				subtreeSize,
				effectiveOn: v.effectiveOn,
				decisionNumber: v.decisionNumber
			}
		});
	});
}

export interface MergeResult {
	/** Units of an absorbed agency now under the new one (their codes). */
	unitsMoved: string[];
	people: TransferredPerson[];
}

/**
 * Merges agency `agencyId` into the target from an effective day.
 * - mode "units": it becomes a unit (kind `unit`) under the target, keeping its own units;
 * - mode "absorbed": it ends (inactive, `merged_into_id`, `ended_on`) and its active units move
 *   under the target.
 * Certificates, devices, signing events and findings stay attached to it (its history); with
 * `movePeople`, the people in post continue at the target (agency-staff-transfer.ts).
 */
export async function mergeAgency(
	db: Kysely<Database>,
	agencyId: number,
	input: MergeAgencyInput,
	who: AuditWho
): Promise<MergeResult> {
	const v = parseAgencyInput(mergeAgencySchema, input);
	if (!v.targetId && !v.targetCode)
		throw invalidFields({ targetId: 'Chọn cơ quan tiếp nhận (cơ quan mới).' });
	return db.transaction().execute(async (trx) => {
		await lockAgencyTree(trx);
		const a = await requireAgency(trx, agencyId);
		requireActive(a, 'sáp nhập');
		const field = v.targetId ? 'targetId' : 'targetCode';
		const target = await resolveAgencyRef(
			trx,
			{ id: v.targetId, code: v.targetCode },
			{ id: 'targetId', code: 'targetCode' },
			'cơ quan tiếp nhận'
		);
		if (target.id === a.id) throw invalidFields({ [field]: 'Không thể sáp nhập một cơ quan vào chính nó.' });
		if (within(target, a))
			throw invalidFields({
				[field]: `"${target.name}" là đơn vị trực thuộc của "${a.name}": không thể sáp nhập vào đơn vị trực thuộc.`
			});
		if (!target.active)
			throw invalidFields({ [field]: `"${target.name}" đã ngừng hoạt động: chọn cơ quan đang hoạt động.` });
		if (a.kind === 'external' || target.kind === 'external')
			throw invalidFields({ [field]: 'Chỉ sáp nhập giữa các cơ quan, đơn vị trong tỉnh.' });
		if (v.mode === 'units' && a.parent_id === target.id && a.kind === 'unit')
			throw invalidFields({ [field]: `"${a.name}" đã là đơn vị trực thuộc "${target.name}".` });
		await requireOnOrAfterCreation(trx, a, v.effectiveOn);
		await requireOnOrAfterCreation(trx, target, v.effectiveOn);

		const oldParentCode = await codeOf(trx, a.parent_id);
		const base = { effectiveOn: v.effectiveOn, decisionNumber: v.decisionNumber };
		const unitsMoved: string[] = [];
		let before: Record<string, unknown>;
		let after: Record<string, unknown>;
		if (v.mode === 'units') {
			const { oldPath, newPath } = await reparentSubtree(trx, a, target, 'unit');
			before = { kind: a.kind, parent_code: oldParentCode, path: oldPath, active: true };
			after = { kind: 'unit', parent_code: target.code, path: newPath, active: true };
		} else {
			const units = await activeUnits(trx, a.id);
			for (const u of units) {
				const moved = await reparentSubtree(trx, u, target);
				unitsMoved.push(u.code);
				await writeAgencyEvent(trx, who.actor, {
					...base,
					agencyId: u.id,
					kind: 'moved',
					details: {
						parent_code: [a.code, target.code],
						path: [moved.oldPath, moved.newPath],
						reason: 'merged',
						merged_into: target.code
					}
				});
			}
			await trx
				.updateTable('agencies')
				.set({ active: false, merged_into_id: target.id, ended_on: v.effectiveOn })
				.where('id', '=', a.id)
				.execute();
			before = { active: true, merged_into_code: null, ended_on: a.ended_on };
			after = { active: false, merged_into_code: target.code, ended_on: v.effectiveOn };
		}
		const people = v.movePeople
			? await transferPeopleInPost(
					trx,
					{ agencyId: a.id },
					{ agencyId: target.id },
					v.effectiveOn,
					v.decisionNumber,
					who.actor
				)
			: [];

		const pairs = Object.fromEntries(Object.keys(after).map((k) => [k, [before[k], after[k]]]));
		const summary = { mode: v.mode, units_moved: unitsMoved, people_moved: people.length };
		await writeAgencyEvent(trx, who.actor, {
			...base,
			agencyId: a.id,
			kind: 'merged',
			details: { ...pairs, merged_into: target.code, ...summary }
		});
		if (v.mode === 'absorbed')
			await writeAgencyEvent(trx, who.actor, {
				...base,
				agencyId: target.id,
				kind: 'absorbed',
				details: { absorbed: a.code, ...summary }
			});
		await recordAudit(trx, {
			...who,
			action: 'agency.merge',
			entityType: 'agency',
			entityId: a.id,
			details: {
				code: a.code,
				mode: v.mode,
				target: { id: target.id, code: target.code },
				before,
				after,
				unitsMoved,
				peopleMoved: people.map((p) => ({
					personId: p.personId,
					before: { agency_id: a.id },
					after: { agency_id: target.id },
					on: p.on
				})),
				...base
			}
		});
		return { unitsMoved, people };
	});
}
