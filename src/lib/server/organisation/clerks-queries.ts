// What the certificate page shows about who may use an organisation certificate: the agency's clerk
// appointments (those recorded on this certificate and the agency-wide ones), the written delegations,
// and the people a form may pick. The caller has already checked the certificate is in scope.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { inAgencySubtree } from '../scope';

export interface ClerkRow {
	id: number;
	person_id: number;
	full_name: string;
	title: string;
	appointed_on: string;
	ended_on: string | null;
	decision_number: string | null;
	certificate_id: number | null;
	recorded_by: string | null;
}

export interface DelegationRow {
	id: number;
	person_id: number;
	full_name: string;
	title: string;
	granted_by: string | null;
	decision_number: string;
	scope: string;
	valid_from: string;
	valid_to: string | null;
	recorded_by: string;
}

export interface PersonOption {
	id: number;
	full_name: string;
	title: string;
	agency_id: number;
}

export async function certificateUsers(
	db: Kysely<Database>,
	cert: { id: number; agency_id: number | null }
): Promise<{ clerks: ClerkRow[]; delegations: DelegationRow[] }> {
	const clerks =
		cert.agency_id === null
			? []
			: await db
					.selectFrom('clerk_appointments as ap')
					.innerJoin('people as p', 'p.id', 'ap.person_id')
					.select([
						'ap.id',
						'ap.person_id',
						'p.full_name',
						'p.title',
						'ap.appointed_on',
						'ap.ended_on',
						'ap.decision_number',
						'ap.certificate_id',
						'ap.recorded_by'
					])
					.where('ap.agency_id', '=', cert.agency_id)
					.where((eb) => eb.or([eb('ap.certificate_id', 'is', null), eb('ap.certificate_id', '=', cert.id)]))
					.orderBy('ap.appointed_on', 'desc')
					.orderBy('ap.id', 'desc')
					.execute();
	const delegations = await db
		.selectFrom('certificate_delegations as d')
		.innerJoin('people as p', 'p.id', 'd.person_id')
		.leftJoin('people as g', 'g.id', 'd.granted_by_person_id')
		.select([
			'd.id',
			'd.person_id',
			'p.full_name',
			'p.title',
			'g.full_name as granted_by',
			'd.decision_number',
			'd.scope',
			'd.valid_from',
			'd.valid_to',
			'd.recorded_by'
		])
		.where('d.certificate_id', '=', cert.id)
		.orderBy('d.valid_from', 'desc')
		.orderBy('d.id', 'desc')
		.execute();
	return { clerks, delegations };
}

/** People in post in the agency and, with `subtree`, its units: whom the forms may name. */
export async function peopleInPost(
	db: Kysely<Database>,
	agencyId: number,
	subtree: boolean
): Promise<PersonOption[]> {
	let q = db
		.selectFrom('people as p')
		.select(['p.id', 'p.full_name', 'p.title', 'p.agency_id'])
		.where('p.status', '=', 'active');
	q = subtree
		? q.where(({ ref }) => inAgencySubtree(agencyId, ref('p.agency_id')))
		: q.where('p.agency_id', '=', agencyId);
	return q.orderBy('p.full_name').orderBy('p.id').limit(2000).execute();
}
