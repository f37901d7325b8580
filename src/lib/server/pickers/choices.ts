// What the searchable pickers of the forms offer (people, certificates, key devices), limited to the
// asking user's agencies and optionally to one agency's subtree. The search is accent- and
// case-insensitive (kk_fold, src/lib/server/db/search.ts): "nguyen" finds "Nguyễn". Each choice's
// `value` is what the form field receives and what resolve.ts reads back, so a value typed by hand
// (a serial, "Name (#12)") works the same without JavaScript.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inAgencySubtree, inScope } from '../scope';
import { foldedLike, foldedPattern } from '../db/search';
import { formatDate } from '../../time/vietnam';
import { valueLabel } from '../../i18n/values';
import type { Lang } from '../../i18n/catalogue';

/** At most this many choices per answer: a picker narrows by typing, it does not page. */
export const CHOICE_LIMIT = 20;

export interface Choice {
	/** What the field receives when the choice is picked. */
	value: string;
	/** The words beside it: title, agency, status. */
	label: string;
}

export interface ChoiceQuery {
	q: string;
	/** Only this agency's subtree (the form's chosen agency); null: the whole scope. */
	agencyId: number | null;
}

/** A person's value in a picker: the name, then the record number that makes it unambiguous. */
export const personValue = (p: { id: number; full_name: string }) => `${p.full_name} (#${p.id})`;

export async function personChoices(
	db: Kysely<Database>,
	scope: AgencyScope,
	query: ChoiceQuery,
	lang: Lang
): Promise<Choice[]> {
	let q = db
		.selectFrom('people as p')
		.innerJoin('agencies as a', 'a.id', 'p.agency_id')
		.select(['p.id', 'p.full_name', 'p.title', 'p.status', 'a.name as agency_name', 'a.short_name'])
		.where(({ ref }) => inScope(scope, ref('p.agency_id')));
	if (query.agencyId !== null) q = q.where(({ ref }) => inAgencySubtree(query.agencyId!, ref('p.agency_id')));
	const pattern = foldedPattern(query.q);
	const id = /^#?(\d{1,9})$/.exec(query.q.trim());
	if (id) q = q.where('p.id', '=', Number(id[1]));
	else if (pattern) q = q.where(({ ref }) => foldedLike(ref('p.full_name'), pattern));
	const rows = await q
		// People in post first, then by name.
		.orderBy(sql`case when p.status = 'active' then 0 else 1 end`)
		.orderBy(sql`kk_fold(p.full_name)`)
		.orderBy('p.id')
		.limit(CHOICE_LIMIT)
		.execute();
	return rows.map((r) => ({
		value: personValue({ id: r.id, full_name: r.full_name }),
		label: [
			r.title,
			r.short_name || r.agency_name,
			r.status === 'active' ? '' : valueLabel(lang, 'personStatus', r.status)
		]
			.filter(Boolean)
			.join(' · ')
	}));
}

export async function certificateChoices(
	db: Kysely<Database>,
	scope: AgencyScope,
	query: ChoiceQuery,
	lang: Lang
): Promise<Choice[]> {
	let q = db
		.selectFrom('certificates as c')
		.leftJoin('people as p', 'p.id', 'c.person_id')
		.leftJoin('agencies as a', 'a.id', 'c.agency_id')
		.select([
			'c.id',
			'c.serial_number',
			'c.subject_cn',
			'c.status',
			'c.not_after',
			'p.full_name',
			'a.name as agency_name',
			'a.short_name'
		])
		.where(({ ref }) => inScope(scope, ref('c.agency_id')));
	if (query.agencyId !== null) q = q.where(({ ref }) => inAgencySubtree(query.agencyId!, ref('c.agency_id')));
	const pattern = foldedPattern(query.q);
	if (pattern) {
		const key = query.q.trim().replace(/[:\s]/g, '').toLowerCase();
		q = q.where((eb) =>
			eb.or([
				foldedLike(eb.ref('c.subject_cn'), pattern),
				foldedLike(eb.ref('p.full_name'), pattern),
				eb('c.serial_number', 'like', `${key.replace(/[\\%_]/g, '')}%`),
				eb('c.fingerprint_sha256', '=', key)
			])
		);
	}
	const rows = await q
		// Active certificates first, the latest to expire first among them.
		.orderBy(sql`case when c.status = 'active' then 0 else 1 end`)
		.orderBy('c.not_after', 'desc')
		.orderBy('c.id')
		.limit(CHOICE_LIMIT)
		.execute();
	return rows.map((r) => ({
		value: r.serial_number,
		label: [
			r.subject_cn,
			r.full_name && r.full_name !== r.subject_cn ? r.full_name : '',
			r.short_name || r.agency_name,
			`${valueLabel(lang, 'certStatus', r.status)} ${formatDate(r.not_after)}`
		]
			.filter(Boolean)
			.join(' · ')
	}));
}

export async function deviceChoices(
	db: Kysely<Database>,
	scope: AgencyScope,
	query: ChoiceQuery,
	lang: Lang
): Promise<Choice[]> {
	let q = db
		.selectFrom('tokens as t')
		.innerJoin('token_holdings as h', 'h.token_id', 't.id')
		.leftJoin('people as p', 'p.id', 'h.holder_person_id')
		.leftJoin('agencies as a', 'a.id', 'h.holder_agency_id')
		.select(['t.id', 't.serial', 'h.status', 'p.full_name', 'a.name as agency_name', 'a.short_name'])
		.where(({ ref }) => inScope(scope, ref('h.holder_agency_id')));
	if (query.agencyId !== null)
		q = q.where(({ ref }) => inAgencySubtree(query.agencyId!, ref('h.holder_agency_id')));
	const pattern = foldedPattern(query.q);
	if (pattern)
		q = q.where((eb) =>
			eb.or([foldedLike(eb.ref('t.serial'), pattern), foldedLike(eb.ref('p.full_name'), pattern)])
		);
	const rows = await q
		// Locked devices first: the usual reason to name one is its recovery.
		.orderBy(sql`case when h.status = 'locked' then 0 else 1 end`)
		.orderBy('t.serial')
		.limit(CHOICE_LIMIT)
		.execute();
	return rows.map((r) => ({
		value: r.serial,
		label: [r.full_name ?? '', r.short_name || r.agency_name, valueLabel(lang, 'tokenStatus', r.status)]
			.filter(Boolean)
			.join(' · ')
	}));
}
