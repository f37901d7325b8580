// Custody of key devices recorded by hand: every event and the state derived after it (status,
// holder person, holder agency), the refusals (impossible transitions, dates out of order, a
// recipient not in post or outside the agency), an officer's scope, the audit trail, the Mẫu 08
// deadline, and the migration that moved the stored state into events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import {
	createDevice,
	custodyInputSchema,
	recordCustodyEvent,
	type CustodyInput
} from '../../../src/lib/server/organisation/custody';
import { holdingOf } from '../../../src/lib/server/organisation/custody-state';
import { returnDeadlines } from '../../../src/lib/server/organisation/return-deadline';
import { getTokenDetail } from '../../../src/lib/server/inventory/tokens';
import { migrateDown, migrateToLatest, pendingMigrations } from '../../../src/lib/server/db/migrate';
import { buildCustodyWorld, NOW, who, type CustodyWorld } from './custody-fixtures';

let h: DbHandle;
let w: CustodyWorld;
beforeAll(async () => {
	h = await openTestDb();
	w = await buildCustodyWorld(h.db);
});
afterAll(async () => h?.close());

const input = (o: Partial<CustodyInput> & Pick<CustodyInput, 'event' | 'occurredAt'>) =>
	custodyInputSchema.parse(o);
const record = (user: AuthUser, tokenId: number, o: Parameters<typeof input>[0]) =>
	recordCustodyEvent(h.db, user, tokenId, input(o), who, NOW);
const state = async (tokenId: number) => {
	const s = (await holdingOf(h.db, tokenId))!;
	return { status: s.status, person: s.holder_person_id, agency: s.holder_agency_id };
};
const device = (user: AuthUser, serial: string, agencyId: number) =>
	createDevice(
		h.db,
		user,
		{ serial, kind: 'pki_token', model: 'Bit4id TokenME EVO', agencyId, receivedOn: '2025-12-01' },
		who,
		NOW
	);

