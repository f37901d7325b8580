// Writes exactly a subscriber plan inside the caller's transaction: devices the list brings for
// the first time (serial and kind only), a changed device kind, the custody event that records
// who received the device, and the certificate's holder, managing agency and device. The holder
// of a device is never written onto `tokens`: the custody event is the record of it.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { deviceKey } from './subscriber-rows';
import type { SubscriberPlan } from './subscriber-diff';
import type { FieldChange } from './types';

export interface SubscriberWriteResult {
	devicesCreated: string[];
	custodyEvents: number;
	certificatesLinked: { serial: string; changes: FieldChange[] }[];
}

export async function writeSubscribers(
	trx: Kysely<Database>,
	plans: SubscriberPlan[],
	actor: string,
	note: string
): Promise<SubscriberWriteResult> {
	const result: SubscriberWriteResult = { devicesCreated: [], custodyEvents: 0, certificatesLinked: [] };
	const idOf = new Map<string, number>();
	// New devices in one statement per chunk, and their custody events likewise (below): the device
	// tallies' statement triggers (agency_token_tally) then run once per chunk instead of once per row,
	// and key 0's row is not updated thousands of times in one transaction (each update a new version
	// the next must step over: 2-4 ms a device at 6,000 devices, `npm run bench -- tally-writes`).
	const created: { serial: string; device_type: SubscriberPlan['device']['kind'] }[] = [];
	for (const p of plans) {
		const key = deviceKey(p.device.serial);
		if (p.device.create && !idOf.has(key)) {
			idOf.set(key, -1);
			created.push({ serial: p.device.serial, device_type: p.device.kind });
			result.devicesCreated.push(p.device.serial);
		} else if (p.device.id !== null && !idOf.has(key)) idOf.set(key, p.device.id);
	}
	for (const chunk of chunks(created)) {
		const rows = await trx.insertInto('tokens').values(chunk).returning(['id', 'serial']).execute();
		for (const r of rows) idOf.set(deviceKey(r.serial), r.id);
	}
	const custody: Insertable<Database['token_custody_events']>[] = [];
	for (const p of plans) {
		if (p.action === 'unchanged') continue;
		const tokenId = idOf.get(deviceKey(p.device.serial))!;
		if (p.device.setKind)
			await trx.updateTable('tokens').set({ device_type: p.device.kind }).where('id', '=', tokenId).execute();
		if (p.custody) {
			custody.push({
				token_id: tokenId,
				event: p.custody.event,
				occurred_at: p.custody.occurredAt,
				from_person_id: p.custody.fromPersonId,
				to_person_id: p.custody.toPersonId,
				agency_id: p.custody.agencyId,
				recorded_by: actor,
				note
			});
			result.custodyEvents++;
		}
		const set = {
			...(p.link.person_id !== undefined ? { person_id: p.link.person_id } : {}),
			...(p.link.agency_id !== undefined ? { agency_id: p.link.agency_id } : {}),
			...(p.link.token ? { token_id: tokenId } : {})
		};
		if (Object.keys(set).length)
			await trx.updateTable('certificates').set(set).where('id', '=', p.certificate.id).execute();
		result.certificatesLinked.push({ serial: p.certificate.serial_number, changes: p.changes });
	}
	for (const chunk of chunks(custody)) await trx.insertInto('token_custody_events').values(chunk).execute();
	return result;
}

/** Rows in chunks of 1,000: a statement's parameters stay far below PostgreSQL's 65,535. */
function* chunks<T>(rows: T[], size = 1000): Generator<T[]> {
	for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
