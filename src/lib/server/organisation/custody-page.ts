// What the custody form on a device's page offers: the events its current state allows, and the
// people who may receive it (those in post in the device's agency, or in another agency of the
// user's scope when the user asks for that agency's list).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { inScope } from '../scope';
import { agencyOptions, type AgencyOption } from '../inventory/agencies';
import { ALLOWED_FROM, RECORDED_EVENTS, type RecordedEvent } from './custody-state';
import type { TokenStatus } from '../../domain/devices';
import { recipientOptions, type RecipientOption } from './custody-people';

export interface CustodyForm {
	events: RecordedEvent[];
	recipientAgencyId: number | null;
	recipients: RecipientOption[];
	agencies: AgencyOption[];
}

export function mayRecordCustody(user: AuthUser): boolean {
	return user.roles.some((r) => r === 'admin' || r === 'inspector' || r === 'agency_officer');
}

/** The form for a device the user sees; null when the user may not record custody. */
export async function custodyForm(
	db: Kysely<Database>,
	user: AuthUser,
	token: { status: TokenStatus; holder_agency_id: number | null },
	askedAgencyId: number | null
): Promise<CustodyForm | null> {
	if (!mayRecordCustody(user)) return null;
	const events = RECORDED_EVENTS.filter((e) => ALLOWED_FROM[e].includes(token.status));
	let recipientAgencyId = token.holder_agency_id;
	if (askedAgencyId !== null) {
		const visible = await db
			.selectFrom('agencies')
			.select('id')
			.where('id', '=', askedAgencyId)
			.where(({ ref }) => inScope(user.scope, ref('id')))
			.executeTakeFirst();
		if (visible) recipientAgencyId = visible.id;
	}
	const [recipients, agencies] = await Promise.all([
		recipientAgencyId === null ? [] : recipientOptions(db, recipientAgencyId),
		agencyOptions(db, user.scope)
	]);
	return { events, recipientAgencyId, recipients, agencies };
}
