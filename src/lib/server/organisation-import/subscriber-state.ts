// What the database knows about the certificates, people, agencies and devices a subscriber list
// names. A device's holder is read from its custody events (the latest issue or hand-over), not
// from columns on `tokens`: custody events are the one record of who holds a device.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { codeKey } from './organisation-rows';
import { deviceKey, serialKey, type SubscriberFile } from './subscriber-rows';
import type { DeviceKindCode, PersonStatusCode } from './types';

export interface DbCertificate {
	id: number;
	serial_number: string;
	issuer_dn: string;
	subject_cn: string;
	kind: 'organisation' | 'individual' | 'device';
	status: string;
	person_id: number | null;
	agency_id: number | null;
	token_id: number | null;
	not_before: Date;
}

export interface DbHolder {
	id: number;
	full_name: string;
	national_id: string | null;
	status: PersonStatusCode;
	status_since: string | null;
}

export type DeviceState = 'in_stock' | 'issued' | 'locked' | 'lost' | 'damaged' | 'returned';

export interface DbDevice {
	id: number;
	serial: string;
	device_type: DeviceKindCode;
	/** From the custody events, as the device pages read them: its state, who holds it, since when. */
	state: DeviceState;
	holderPersonId: number | null;
	lastEventAt: Date | null;
}

/** The state and holder after one more custody event (the latest by time, then id, decides). */
function afterEvent(d: DbDevice, event: string, toPerson: number | null): void {
	switch (event) {
		case 'issued':
		case 'handed_over':
			d.state = 'issued';
			d.holderPersonId = toPerson;
			break;
		case 'recovered':
			d.state = 'issued';
			break;
		case 'locked':
		case 'lost':
		case 'damaged':
			d.state = event;
			break;
		case 'returned_to_ca':
			d.state = 'returned';
			d.holderPersonId = null;
			break;
		default: // 'received' into an agency's store, or handed back ('returned')
			d.state = 'in_stock';
			d.holderPersonId = null;
	}
}

export interface SubscriberState {
	certificatesBySerial: Map<string, DbCertificate[]>;
	personByNationalId: Map<string, DbHolder>;
	personById: Map<number, DbHolder>;
	agencyByCode: Map<string, { id: number; code: string; active: boolean }>;
	agencyCodeById: Map<number, string>;
	deviceBySerial: Map<string, DbDevice>;
	deviceById: Map<number, DbDevice>;
	/** Active certificates the file does not list (only loaded when the file has rows). */
	activeCertificates: { id: number; serial_number: string; subject_cn: string; agency_id: number | null }[];
}

const CHUNK = 5000;
async function chunked<T>(values: string[], fetch: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
	const out: T[] = [];
	for (let i = 0; i < values.length; i += CHUNK) out.push(...(await fetch(values.slice(i, i + CHUNK))));
	return out;
}

export async function loadSubscriberState(
	db: Kysely<Database>,
	file: SubscriberFile
): Promise<SubscriberState> {
	const serials = [...new Set(file.rows.map((r) => r.serial))];
	const certificates = (await chunked(serials, (c) =>
		db
			.selectFrom('certificates')
			.select([
				'id',
				'serial_number',
				'issuer_dn',
				'subject_cn',
				'kind',
				'status',
				'person_id',
				'agency_id',
				'token_id',
				'not_before'
			])
			.where(sql<string>`lower(ltrim(serial_number, '0'))`, 'in', c)
			.execute()
	)) as DbCertificate[];
	const agencies = await db.selectFrom('agencies').select(['id', 'code', 'active']).execute();
	const deviceSerials = [...new Set(file.rows.map((r) => deviceKey(r.deviceSerial)))];
	const linkedTokens = [
		...new Set(certificates.map((c) => c.token_id).filter((x): x is number => x !== null))
	];
	const tokens = [
		...(await chunked(deviceSerials, (c) =>
			db
				.selectFrom('tokens')
				.select(['id', 'serial', 'device_type'])
				.where(sql<string>`upper(serial)`, 'in', c)
				.execute()
		)),
		...(linkedTokens.length
			? await db
					.selectFrom('tokens')
					.select(['id', 'serial', 'device_type'])
					.where('id', 'in', linkedTokens)
					.execute()
			: [])
	];
	const tokenIds = [...new Set(tokens.map((t) => t.id))];
	const events = tokenIds.length
		? await db
				.selectFrom('token_custody_events')
				.select(['token_id', 'event', 'to_person_id', 'occurred_at'])
				.where('token_id', 'in', tokenIds)
				.orderBy('occurred_at')
				.orderBy('id')
				.execute()
		: [];
	const deviceById = new Map<number, DbDevice>();
	for (const t of tokens)
		deviceById.set(t.id, { ...t, state: 'in_stock', holderPersonId: null, lastEventAt: null });
	for (const e of events) {
		const d = deviceById.get(e.token_id)!;
		afterEvent(d, e.event, e.to_person_id);
		d.lastEventAt = e.occurred_at;
	}
	// People the file names, and the people the certificates and devices are linked to now (for "before").
	const ids = [...new Set(file.rows.map((r) => r.holderNationalId).filter((x): x is string => !!x))];
	const linkedPeople = [
		...new Set(
			[
				...certificates.map((c) => c.person_id),
				...[...deviceById.values()].map((d) => d.holderPersonId)
			].filter((x): x is number => x !== null)
		)
	];
	const holderColumns = ['id', 'full_name', 'national_id', 'status', 'status_since'] as const;
	const people = [
		...(await chunked(ids, (c) =>
			db.selectFrom('people').select(holderColumns).where('national_id', 'in', c).execute()
		)),
		...(linkedPeople.length
			? await db.selectFrom('people').select(holderColumns).where('id', 'in', linkedPeople).execute()
			: [])
	] as DbHolder[];
	const activeCertificates = file.rows.length
		? await db
				.selectFrom('certificates')
				.select(['id', 'serial_number', 'subject_cn', 'agency_id'])
				.where('status', '=', 'active')
				.where('kind', '<>', 'device')
				.orderBy('id')
				.execute()
		: [];
	const certificatesBySerial = new Map<string, DbCertificate[]>();
	for (const c of certificates) {
		const k = serialKey(c.serial_number);
		certificatesBySerial.set(k, [...(certificatesBySerial.get(k) ?? []), c]);
	}
	return {
		certificatesBySerial,
		personByNationalId: new Map(people.filter((p) => p.national_id).map((p) => [p.national_id!, p])),
		personById: new Map(people.map((p) => [p.id, p])),
		agencyByCode: new Map(agencies.map((a) => [codeKey(a.code), a])),
		agencyCodeById: new Map(agencies.map((a) => [a.id, a.code])),
		deviceBySerial: new Map([...deviceById.values()].map((d) => [deviceKey(d.serial), d])),
		deviceById,
		activeCertificates
	};
}