describe('recording custody', () => {
	it('adds a device to an agency store, then follows it through every event', async () => {
		const { inspector, officer } = w.users;
		const { syt, hospital } = w.agencies;
		const tk = await device(officer, 'C-0001', syt);
		expect(await state(tk)).toEqual({ status: 'in_stock', person: null, agency: syt });

		await record(officer, tk, {
			event: 'issued',
			occurredAt: '2026-03-02T09:00',
			toPersonId: w.people.nurse
		});
		expect(await state(tk)).toEqual({ status: 'issued', person: w.people.nurse, agency: syt });

		// Mẫu 07 to a doctor of the hospital, a unit of Sở Y tế: inside the agency, no flag needed.
		await record(officer, tk, {
			event: 'handed_over',
			occurredAt: '2026-03-10T14:00',
			toPersonId: w.people.doctor,
			reason: 'Điều động công tác',
			recordNumber: '07/BB-SYT'
		});
		expect(await state(tk)).toEqual({ status: 'issued', person: w.people.doctor, agency: hospital });

		await record(inspector, tk, { event: 'locked', occurredAt: '2026-04-01T08:00' });
		expect(await state(tk)).toEqual({ status: 'locked', person: w.people.doctor, agency: hospital });
		await record(inspector, tk, { event: 'recovered', occurredAt: '2026-04-01T11:00' });
		expect(await state(tk)).toEqual({ status: 'issued', person: w.people.doctor, agency: hospital });

		await record(officer, tk, {
			event: 'lost',
			occurredAt: '2026-05-04T07:30',
			reason: 'Mất trên đường công tác',
			recordNumber: '09/BB-BV'
		});
		expect(await state(tk)).toEqual({ status: 'lost', person: w.people.doctor, agency: hospital });

		await record(officer, tk, {
			event: 'returned_to_ca',
			occurredAt: '2026-05-20T09:00',
			recordNumber: '08/BB-BV'
		});
		expect(await state(tk)).toEqual({ status: 'returned', person: null, agency: hospital });

		const d = (await getTokenDetail(h.db, officer.scope, tk))!;
		expect(d.custody.map((e) => e.event)).toEqual([
			'received',
			'issued',
			'handed_over',
			'locked',
			'recovered',
			'lost',
			'returned_to_ca'
		]);
		expect(d.custody[2]).toMatchObject({
			from_person_name: 'Nguyễn Thị Y Tá',
			to_person_name: 'Lê Văn Bác Sĩ',
			form: 'Mẫu 07',
			record_number: '07/BB-SYT',
			reason: 'Điều động công tác',
			recorded_by: 'coquan'
		});
		expect(d.custody[5]).toMatchObject({ form: 'Mẫu 09', from_person_name: 'Lê Văn Bác Sĩ' });
		expect(d.custody[6]).toMatchObject({ form: 'Mẫu 08', record_number: '08/BB-BV' });
	});

	it('marks a damaged device, which then only goes back to the CA', async () => {
		const tk = await device(w.users.inspector, 'C-0002', w.agencies.syt);
		await record(w.users.inspector, tk, {
			event: 'issued',
			occurredAt: '2026-03-02T09:00',
			toPersonId: w.people.nurse
		});
		await record(w.users.inspector, tk, { event: 'damaged', occurredAt: '2026-03-03T09:00' });
		expect(await state(tk)).toEqual({ status: 'damaged', person: w.people.nurse, agency: w.agencies.syt });
		await expect(
			record(w.users.inspector, tk, { event: 'recovered', occurredAt: '2026-03-04T09:00' })
		).rejects.toMatchObject({ code: 'CONFLICT' });
		await record(w.users.inspector, tk, {
			event: 'returned_to_ca',
			occurredAt: '2026-03-05T09:00',
			recordNumber: '1'
		});
		expect((await state(tk)).status).toBe('returned');
	});

	it('refuses impossible transitions and keeps the state unchanged', async () => {
		const { inspector } = w.users;
		const tk = await device(inspector, 'C-0003', w.agencies.syt);
		const at = (d: string) => `${d}T09:00`;
		await expect(
			record(inspector, tk, {
				event: 'handed_over',
				occurredAt: at('2026-03-01'),
				toPersonId: w.people.nurse,
				reason: 'x',
				recordNumber: '1'
			})
		).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(
			record(inspector, tk, { event: 'recovered', occurredAt: at('2026-03-01') })
		).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		await record(inspector, tk, {
			event: 'issued',
			occurredAt: at('2026-03-02'),
			toPersonId: w.people.nurse
		});
		await expect(
			record(inspector, tk, { event: 'issued', occurredAt: at('2026-03-03'), toPersonId: w.people.nurse })
		).rejects.toMatchObject({ code: 'CONFLICT' });
		await record(inspector, tk, {
			event: 'lost',
			occurredAt: at('2026-03-04'),
			reason: 'Rơi mất',
			recordNumber: '2'
		});
		// A lost device cannot be handed over, locked or recovered.
		for (const event of ['handed_over', 'locked', 'recovered'] as const)
			await expect(
				record(inspector, tk, {
					event,
					occurredAt: at('2026-03-05'),
					toPersonId: w.people.nurse,
					reason: 'x',
					recordNumber: '3'
				})
			).rejects.toMatchObject({ code: 'CONFLICT' });
		await record(inspector, tk, { event: 'returned_to_ca', occurredAt: at('2026-03-06'), recordNumber: '4' });
		// Nothing follows a device back with the CA: not even a loss.
		for (const event of ['lost', 'damaged', 'returned_to_ca', 'issued'] as const)
			await expect(
				record(inspector, tk, {
					event,
					occurredAt: at('2026-03-07'),
					reason: 'x',
					recordNumber: '5',
					toPersonId: w.people.nurse
				})
			).rejects.toMatchObject({ code: 'CONFLICT' });
		expect(await state(tk)).toEqual({ status: 'returned', person: null, agency: w.agencies.syt });
	});

	it('refuses dates out of order, in the future or impossible, and records without their required fields', async () => {
		const { inspector } = w.users;
		const tk = await device(inspector, 'C-0004', w.agencies.syt);
		await record(inspector, tk, {
			event: 'issued',
			occurredAt: '2026-03-10T09:00',
			toPersonId: w.people.nurse
		});
		const refused = async (o: Parameters<typeof input>[0], field: string) =>
			expect(record(inspector, tk, o)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field } });
		await refused({ event: 'locked', occurredAt: '2026-03-09T09:00' }, 'occurredAt');
		await refused({ event: 'locked', occurredAt: '2026-07-09T09:00' }, 'occurredAt');
		await refused({ event: 'locked', occurredAt: '2026-02-30T09:00' }, 'occurredAt');
		await refused({ event: 'locked', occurredAt: '10/03/2026' }, 'occurredAt');
		await refused(
			{ event: 'handed_over', occurredAt: '2026-03-11T09:00', toPersonId: w.people.doctor, reason: 'x' },
			'recordNumber'
		);
		await refused(
			{
				event: 'handed_over',
				occurredAt: '2026-03-11T09:00',
				toPersonId: w.people.doctor,
				recordNumber: '1'
			},
			'reason'
		);
		await refused(
			{ event: 'handed_over', occurredAt: '2026-03-11T09:00', reason: 'x', recordNumber: '1' },
			'toPersonId'
		);
		await refused(
			{
				event: 'handed_over',
				occurredAt: '2026-03-11T09:00',
				toPersonId: w.people.nurse,
				reason: 'x',
				recordNumber: '1'
			},
			'toPersonId'
		);
		await refused({ event: 'lost', occurredAt: '2026-03-11T09:00', recordNumber: '1' }, 'reason');
		expect(await state(tk)).toEqual({ status: 'issued', person: w.people.nurse, agency: w.agencies.syt });
		const events = await h.db
			.selectFrom('token_custody_events')
			.select('event')
			.where('token_id', '=', tk)
			.execute();
		expect(events).toHaveLength(2);
	});

	it('hands over only to a person in post that day, inside the agency unless said so', async () => {
		const { inspector } = w.users;
		const tk = await device(inspector, 'C-0005', w.agencies.syt);
		const issue = (toPersonId: number, occurredAt: string) =>
			record(inspector, tk, { event: 'issued', occurredAt, toPersonId });
		// Retired on 1 February 2026; takes up a post on 1 June 2026.
		await expect(issue(w.people.retiree, '2026-03-02T09:00')).rejects.toMatchObject({
			details: { field: 'toPersonId' },
			message: expect.stringContaining('không đang công tác vào ngày 02/03/2026')
		});
		await expect(issue(w.people.newcomer, '2026-03-02T09:00')).rejects.toMatchObject({
			details: { field: 'toPersonId' }
		});
		await issue(w.people.retiree, '2026-01-15T09:00');
		const handOver = (toPersonId: number, otherAgency: boolean, occurredAt: string) =>
			record(inspector, tk, {
				event: 'handed_over',
				occurredAt,
				toPersonId,
				otherAgency,
				reason: 'Nghỉ hưu',
				recordNumber: 'BB'
			});
		await expect(handOver(w.people.newcomer, false, '2026-01-30T09:00')).rejects.toMatchObject({
			details: { field: 'toPersonId' }
		});
		await handOver(w.people.legacy, false, '2026-01-30T09:00');
		expect(await state(tk)).toEqual({ status: 'issued', person: w.people.legacy, agency: w.agencies.syt });
		await expect(handOver(w.people.scientist, false, '2026-02-02T09:00')).rejects.toMatchObject({
			code: 'INVALID_INPUT',
			details: { field: 'otherAgency' }
		});
		await handOver(w.people.scientist, true, '2026-02-02T09:00');
		expect(await state(tk)).toEqual({
			status: 'issued',
			person: w.people.scientist,
			agency: w.agencies.skhcn
		});
	});
});

