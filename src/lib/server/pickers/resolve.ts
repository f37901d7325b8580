// Reading back what a picker field holds: the value of a picked choice ("Nguyễn Văn An (#12)"),
// a bare record number, or, without JavaScript, a name typed by hand, which must then match
// exactly one person (accents and case aside) in the user's scope and the chosen agency.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import { foldForSearch } from '../../search/fold';
import { AppError } from '../../errors';

export interface PickedPerson {
	id: number;
	full_name: string;
	agency_id: number;
	status: string;
}

/** The record number in a picked value ("… (#12)", "#12", "12"), or null for a typed name. */
export function pickedId(text: string): number | null {
	// A name that merely ends in digits is not a number: only "#12", "(#12)" or "12" alone are.
	const m = /^#?(\d{1,9})$|\(#(\d{1,9})\)$|\s#(\d{1,9})$/.exec(text.trim());
	return m ? Number(m[1] ?? m[2] ?? m[3]) : null;
}

/**
 * The person `text` names, within `scope` and agency `agencyId`'s subtree; an AppError on
 * `field` naming what is wrong (no one, several people of that name, outside the agency).
 */
export async function resolvePerson(
	db: Kysely<Database>,
	scope: AgencyScope,
	agencyId: number,
	text: string,
	field: string,
	what: string
): Promise<PickedPerson> {
	const invalid = (message: string) => new AppError('INVALID_INPUT', message, { field });
	const base = db
		.selectFrom('people as p')
		.select(['p.id', 'p.full_name', 'p.agency_id', 'p.status'])
		.where(({ ref }) => inScope(scope, ref('p.agency_id')));
	const id = pickedId(text);
	if (id !== null) {
		const person = await base.where('p.id', '=', id).executeTakeFirst();
		if (!person) throw invalid(`Không tìm thấy ${what} "${text.trim()}" trong phạm vi của bạn.`);
		const inAgency = await db
			.selectFrom('people as p')
			.select('p.id')
			.where('p.id', '=', id)
			.where(({ ref }) => inAgencySubtree(agencyId, ref('p.agency_id')))
			.executeTakeFirst();
		if (!inAgency) throw invalid(`${capitalise(what)} ${person.full_name} không thuộc cơ quan đã chọn.`);
		return person;
	}
	const folded = foldForSearch(text.trim().replace(/\s+/g, ' '));
	const rows = await base
		.where(({ ref }) => inAgencySubtree(agencyId, ref('p.agency_id')))
		.where(sql<boolean>`kk_fold(p.full_name) = ${folded}`)
		.orderBy('p.id')
		.limit(5)
		.execute();
	if (!rows.length)
		throw invalid(
			`Không tìm thấy ${what} tên "${text.trim()}" trong cơ quan đã chọn: chọn trong danh sách gợi ý.`
		);
	if (rows.length > 1)
		throw invalid(
			`Cơ quan đã chọn có ${rows.length} người tên "${text.trim()}": chọn đúng người trong danh sách gợi ý (có số #).`
		);
	return rows[0]!;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
