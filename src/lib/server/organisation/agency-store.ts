// The steps every change of the agency tree shares: one lock for the tree, reading an agency,
// resolving a reference to another one, moving a subtree (its materialised paths) and writing the
// dated agency_events row. Each takes the caller's transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { formatDate } from '../../i18n/format';
import { invalidFields } from './agency-input';

/** Any constant works as long as every writer of the tree uses it; this one spells "KKAGNC". */
const TREE_LOCK_KEY = 0x4b4b41474e43;

/**
 * Serialises changes of the tree (a move checks for cycles against paths another move could be
 * rewriting). Held until the transaction ends; every writer of agencies (the organisation import
 * too) should take it.
 */
export async function lockAgencyTree(trx: Kysely<Database>): Promise<void> {
	await sql`select pg_advisory_xact_lock(${TREE_LOCK_KEY}::bigint)`.execute(trx);
}

export interface AgencyRow {
	id: number;
	code: string;
	name: string;
	short_name: string | null;
	kind: Database['agencies']['kind'];
	parent_id: number | null;
	path: string;
	active: boolean;
	merged_into_id: number | null;
	ended_on: string | null;
}

const COLUMNS = [
	'id',
	'code',
	'name',
	'short_name',
	'kind',
	'parent_id',
	'path',
	'active',
	'merged_into_id',
	'ended_on'
] as const;

export async function findAgency(
	trx: Kysely<Database>,
	ref: { id?: number | null; code?: string | null }
): Promise<AgencyRow | undefined> {
	if (ref.id) return trx.selectFrom('agencies').select(COLUMNS).where('id', '=', ref.id).executeTakeFirst();
	if (ref.code)
		return trx.selectFrom('agencies').select(COLUMNS).where('code', '=', ref.code).executeTakeFirst();
	return undefined;
}

/** The active agencies directly under `parentId`, by code. */
export async function activeUnits(trx: Kysely<Database>, parentId: number): Promise<AgencyRow[]> {
	return trx
		.selectFrom('agencies')
		.select(COLUMNS)
		.where('parent_id', '=', parentId)
		.where('active', '=', true)
		.orderBy('code')
		.execute();
}

export async function requireAgency(trx: Kysely<Database>, id: number): Promise<AgencyRow> {
	const a = await findAgency(trx, { id });
	if (!a) throw new AppError('NOT_FOUND', 'Không tìm thấy cơ quan, đơn vị.');
	return a;
}

/** A change to an agency that has ended (merged away or dissolved) is refused: its history is closed. */
export function requireActive(a: AgencyRow, what: string): void {
	if (!a.active)
		throw new AppError(
			'CONFLICT',
			`"${a.name}" đã ngừng hoạt động${a.ended_on ? ` từ ${formatDate(a.ended_on)}` : ''}: không thể ${what}.`
		);
}

/**
 * The agency another field names (by id from a form, by code from an import), or a field error.
 * `field` is the form field the error belongs to; the id field wins when both are given.
 */
export async function resolveAgencyRef(
	trx: Kysely<Database>,
	ref: { id: number | null; code: string | null },
	fields: { id: string; code: string },
	what: string
): Promise<AgencyRow> {
	const a = await findAgency(trx, ref);
	if (a) return a;
	if (ref.id) throw invalidFields({ [fields.id]: `Không tìm thấy ${what} đã chọn.` });
	throw invalidFields({ [fields.code]: `Không có ${what} mã "${ref.code}".` });
}

/** The effective day of an agency's creation, when the dashboard recorded it. */
async function createdOn(trx: Kysely<Database>, agencyId: number): Promise<string | undefined> {
	const row = await trx
		.selectFrom('agency_events')
		.select('effective_on')
		.where('agency_id', '=', agencyId)
		.where('kind', '=', 'created')
		.orderBy('effective_on')
		.limit(1)
		.executeTakeFirst();
	return row?.effective_on;
}

/** Refuses an event dated before the agency existed (a typing slip in the year, usually). */
export async function requireOnOrAfterCreation(
	trx: Kysely<Database>,
	a: AgencyRow,
	effectiveOn: string
): Promise<void> {
	const created = await createdOn(trx, a.id);
	if (created && effectiveOn < created)
		throw invalidFields({
			effectiveOn: `Ngày hiệu lực phải từ ngày thành lập "${a.name}" (${formatDate(created)}) trở về sau.`
		});
}

export async function codeOf(trx: Kysely<Database>, id: number | null): Promise<string | null> {
	if (id === null) return null;
	const row = await trx.selectFrom('agencies').select('code').where('id', '=', id).executeTakeFirst();
	return row?.code ?? null;
}

/**
 * Puts `a` under `parent` and rewrites the materialised path of `a` and of its whole subtree
 * ("/1/7/42/" → "/1/9/42/", "/1/7/42/50/" → "/1/9/42/50/"), as the seed builds paths:
 * parent's path + own id + "/". `kind` changes in the same statement, because the table's check
 * ties a missing parent to the root kinds.
 */
export async function reparentSubtree(
	trx: Kysely<Database>,
	a: AgencyRow,
	parent: AgencyRow,
	kind: AgencyRow['kind'] = a.kind
): Promise<{ oldPath: string; newPath: string; subtreeSize: number }> {
	const oldPath = a.path;
	const newPath = `${parent.path}${a.id}/`;
	await trx.updateTable('agencies').set({ parent_id: parent.id, kind }).where('id', '=', a.id).execute();
	const moved = await trx
		.updateTable('agencies')
		.set({ path: sql<string>`${newPath}::text || substr(path, ${oldPath.length + 1}::int)` })
		.where('path', 'like', `${oldPath}%`)
		.executeTakeFirst();
	return { oldPath, newPath, subtreeSize: Number(moved.numUpdatedRows) };
}

export interface AgencyEventInput {
	agencyId: number;
	kind: Database['agency_events']['kind'];
	effectiveOn: string;
	decisionNumber: string | null;
	/** What changed, as [before, after] pairs where it applies: {name: ['Sở A', 'Sở B']}. */
	details: Record<string, unknown>;
}

export async function writeAgencyEvent(
	trx: Kysely<Database>,
	recordedBy: string,
	e: AgencyEventInput
): Promise<void> {
	await trx
		.insertInto('agency_events')
		.values({
			agency_id: e.agencyId,
			kind: e.kind,
			effective_on: e.effectiveOn,
			decision_number: e.decisionNumber,
			details: JSON.stringify(e.details),
			recorded_by: recordedBy
		})
		.execute();
}
