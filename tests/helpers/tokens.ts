// Test devices: a token row and the custody events that give it a state (the state is derived
// from the events, so a fixture states it the same way the application records it).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { TokenStatus } from '../../src/lib/domain';

export interface TestToken {
	serial: string;
	agencyId: number | null;
	holderPersonId?: number | null;
	/** Default 'issued' when there is a holder, otherwise 'in_stock'. */
	status?: TokenStatus;
	/** When the device was issued (and its state reached a minute later). */
	at?: Date;
	deviceType?: 'pki_token' | 'sim_pki' | 'hsm' | 'remote';
}

export async function insertToken(db: Kysely<Database>, t: TestToken): Promise<number> {
	const { id } = await db
		.insertInto('tokens')
		.values({ serial: t.serial, device_type: t.deviceType ?? 'pki_token' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const holder = t.holderPersonId ?? null;
	const status = t.status ?? (holder ? 'issued' : 'in_stock');
	const at = t.at ?? new Date('2025-01-02T09:00:00+07:00');
	const later = new Date(at.getTime() + 60_000);
	const base = { token_id: id, agency_id: t.agencyId, recorded_by: 'test' };
	const events: {
		event: Database['token_custody_events']['event'];
		occurred_at: Date;
		to_person_id: number | null;
	}[] = [];
	if (status === 'in_stock') {
		if (t.agencyId !== null) events.push({ event: 'received', occurred_at: at, to_person_id: null });
	} else if (status === 'returned')
		events.push({ event: 'returned_to_ca', occurred_at: at, to_person_id: null });
	else {
		events.push({ event: 'issued', occurred_at: at, to_person_id: holder });
		if (status === 'locked' || status === 'lost' || status === 'damaged')
			events.push({ event: status, occurred_at: later, to_person_id: status === 'damaged' ? holder : null });
	}
	if (events.length)
		await db
			.insertInto('token_custody_events')
			.values(events.map((e) => ({ ...base, ...e })))
			.execute();
	return id;
}
