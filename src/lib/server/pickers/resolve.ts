// Reading back what a picker field holds: the value of a picked choice ("Nguyễn Văn An (#12)"),
// a bare record number, or, without JavaScript, a name typed by hand, which must then match
// exactly one person (accents and case aside) in the user's scope and the chosen agency.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import { foldForSearch } from '../../search/fold';
import { pickedId } from '../../search/picked-id';
import { AppError } from '../../errors';
import { personValue } from './choices';

export { pickedId };

export interface PickedPerson {
	id: number;
	full_name: string;
	agency_id: number;
	status: string;
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

/** A certificate's id by serial or SHA-256 fingerprint (colons, spaces, case aside) within scope; null if none or several. */
export async function certificateIdByKey(
	db: Kysely<Database>,
	scope: AgencyScope,
	text: string
): Promise<number | null> {
	const key = text.replace(/[:\s]/g, '').toLowerCase();
	if (!key) return null;
	const rows = await db
		.selectFrom('certificates')
		.select('id')
		.where((eb) => eb.or([eb('fingerprint_sha256', '=', key), eb('serial_number', '=', key)]))
		.where(({ ref }) => inScope(scope, ref('agency_id')))
		.limit(2)
		.execute();
	return rows.length === 1 ? rows[0]!.id : null;
}

/** What the filters' pickers show for the ids in a query: the certificate's serial, the person's "Name (#id)". */
export async function pickerShown(
	db: Kysely<Database>,
	scope: AgencyScope,
	ids: { certificate?: number; person?: number }
): Promise<{ certificate: string; person: string }> {
	const [cert, person] = await Promise.all([
		ids.certificate
			? db
					.selectFrom('certificates')
					.select('serial_number')
					.where('id', '=', ids.certificate)
					.where(({ ref }) => inScope(scope, ref('agency_id')))
					.executeTakeFirst()
			: undefined,
		ids.person
			? db
					.selectFrom('people')
					.select(['id', 'full_name'])
					.where('id', '=', ids.person)
					.where(({ ref }) => inScope(scope, ref('agency_id')))
					.executeTakeFirst()
			: undefined
	]);
	return {
		certificate: cert?.serial_number ?? (ids.certificate ? String(ids.certificate) : ''),
		person: person ? personValue(person) : ids.person ? String(ids.person) : ''
	};
}