describe('who records', () => {
	it('lets an officer record only for devices of their subtree; a leader records nothing', async () => {
		const { inspector, officer, leader } = w.users;
		await expect(device(officer, 'C-0100', w.agencies.skhcn)).rejects.toMatchObject({
			details: { field: 'agencyId' }
		});
		await expect(device(leader, 'C-0100', w.agencies.syt)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(device(inspector, 'C-0001', w.agencies.syt)).rejects.toMatchObject({
			details: { field: 'serial' }
		});
		const theirs = await device(inspector, 'C-0101', w.agencies.skhcn);
		await expect(
			record(officer, theirs, { event: 'issued', occurredAt: '2026-03-02T09:00', toPersonId: w.people.nurse })
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(
			record(leader, theirs, { event: 'damaged', occurredAt: '2026-03-02T09:00' })
		).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		// An officer names no one outside their subtree (not even to learn a name); Sở KH&CN records
		// the transfer to another agency, and the device leaves the officer's scope.
		const mine = await device(officer, 'C-0102', w.agencies.hospital);
		await record(officer, mine, {
			event: 'issued',
			occurredAt: '2026-03-02T09:00',
			toPersonId: w.people.doctor
		});
		const transfer = {
			event: 'handed_over' as const,
			occurredAt: '2026-03-03T09:00',
			toPersonId: w.people.scientist,
			otherAgency: true,
			reason: 'Chuyển công tác',
			recordNumber: '07/BV'
		};
		const refusal = await record(officer, mine, transfer).catch((e: unknown) => e);
		expect(refusal).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'toPersonId' } });
		expect((refusal as Error).message).not.toContain('Phạm Văn Khoa Học');
		await record(inspector, mine, transfer);
		await expect(
			record(officer, mine, { event: 'locked', occurredAt: '2026-03-04T09:00' })
		).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect(await getTokenDetail(h.db, officer.scope, mine)).toBeNull();
		expect(await getTokenDetail(h.db, inspector.scope, mine)).not.toBeNull();
	});

	it('writes each event to the audit log with the state before and after', async () => {
		const tk = await device(w.users.officer, 'C-0200', w.agencies.syt);
		await record(w.users.officer, tk, {
			event: 'issued',
			occurredAt: '2026-03-02T09:00',
			toPersonId: w.people.nurse
		});
		const entries = await h.db
			.selectFrom('audit_log')
			.select(['action', 'details'])
			.where('entity_type', '=', 'token')
			.where('entity_id', '=', String(tk))
			.orderBy('id')
			.execute();
		expect(entries.map((e) => e.action)).toEqual(['token.create', 'custody.issued']);
		expect(entries[1]!.details).toMatchObject({
			before: { status: 'in_stock', holderPersonId: null, holderAgencyId: w.agencies.syt },
			after: { status: 'issued', holderPersonId: w.people.nurse, holderAgencyId: w.agencies.syt }
		});
	});
});

