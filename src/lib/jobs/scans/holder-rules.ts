// The dated conditions of the misuse rules on who may use a certificate, as SQL over the aliases the
// scan queries use (c: certificates, p: the holder in people). Each takes a day range [from, to]: the
// per-event rules pass the signing day twice; the candidate groups pass their first and last day, and
// then a condition holding over the range is one holding on every day of it (a candidate only when
// it may fail on some day, which the per-event rules then decide).
import { sql, type RawBuilder } from 'kysely';

const norm = (x: RawBuilder<unknown>) => sql`lower(btrim(${x}))`;

/**
 * The acting title is one the certificate states, or one of the holder's posts valid over the whole
 * range (a title change on day d makes the old title wrong from d on), or, on days the holder has
 * no recorded post (people without history, before the first or after the last post), the holder's
 * current title.
 */
export function titleHeld(
	title: RawBuilder<unknown>,
	from: RawBuilder<unknown>,
	to: RawBuilder<unknown>
): RawBuilder<boolean> {
	return sql<boolean>`(${norm(title)} = ${norm(sql`coalesce(c.stated_title, '')`)}
		or exists (select 1 from person_positions pp where pp.person_id = c.person_id
			and pp.valid_from <= ${from} and (pp.valid_to is null or pp.valid_to >= ${to})
			and ${norm(sql`pp.title`)} = ${norm(title)})
		or (${norm(title)} = ${norm(sql`coalesce(p.title, '')`)}
			and not exists (select 1 from person_positions pp where pp.person_id = c.person_id
				and pp.valid_from <= ${to} and (pp.valid_to is null or pp.valid_to >= ${from}))))`;
}

/**
 * The acting person may use the organisation certificate over the whole range: a clerk of its
 * agency appointed then (Điều 8.3), or the holder of a written delegation for this certificate
 * valid then (Điều 17.2). Appointments and delegations count their first and last day.
 */
export function mayUseOrgCertificate(
	person: RawBuilder<unknown>,
	from: RawBuilder<unknown>,
	to: RawBuilder<unknown>
): RawBuilder<boolean> {
	return sql<boolean>`(exists (select 1 from clerk_appointments ap where ap.agency_id = c.agency_id
			and ap.person_id = ${person}
			and ap.appointed_on <= ${from} and (ap.ended_on is null or ap.ended_on >= ${to}))
		or exists (select 1 from certificate_delegations dg where dg.certificate_id = c.id
			and dg.person_id = ${person}
			and dg.valid_from <= ${from} and (dg.valid_to is null or dg.valid_to >= ${to})))`;
}
