// Adoption of digital signing, read from the roll-ups the triggers keep (certificate_daily_use,
// certificate_last_use, the signing summaries), never from the raw events: how many of today's
// active certificates signed in a span, which have been dormant for N days (90 by default, the
// setting overview.dormant), and each agency's
// standing (active certificates, how many of them signed, documents signed).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { summaryRows } from '../signing/summary-source';
import type { DaySpan } from '../../time/periods';
import { DAY_MS } from '../../time/vietnam';

/** A certificate is dormant when it has been valid this long and signed nothing in it (the default). */
export const DORMANT_DAYS = 90;

/** Today's active certificates in scope. */
export async function activeCertificateCount(db: Kysely<Database>, scope: AgencyScope): Promise<number> {
	const r = await db
		.selectFrom('certificates as c')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('c.status', '=', 'active')
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.executeTakeFirstOrThrow();
	return r.n;
}

/** How many of today's active certificates in scope signed at least once in the span. */
export async function usedCertificateCount(
	db: Kysely<Database>,
	scope: AgencyScope,
	span: DaySpan
): Promise<number> {
	const r = await db
		.selectFrom('certificates as c')
		.select(sql<number>`count(*)::int`.as('n'))
		.where('c.status', '=', 'active')
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('certificate_daily_use as u')
					.select(sql.lit(1).as('one'))
					.whereRef('u.certificate_id', '=', 'c.id')
					.where('u.day', '>=', span.from)
					.where('u.day', '<=', span.to)
					.where('u.n', '>', 0)
			)
		)
		.executeTakeFirstOrThrow();
	return r.n;
}

export interface AgencyTally {
	agency_id: number | null;
	agency_name: string | null;
	n: number;
}

/** Active certificates valid for DORMANT_DAYS that signed nothing in them: the count, and per agency (most first). */
export async function dormantCertificates(
	db: Kysely<Database>,
	scope: AgencyScope,
	now = new Date(),
	days = DORMANT_DAYS
): Promise<{ total: number; byAgency: AgencyTally[] }> {
	const since = new Date(now.getTime() - days * DAY_MS);
	const rows = await db
		.selectFrom('certificates as c')
		.leftJoin('certificate_last_use as l', 'l.certificate_id', 'c.id')
		.leftJoin('agencies as a', 'a.id', 'c.agency_id')
		.select(['c.agency_id', 'a.name as agency_name', sql<number>`count(*)::int`.as('n')])
		.where('c.status', '=', 'active')
		.where('c.not_before', '<=', since)
		.where((eb) => eb.or([eb('l.last_signed_at', 'is', null), eb('l.last_signed_at', '<', since)]))
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.groupBy(['c.agency_id', 'a.name'])
		.orderBy('n', 'desc')
		.orderBy('a.name')
		.execute();
	return { total: rows.reduce((s, r) => s + r.n, 0), byAgency: rows };
}

export interface AgencyStanding {
	agency_id: number;
	agency_name: string;
	/** Active certificates held today. */
	active: number;
	/** Of those, how many signed in the span. */
	used: number;
	/** Documents signed in the span (monthly and daily summaries, by the signing certificate's agency). */
	signed: number;
}

/** Every agency in scope that holds active certificates, with its use in the span. */
export async function agencyStandings(
	db: Kysely<Database>,
	scope: AgencyScope,
	span: DaySpan
): Promise<AgencyStanding[]> {
	// Documents signed per agency: monthly rows for the span's whole months, daily for the rest.
	const docs = summaryRows(db, scope, { bucket: 'month' }, span, { byAgency: true, agencyTotals: true })
		.select(['s.agency_id', sql<number>`sum(s.n)::int`.as('signed')])
		.groupBy('s.agency_id');
	const { rows } = await sql<AgencyStanding>`
		with held as (
			select c.agency_id, count(*)::int as active,
				count(*) filter (where exists (
					select 1 from certificate_daily_use u
					where u.certificate_id = c.id and u.day >= ${span.from}::date and u.day <= ${span.to}::date and u.n > 0
				))::int as used
			from certificates c
			where c.status = 'active' and c.agency_id is not null and ${inScope(scope, sql.ref('c.agency_id'))}
			group by c.agency_id
		),
		docs as (${docs})
		select h.agency_id, a.name as agency_name, h.active, h.used, coalesce(d.signed, 0)::int as signed
		from held h join agencies a on a.id = h.agency_id left join docs d on d.agency_id = h.agency_id
		order by a.name`.execute(db);
	return rows;
}

/** used / active, 0 when there is nothing active. */
export const usageShare = (used: number, active: number) => (active > 0 ? used / active : 0);

export interface AgencyRanking {
	/** Highest share of certificates used first (then documents signed). */
	top: AgencyStanding[];
	/** The ten lowest, lowest first. */
	bottom: AgencyStanding[];
	/** Agencies holding active certificates that signed nothing in the span. */
	silent: AgencyStanding[];
	/** Every agency, best first (the workbook's table). */
	all: AgencyStanding[];
}

export function rankAgencies(rows: AgencyStanding[], size = 10): AgencyRanking {
	const all = [...rows].sort(
		(a, b) =>
			usageShare(b.used, b.active) - usageShare(a.used, a.active) ||
			b.signed - a.signed ||
			a.agency_name.localeCompare(b.agency_name, 'vi')
	);
	return {
		top: all.slice(0, size),
		bottom: all.slice(-size).reverse(),
		silent: all.filter((r) => r.signed === 0),
		all
	};
}

/** Open findings in scope by legal basis (article), most first. */
export async function openFindingsByArticle(
	db: Kysely<Database>,
	scope: AgencyScope
): Promise<{ legal_basis: string; n: number }[]> {
	return db
		.selectFrom('findings as f')
		.select(['f.legal_basis', sql<number>`count(*)::int`.as('n')])
		.where('f.status', '<>', 'resolved')
		.where(({ ref }) => inScope(scope, ref('f.agency_id')))
		.groupBy('f.legal_basis')
		.orderBy('n', 'desc')
		.orderBy('f.legal_basis')
		.execute();
}