describe('return to the CA (Mẫu 08)', () => {
	it('tells whether the device came back within 5 working days of the revocation', async () => {
		const { inspector } = w.users;
		const cert = async (tokenId: number, n: string) =>
			h.db
				.insertInto('certificates')
				.values({
					fingerprint_sha256: `fp-${n}`,
					serial_number: n,
					issuer_dn: 'CN=CA',
					subject_dn: `CN=${n}`,
					subject_cn: n,
					kind: 'individual',
					agency_id: w.agencies.syt,
					not_before: new Date('2025-01-01T00:00:00+07:00'),
					not_after: new Date('2028-01-01T00:00:00+07:00'),
					status: 'revoked',
					// Monday 2 March 2026: 5 working days run out at the end of Monday 9 March.
					revoked_at: new Date('2026-03-02T09:00:00+07:00'),
					token_id: tokenId,
					der: new Uint8Array([1])
				})
				.execute();
		const back = async (serial: string, occurredAt: string) => {
			const tk = await device(inspector, serial, w.agencies.syt);
			await cert(tk, serial);
			await record(inspector, tk, {
				event: 'issued',
				occurredAt: '2026-02-02T09:00',
				toPersonId: w.people.nurse
			});
			await record(inspector, tk, { event: 'returned_to_ca', occurredAt, recordNumber: '08' });
			const d = (await getTokenDetail(h.db, inspector.scope, tk))!;
			return [...(await returnDeadlines(h.db, tk, d.custody)).values()];
		};
		const onTime = await back('C-0300', '2026-03-09T16:00');
		expect(onTime).toHaveLength(1);
		expect(onTime[0]).toMatchObject({ onTime: true, workingDays: 5 });
		expect(onTime[0]!.dueAt.toISOString()).toBe('2026-03-09T17:00:00.000Z');
		expect((await back('C-0301', '2026-03-10T08:00'))[0]).toMatchObject({ onTime: false });
	});
});

