// Hand-built inventory rows for the tests of the inventory rules (obligation-rules.test.ts,
// custody-rules.test.ts): agencies, people and their posts, certificates, requests, devices, clerks; and
// a rule's rows read straight from its SQL.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';

export const NOW = new Date('2026-06-15T10:00:00+07:00');
export const vn = (d: string, hm = '09:00') => new Date(`${d}T${hm}:00+07:00`);

export interface Row {
	dedupe_key: string;
	summary: string;
	certificate_id: number | null;
	evidence: Record<string, unknown>;
}
export const certsOf = (r: Row[]) => r.map((x) => x.certificate_id).sort((a, b) => (a ?? 0) - (b ?? 0));

let seq = 0;
export function inventoryRows(db: Kysely<Database>) {
	const rows = async (q: RawBuilder<unknown>) => (await sql<Row>`${q}`.execute(db)).rows;

	async function agency(code: string, parent?: { id: number; path: string }) {
		const a = await db
			.insertInto('agencies')
			.values({
				code,
				name: `Cơ quan ${code}`,
				kind: parent ? 'department' : 'province',
				parent_id: parent?.id ?? null,
				path: ''
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const path = `${parent?.path ?? '/'}${a.id}/`;
		await db.updateTable('agencies').set({ path }).where('id', '=', a.id).execute();
		return { id: a.id, path };
	}
	async function person(agencyId: number, name: string, title: string) {
		return (
			await db
				.insertInto('people')
				.values({ agency_id: agencyId, full_name: name, title })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	}
	async function leave(id: number, status: 'retired' | 'resigned' | 'transferred', since: string) {
		await db.updateTable('people').set({ status, status_since: since }).where('id', '=', id).execute();
	}
	async function cert(o: {
		agencyId: number;
		personId?: number;
		kind?: 'organisation' | 'individual';
		notBefore?: string;
		notAfter?: string;
		revokedAt?: Date;
		tokenId?: number;
		renewalOf?: number;
	}) {
		seq += 1;
		return (
			await db
				.insertInto('certificates')
				.values({
					fingerprint_sha256: `ob${String(seq).padStart(62, '0')}`,
					serial_number: `0b${seq.toString(16).padStart(4, '0')}`,
					issuer_dn: 'CN=CA',
					subject_dn: `CN=Chứng thư ${seq}`,
					subject_cn: `Chứng thư ${seq}`,
					kind: o.kind ?? (o.personId ? 'individual' : 'organisation'),
					agency_id: o.agencyId,
					person_id: o.personId ?? null,
					not_before: vn(o.notBefore ?? '2025-01-01', '08:00'),
					not_after: vn(o.notAfter ?? '2028-01-01', '08:00'),
					status: o.revokedAt ? 'revoked' : 'active',
					revoked_at: o.revokedAt ?? null,
					token_id: o.tokenId ?? null,
					renewal_of_id: o.renewalOf ?? null,
					der: new Uint8Array([seq & 255])
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	}
	async function request(kind: 'revoke' | 'change', certificateId: number, agencyId: number, at: Date) {
		await db
			.insertInto('lifecycle_requests')
			.values({
				kind,
				agency_id: agencyId,
				certificate_id: certificateId,
				submitted_at: at,
				status: 'in_progress'
			})
			.execute();
	}
	async function post(personId: number, agencyId: number, title: string, from: string, to: string | null) {
		await db
			.insertInto('person_positions')
			.values({
				person_id: personId,
				agency_id: agencyId,
				title,
				valid_from: from,
				valid_to: to,
				recorded_by: 'test'
			})
			.execute();
	}
	async function custody(
		tokenId: number,
		event: 'lost' | 'handed_over' | 'issued',
		at: Date,
		agencyId: number,
		to: number | null = null
	) {
		await db
			.insertInto('token_custody_events')
			.values({
				token_id: tokenId,
				event,
				occurred_at: at,
				agency_id: agencyId,
				to_person_id: to,
				recorded_by: 'test'
			})
			.execute();
	}
	async function clerk(agencyId: number, personId: number, from: string, to: string | null = null) {
		await db
			.insertInto('clerk_appointments')
			.values({ agency_id: agencyId, person_id: personId, appointed_on: from, ended_on: to })
			.execute();
	}

	return { rows, agency, person, leave, cert, request, post, custody, clerk };
}
