// The province's agencies kept in the dashboard: create, rename and dissolve here; move and merge in
// agency-changes.ts; the history in agency-history.ts. Every change is one transaction holding the
// tree lock, with a dated agency_events row (what changed, before and after) and an audit entry.
// Agencies are never deleted, so what was signed under an agency stays attached to it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditWho } from '../audit/from-event';
import { recordAudit } from '../audit/log';
import { AppError } from '../../errors';
import {
	createAgencySchema,
	dissolveAgencySchema,
	invalidFields,
	parseAgencyInput,
	renameAgencySchema,
	type CreateAgencyInput,
	type DissolveAgencyInput,
	type FieldErrors,
	type RenameAgencyInput
} from './agency-input';
import {
	activeUnits,
	codeOf,
	findAgency,
	lockAgencyTree,
	requireActive,
	requireAgency,
	requireOnOrAfterCreation,
	writeAgencyEvent,
	type AgencyRow
} from './agency-store';

export { moveAgency, mergeAgency } from './agency-changes';
export { agencyHistory, type AgencyHistoryEntry } from './agency-history';

const isRootKind = (kind: string) => kind === 'province' || kind === 'external';

export interface AgencyChoice {
	id: number;
	code: string;
	name: string;
	depth: number;
}

/**
 * The agencies a form may attach something new to: active ones inside the province, in tree order.
 * `excludeSubtreeOf` leaves out an agency and its units (a move or merge cannot go there).
 */
export async function agencyChoices(
	db: Kysely<Database>,
	options: { excludeSubtreeOf?: string } = {}
): Promise<AgencyChoice[]> {
	let q = db
		.selectFrom('agencies')
		.select(['id', 'code', 'name', 'path'])
		.where('active', '=', true)
		.where('kind', '<>', 'external')
		.orderBy('path');
	if (options.excludeSubtreeOf) q = q.where('path', 'not like', `${options.excludeSubtreeOf}%`);
	return treeOrder(await q.execute());
}

/** Depth-first with siblings by name, as the agency list shows them (path order sorts by id). */
function treeOrder(rows: { id: number; code: string; name: string; path: string }[]): AgencyChoice[] {
	const parentOf = (path: string) => Number(path.split('/').filter(Boolean).at(-2) ?? 0);
	const present = new Set(rows.map((r) => r.id));
	const children = new Map<number, typeof rows>();
	for (const r of rows) {
		// A row whose parent is not listed (ended, or excluded) is shown at the top level.
		const parent = present.has(parentOf(r.path)) ? parentOf(r.path) : 0;
		children.set(parent, [...(children.get(parent) ?? []), r]);
	}
	const out: AgencyChoice[] = [];
	const visit = (parent: number, depth: number) => {
		for (const r of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
			out.push({ id: r.id, code: r.code, name: r.name, depth });
			visit(r.id, depth + 1);
		}
	};
	visit(0, 0);
	return out;
}