describe('the migration to derived state', () => {
	it('keeps the status and holder of devices recorded before their history', async () => {
		const m = await openTestDb();
		try {
			while (!(await pendingMigrations(m.db)).includes('2026_12_04_1020_token_custody_state'))
				expect((await migrateDown(m.db)).error).toBeUndefined();
			const [a] = (
				await sql<{
					id: number;
				}>`insert into agencies (code, name, kind, path) values ('M', 'M', 'province', '/') returning id`.execute(
					m.db
				)
			).rows;
			const [p] = (
				await sql<{
					id: number;
				}>`insert into people (agency_id, full_name, title) values (${a!.id}, 'P', 'T') returning id`.execute(
					m.db
				)
			).rows;
			await sql`insert into tokens (serial, status, holder_person_id, holder_agency_id) values
				('M-ISSUED', 'issued', ${p!.id}, ${a!.id}), ('M-LOCKED', 'locked', ${p!.id}, ${a!.id}),
				('M-LOST', 'lost', ${p!.id}, ${a!.id}), ('M-RETURNED', 'returned', null, ${a!.id}),
				('M-STOCK', 'in_stock', null, ${a!.id}), ('M-NOWHERE', 'in_stock', null, null),
				('M-HISTORY', 'issued', ${p!.id}, ${a!.id})`.execute(m.db);
			await sql`insert into token_custody_events (token_id, event, occurred_at, to_person_id, agency_id)
				select id, 'handed_over', now(), ${p!.id}, ${a!.id} from tokens where serial = 'M-HISTORY'`.execute(m.db);
			expect((await migrateToLatest(m.db)).error).toBeUndefined();
			const rows = await sql<{
				serial: string;
				status: string;
				person: number | null;
				agency: number | null;
				n: number;
			}>`
				select t.serial, h.status, h.holder_person_id as person, h.holder_agency_id as agency,
					(select count(*)::int from token_custody_events e where e.token_id = t.id) as n
				from tokens t join token_holdings h on h.token_id = t.id order by t.serial`.execute(m.db);
			const P = p!.id;
			const A = a!.id;
			expect(rows.rows).toEqual([
				{ serial: 'M-HISTORY', status: 'issued', person: P, agency: A, n: 1 },
				{ serial: 'M-ISSUED', status: 'issued', person: P, agency: A, n: 1 },
				{ serial: 'M-LOCKED', status: 'locked', person: P, agency: A, n: 2 },
				{ serial: 'M-LOST', status: 'lost', person: P, agency: A, n: 2 },
				{ serial: 'M-NOWHERE', status: 'in_stock', person: null, agency: null, n: 0 },
				{ serial: 'M-RETURNED', status: 'returned', person: null, agency: A, n: 1 },
				{ serial: 'M-STOCK', status: 'in_stock', person: null, agency: A, n: 1 }
			]);
		} finally {
			await m.close();
		}
	});
});
