// Writes exactly an organisation plan, inside the caller's transaction: new and changed agencies
// (with an agency_events row each, and the materialised paths of every subtree that moved), new
// and changed people with their dated posts and statuses, and the current values on `people`.
// Nothing the file does not list is touched.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { codeKey } from './organisation-rows';
import type { OrganisationPlan, PersonPlan } from './organisation-diff';
import type { AgencyRow } from './organisation-rows';
import type { FieldChange } from './types';

export interface OrganisationWriteResult {
	agencies: { created: string[]; changed: { code: string; changes: FieldChange[] }[] };
	people: { created: string[]; changed: { nationalId: string; changes: FieldChange[] }[] };
}

type AgencyFields = { name: string; short_name: string | null; kind: string; parent_code: string | null };
const fieldsOf = (r: AgencyRow): AgencyFields => ({
	name: r.name,
	short_name: r.shortName,
	kind: r.kind,
	parent_code: r.parentCode
});

/** The event details the agency pages read: each changed column as [before, after] (before null: created). */
function pairs(before: AgencyFields | null, after: AgencyFields): Record<string, [unknown, unknown]> {
	const keys = Object.keys(after) as (keyof AgencyFields)[];
	return Object.fromEntries(
		keys
			.filter((k) => !before || before[k] !== after[k])
			.map((k) => [k, [before ? before[k] : null, after[k]]])
	);
}

async function writeAgencies(
	trx: Kysely<Database>,
	plan: OrganisationPlan,
	actor: string,
	today: string,
	details: Record<string, unknown>
): Promise<Map<string, number>> {
	const rows = await trx.selectFrom('agencies').select(['id', 'code']).execute();
	const idOf = new Map(rows.map((r) => [codeKey(r.code), r.id]));
	const parentId = (code: string | null) => (code ? idOf.get(codeKey(code))! : null);
	// Parents first: a new unit may hang under a new department of the same file.
	let pending = plan.agencies.filter((a) => a.action === 'new');
	while (pending.length) {
		const ready = pending.filter((a) => !a.row.parentCode || idOf.has(codeKey(a.row.parentCode)));
		if (!ready.length) throw new Error('agency import: unresolved parents after validation');
		for (const a of ready) {
			const r = a.row;
			const inserted = await trx
				.insertInto('agencies')
				.values({
					code: r.code,
					name: r.name,
					short_name: r.shortName,
					kind: r.kind,
					parent_id: parentId(r.parentCode),
					path: '/'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			idOf.set(codeKey(r.code), inserted.id);
			await trx
				.insertInto('agency_events')
				.values({
					agency_id: inserted.id,
					kind: 'created',
					effective_on: today,
					details: JSON.stringify({ ...details, code: [null, r.code], ...pairs(null, fieldsOf(r)) }),
					recorded_by: actor
				})
				.execute();
		}
		pending = pending.filter((a) => !ready.includes(a));
	}
	for (const a of plan.agencies) {
		if (a.action !== 'changed') continue;
		const r = a.row;
		await trx
			.updateTable('agencies')
			.set({ name: r.name, short_name: r.shortName, kind: r.kind, parent_id: parentId(r.parentCode) })
			.where('id', '=', a.db!.id)
			.execute();
		const before = {
			name: a.db!.name,
			short_name: a.db!.short_name,
			kind: a.db!.kind,
			parent_code: a.dbParentCode
		};
		await trx
			.insertInto('agency_events')
			.values({
				agency_id: a.db!.id,
				kind: 'imported',
				effective_on: today,
				details: JSON.stringify({ ...details, ...pairs(before, fieldsOf(r)) }),
				recorded_by: actor
			})
			.execute();
	}
	if (plan.agencies.some((a) => a.action !== 'unchanged')) await rebuildPaths(trx);
	return idOf;
}

/** Recomputes every materialised path from parent_id and rewrites those that moved. */
async function rebuildPaths(trx: Kysely<Database>): Promise<void> {
	const all = await trx.selectFrom('agencies').select(['id', 'parent_id', 'path']).execute();
	const byId = new Map(all.map((a) => [a.id, a]));
	const computed = new Map<number, string>();
	const pathOf = (id: number): string => {
		const known = computed.get(id);
		if (known) return known;
		const a = byId.get(id)!;
		const p = `${a.parent_id ? pathOf(a.parent_id) : '/'}${id}/`;
		computed.set(id, p);
		return p;
	};
	for (const a of all) {
		const p = pathOf(a.id);
		if (p !== a.path) await trx.updateTable('agencies').set({ path: p }).where('id', '=', a.id).execute();
	}
}

async function writePerson(
	trx: Kysely<Database>,
	p: PersonPlan,
	agencyId: number,
	actor: string
): Promise<void> {
	const r = p.row;
	const current = {
		agency_id: agencyId,
		full_name: r.fullName,
		title: r.title,
		email: r.email,
		national_id: r.nationalId,
		status: r.status,
		status_since: p.statusSince
	};
	let personId: number;
	if (p.action === 'new') {
		personId = (await trx.insertInto('people').values(current).returning('id').executeTakeFirstOrThrow()).id;
	} else {
		personId = p.db!.id;
		// A corrected or unchanged status keeps the date it had unless the status itself moved.
		const statusSince = p.status === 'keep' ? p.db!.status_since : p.statusSince;
		await trx
			.updateTable('people')
			.set({ ...current, status_since: statusSince })
			.where('id', '=', personId)
			.execute();
	}
	for (const op of p.posts) {
		if (op.op === 'close')
			await trx
				.updateTable('person_positions')
				.set({ valid_to: op.validTo })
				.where('id', '=', op.postId)
				.execute();
		if (op.op === 'retitle')
			await trx
				.updateTable('person_positions')
				.set({ agency_id: agencyId, title: r.title })
				.where('id', '=', op.postId)
				.execute();
		if (op.op === 'open')
			await trx
				.insertInto('person_positions')
				.values({
					person_id: personId,
					agency_id: agencyId,
					title: r.title,
					valid_from: op.validFrom,
					valid_to: op.validTo,
					recorded_by: actor
				})
				.execute();
	}
	if (p.status === 'correct')
		await trx
			.updateTable('person_status_history')
			.set({ since: p.statusSince })
			.where('id', '=', p.latestStatus!.id)
			.execute();
	if (p.status === 'new')
		await trx
			.insertInto('person_status_history')
			.values({
				person_id: personId,
				status: r.status,
				since: p.statusSince,
				recorded_by: actor,
				note: 'Nhập từ tệp'
			})
			.execute();
}

export async function writeOrganisation(
	trx: Kysely<Database>,
	plan: OrganisationPlan,
	actor: string,
	today: string,
	details: Record<string, unknown>
): Promise<OrganisationWriteResult> {
	const idOf = await writeAgencies(trx, plan, actor, today, details);
	for (const p of plan.people)
		if (p.action !== 'unchanged') await writePerson(trx, p, idOf.get(codeKey(p.row.agencyCode))!, actor);
	return {
		agencies: {
			created: plan.agencies.filter((a) => a.action === 'new').map((a) => a.row.code),
			changed: plan.agencies
				.filter((a) => a.action === 'changed')
				.map((a) => ({ code: a.row.code, changes: a.changes }))
		},
		people: {
			created: plan.people.filter((p) => p.action === 'new').map((p) => p.row.nationalId),
			changed: plan.people
				.filter((p) => p.action === 'changed')
				.map((p) => ({ nationalId: p.row.nationalId, changes: p.changes }))
		}
	};
}