/** Creates an agency; returns its id. */
export async function createAgency(
	db: Kysely<Database>,
	input: CreateAgencyInput,
	who: AuditWho
): Promise<number> {
	const v = parseAgencyInput(createAgencySchema, input);
	return db.transaction().execute(async (trx) => {
		await lockAgencyTree(trx);
		const fields: FieldErrors = {};
		if (await findAgency(trx, { code: v.code }))
			fields.code = `Mã cơ quan "${v.code}" đã được dùng cho một cơ quan khác.`;
		const parentField = v.parentId ? 'parentId' : 'parentCode';
		let parent: AgencyRow | undefined;
		if (isRootKind(v.kind)) {
			if (v.parentId || v.parentCode)
				fields[parentField] =
					'Cơ quan cấp tỉnh hoặc ngoài tỉnh không trực thuộc cơ quan nào: bỏ trống ô này.';
		} else if (!v.parentId && !v.parentCode) {
			fields.parentId = 'Chọn cơ quan cấp trên.';
		} else {
			parent = await findAgency(trx, { id: v.parentId, code: v.parentCode });
			if (!parent)
				fields[parentField] = v.parentId
					? 'Không tìm thấy cơ quan cấp trên đã chọn.'
					: `Không có cơ quan cấp trên mã "${v.parentCode}".`;
			else if (!parent.active)
				fields[parentField] = `"${parent.name}" đã ngừng hoạt động: chọn cơ quan cấp trên đang hoạt động.`;
		}
		if (Object.keys(fields).length > 0) throw invalidFields(fields);

		const row = await trx
			.insertInto('agencies')
			.values({
				code: v.code,
				name: v.name,
				short_name: v.shortName,
				kind: v.kind,
				parent_id: parent?.id ?? null,
				path: ''
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const path = `${parent?.path ?? '/'}${row.id}/`;
		await trx.updateTable('agencies').set({ path }).where('id', '=', row.id).execute();
		const after = {
			code: v.code,
			name: v.name,
			short_name: v.shortName,
			kind: v.kind,
			parent_code: parent?.code ?? null,
			path
		};
		await writeAgencyEvent(trx, who.actor, {
			agencyId: row.id,
			kind: 'created',
			effectiveOn: v.effectiveOn,
			decisionNumber: v.decisionNumber,
			details: Object.fromEntries(Object.entries(after).map(([k, value]) => [k, [null, value]]))
		});
		await recordAudit(trx, {
			...who,
			action: 'agency.create',
			entityType: 'agency',
			entityId: row.id,
			details: { before: null, after, effectiveOn: v.effectiveOn, decisionNumber: v.decisionNumber }
		});
		return row.id;
	});
}

/** Renames an agency (full and short name) from an effective day. */
export async function renameAgency(
	db: Kysely<Database>,
	agencyId: number,
	input: RenameAgencyInput,
	who: AuditWho
): Promise<void> {
	const v = parseAgencyInput(renameAgencySchema, input);
	await db.transaction().execute(async (trx) => {
		await lockAgencyTree(trx);
		const a = await requireAgency(trx, agencyId);
		requireActive(a, 'đổi tên');
		if (a.name === v.name && a.short_name === v.shortName)
			throw invalidFields({ name: 'Tên và tên viết tắt mới trùng với tên hiện tại.' });
		await requireOnOrAfterCreation(trx, a, v.effectiveOn);
		await trx
			.updateTable('agencies')
			.set({ name: v.name, short_name: v.shortName })
			.where('id', '=', a.id)
			.execute();
		await writeAgencyEvent(trx, who.actor, {
			agencyId: a.id,
			kind: 'renamed',
			effectiveOn: v.effectiveOn,
			decisionNumber: v.decisionNumber,
			details: { name: [a.name, v.name], short_name: [a.short_name, v.shortName] }
		});
		await recordAudit(trx, {
			...who,
			action: 'agency.rename',
			entityType: 'agency',
			entityId: a.id,
			details: {
				code: a.code,
				before: { name: a.name, short_name: a.short_name },
				after: { name: v.name, short_name: v.shortName },
				effectiveOn: v.effectiveOn,
				decisionNumber: v.decisionNumber
			}
		});
	});
}

/**
 * Dissolves an agency from an effective day: it becomes inactive and ends on that day. Refused while
 * it has active units (they are moved, merged or dissolved first). Its people, certificates and
 * devices stay attached to it, as its history.
 */
export async function dissolveAgency(
	db: Kysely<Database>,
	agencyId: number,
	input: DissolveAgencyInput,
	who: AuditWho
): Promise<void> {
	const v = parseAgencyInput(dissolveAgencySchema, input);
	await db.transaction().execute(async (trx) => {
		await lockAgencyTree(trx);
		const a = await requireAgency(trx, agencyId);
		requireActive(a, 'giải thể');
		const units = await activeUnits(trx, a.id);
		if (units.length > 0) {
			const names = units.slice(0, 3).map((u) => `"${u.name}"`);
			if (units.length > 3) names.push(`và ${units.length - 3} đơn vị khác`);
			throw new AppError(
				'CONFLICT',
				`"${a.name}" còn ${units.length} đơn vị trực thuộc đang hoạt động (${names.join(', ')}): chuyển, sáp nhập hoặc giải thể các đơn vị này trước.`
			);
		}
		await requireOnOrAfterCreation(trx, a, v.effectiveOn);
		await trx
			.updateTable('agencies')
			.set({ active: false, ended_on: v.effectiveOn })
			.where('id', '=', a.id)
			.execute();
		await writeAgencyEvent(trx, who.actor, {
			agencyId: a.id,
			kind: 'dissolved',
			effectiveOn: v.effectiveOn,
			decisionNumber: v.decisionNumber,
			details: { active: [true, false], ended_on: [a.ended_on, v.effectiveOn] }
		});
		await recordAudit(trx, {
			...who,
			action: 'agency.dissolve',
			entityType: 'agency',
			entityId: a.id,
			details: {
				code: a.code,
				parent_code: await codeOf(trx, a.parent_id),
				before: { active: true, ended_on: a.ended_on },
				after: { active: false, ended_on: v.effectiveOn },
				decisionNumber: v.decisionNumber
			}
		});
	});
}
