// A key device's state as its custody events make it: the vocabulary (device kinds, events,
// statuses), which event may follow which state, and the current state read from the view
// `token_holdings` (migration 2026_12_04_1020), the one place that turns events into a state.
import type { Kysely } from 'kysely';
import type { Database, TokenHolding } from '../db/schema';
import type { CustodyEvent, TokenStatus } from '../../domain/devices';

/** The events a user records by hand on a device's page, in the order the form offers them. */
export const RECORDED_EVENTS = [
	'issued',
	'handed_over',
	'locked',
	'lost',
	'recovered',
	'returned_to_ca',
	'damaged'
] as const satisfies readonly CustodyEvent[];
export type RecordedEvent = (typeof RECORDED_EVENTS)[number];

/**
 * Which state each event may follow. A device is issued from the store, handed over while in use,
 * recovered only when locked; a lost or damaged device can only go back to the CA (Mẫu 08), and a
 * device back with the CA takes no further event.
 */
export const ALLOWED_FROM: Record<RecordedEvent, readonly TokenStatus[]> = {
	issued: ['in_stock'],
	handed_over: ['issued'],
	locked: ['issued'],
	lost: ['issued', 'locked', 'in_stock'],
	recovered: ['locked'],
	returned_to_ca: ['in_stock', 'issued', 'locked', 'lost', 'damaged'],
	damaged: ['in_stock', 'issued', 'locked']
};

/** The events that name who receives the device (Mẫu 07 for a hand-over). */
export const NEEDS_RECIPIENT: readonly RecordedEvent[] = ['issued', 'handed_over'];

export type Holding = Omit<TokenHolding, 'token_id'>;

/** The current state of one device; null when there is no such device. */
export async function holdingOf(db: Kysely<Database>, tokenId: number): Promise<Holding | null> {
	const row = await db
		.selectFrom('token_holdings')
		.select(['status', 'holder_person_id', 'holder_agency_id', 'last_event', 'status_since'])
		.where('token_id', '=', tokenId)
		.executeTakeFirst();
	return row ?? null;
}
