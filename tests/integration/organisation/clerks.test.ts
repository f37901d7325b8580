// Clerk appointments and written delegations of an organisation certificate: recorded and ended with
// an audit entry each, refused for the wrong certificate, person, dates or agency, and listed for the
// certificate page (appointments on the certificate and the agency-wide ones).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { appointClerk, endClerkAppointment } from '../../../src/lib/server/organisation/clerks';
import { endDelegation, grantDelegation } from '../../../src/lib/server/organisation/delegations';
import { certificateUsers, peopleInPost } from '../../../src/lib/server/organisation/clerks-queries';
import { createPerson } from '../../../src/lib/server/organisation/people';
import { changeStatus } from '../../../src/lib/server/organisation/people-history';
import {
	appointClerkSchema,
	delegationSchema,
	parseInput,
	type DelegationInput
} from '../../../src/lib/server/organisation/people-input';
import { buildOrg, refusal, who, type Org } from './fixtures';

let h: DbHandle;
let o: Org;
let certA: number;
let certB: number;
let certPerson: number;
const p: Record<'clerk' | 'clerk2' | 'deputy' | 'unitHead' | 'head' | 'inB' | 'gone', number> = {} as never;

let certSeq = 0;
async function certificate(
	agencyId: number,
	kind: 'organisation' | 'individual',
	personId: number | null = null
) {
	certSeq += 1;
	return (
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: `c1e${certSeq}`.padEnd(64, '0'),
				serial_number: `c1e${certSeq}`,
				issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2',
				subject_dn: `CN=Chứng thư ${certSeq}`,
				subject_cn: `Chứng thư ${certSeq}`,
				kind,
				agency_id: agencyId,
				person_id: personId,
				not_before: new Date('2025-01-01T00:00:00+07:00'),
				not_after: new Date('2029-01-01T00:00:00+07:00'),
				der: new Uint8Array([certSeq, 1])
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}
const delegation = (over: Partial<Record<string, string>> = {}): DelegationInput =>
	parseInput(delegationSchema, {
		personId: String(p.deputy),
		grantedByPersonId: String(p.head),
		decisionNumber: '15/GUQ-A',
		scope: 'Ký số văn bản sao y khi văn thư vắng mặt',
		validFrom: '01/01/2026',
		validTo: '',
		...over
	});
const auditActions = async () =>
	(await h.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
	const add = (name: string, title: string, agencyId: number) =>
		createPerson(
			h.db,
			o.users.admin,
			{
				fullName: name,
				agencyId,
				title,
				startDate: '2024-01-01',
				email: null,
				nationalId: null,
				decisionNumber: null
			},
			who
		);
	p.clerk = await add('Văn Thư Một', 'Văn thư', o.agencies.A.id);
	p.clerk2 = await add('Văn Thư Hai', 'Văn thư', o.agencies.A.id);
	p.deputy = await add('Phó Văn Phòng', 'Phó Chánh Văn phòng', o.agencies.A.id);
	p.head = await add('Giám Đốc A', 'Giám đốc', o.agencies.A.id);
	p.unitHead = await add('Trưởng Đơn Vị', 'Trưởng phòng', o.agencies.A1.id);
	p.inB = await add('Người Sở B', 'Văn thư', o.agencies.B.id);
	p.gone = await add('Đã Nghỉ', 'Văn thư', o.agencies.A.id);
	await changeStatus(
		h.db,
		o.users.admin,
		p.gone,
		{ status: 'retired', date: '2026-01-01', decisionNumber: null, note: null },
		who
	);
	certA = await certificate(o.agencies.A.id, 'organisation');
	certB = await certificate(o.agencies.B.id, 'organisation');
	certPerson = await certificate(o.agencies.A.id, 'individual', p.head);
	// An agency-wide appointment from older data (no certificate named).
	await h.db
		.insertInto('clerk_appointments')
		.values({
			agency_id: o.agencies.A.id,
			person_id: p.clerk2,
			appointed_on: '2024-02-01',
			ended_on: '2025-12-31'
		})
		.execute();
});
afterAll(async () => {
	await h?.close();
});

describe('clerk appointments', () => {
	it('appoints a clerk of the certificate agency and lists it with the agency-wide ones', async () => {
		const id = await appointClerk(
			h.db,
			o.users.officerA,
			certA,
			parseInput(appointClerkSchema, {
				personId: String(p.clerk),
				appointedOn: '02/01/2026',
				decisionNumber: '01/QĐ-A'
			}),
			who
		);
		const row = await h.db
			.selectFrom('clerk_appointments')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			agency_id: o.agencies.A.id,
			person_id: p.clerk,
			certificate_id: certA,
			appointed_on: '2026-01-02',
			ended_on: null,
			decision_number: '01/QĐ-A',
			recorded_by: 'thanhtra'
		});
		const audit = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.orderBy('id', 'desc')
			.limit(1)
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({
			action: 'clerk.appoint',
			entity_type: 'certificate',
			entity_id: String(certA)
		});
		expect(audit.details).toMatchObject({
			before: null,
			after: { personId: p.clerk, appointedOn: '2026-01-02' }
		});
		const users = await certificateUsers(h.db, { id: certA, agency_id: o.agencies.A.id });
		expect(users.clerks.map((c) => [c.full_name, c.appointed_on, c.ended_on, c.certificate_id])).toEqual([
			['Văn Thư Một', '2026-01-02', null, certA],
			['Văn Thư Hai', '2024-02-01', '2025-12-31', null]
		]);
		expect((await certificateUsers(h.db, { id: certB, agency_id: o.agencies.B.id })).clerks).toEqual([]);
	});

	it('refuses the wrong certificate, person, dates or agency and stores nothing', async () => {
		const before = await h.db.selectFrom('clerk_appointments').select('id').execute();
		const appoint = (cert: number, personId: number, appointedOn = '2026-03-01', user = o.users.admin) =>
			appointClerk(h.db, user, cert, { personId, appointedOn, decisionNumber: '2/QĐ-A' }, who);
		expect(await refusal(appoint(certPerson, p.clerk))).toMatchObject({ code: 'INVALID_INPUT' });
		expect(await refusal(appoint(certA, p.inB))).toMatchObject({ code: 'INVALID_INPUT', field: 'personId' });
		expect(await refusal(appoint(certA, p.unitHead))).toMatchObject({ field: 'personId' });
		const gone = await refusal(appoint(certA, p.gone));
		expect(gone.message).toBe('Đã Nghỉ không còn công tác.');
		const twice = await refusal(appoint(certA, p.clerk));
		expect(twice).toMatchObject({ code: 'CONFLICT', field: 'appointedOn' });
		expect(twice.message).toContain('02/01/2026');
		// The older appointment ended on 31/12/2025: a new one from that day would overlap it.
		expect((await refusal(appoint(certA, p.clerk2, '2025-12-31'))).code).toBe('CONFLICT');
		expect((await refusal(appoint(certA, p.clerk2, '2026-03-01', o.users.officerB))).code).toBe('FORBIDDEN');
		expect((await refusal(appoint(certA, p.clerk2, '2026-03-01', o.users.leader))).code).toBe('FORBIDDEN');
		expect(
			await refusal(
				Promise.resolve().then(() =>
					parseInput(appointClerkSchema, {
						personId: String(p.clerk2),
						appointedOn: '31/02/2026',
						decisionNumber: '3/QĐ'
					})
				)
			)
		).toMatchObject({ field: 'appointedOn' });
		expect(
			await refusal(
				Promise.resolve().then(() =>
					parseInput(appointClerkSchema, {
						personId: String(p.clerk2),
						appointedOn: '01/03/2026',
						decisionNumber: ' '
					})
				)
			)
		).toMatchObject({ field: 'decisionNumber' });
		expect(await h.db.selectFrom('clerk_appointments').select('id').execute()).toEqual(before);
	});

	it('ends an appointment once, not before it started', async () => {
		const [open] = (await certificateUsers(h.db, { id: certA, agency_id: o.agencies.A.id })).clerks;
		const end = (endedOn: string, id = open!.id) =>
			endClerkAppointment(h.db, o.users.officerA, certA, { id, endedOn }, who);
		expect(await refusal(end('2026-01-01'))).toMatchObject({ code: 'INVALID_INPUT', field: 'endedOn' });
		expect(
			(
				await refusal(
					endClerkAppointment(h.db, o.users.admin, certB, { id: open!.id, endedOn: '2026-06-30' }, who)
				)
			).code
		).toBe('NOT_FOUND');
		await end('2026-06-30');
		expect(
			(await certificateUsers(h.db, { id: certA, agency_id: o.agencies.A.id })).clerks[0]!.ended_on
		).toBe('2026-06-30');
		expect((await refusal(end('2026-07-31'))).code).toBe('CONFLICT');
		const audit = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.orderBy('id', 'desc')
			.limit(1)
			.executeTakeFirstOrThrow();
		expect(audit.action).toBe('clerk.end');
		expect(audit.details).toMatchObject({ before: { endedOn: null }, after: { endedOn: '2026-06-30' } });
	});
});

describe('written delegations', () => {
	it('grants a delegation to a person of the agency or its units, and ends it', async () => {
		const id = await grantDelegation(h.db, o.users.officerA, certA, delegation(), who);
		const unit = await grantDelegation(
			h.db,
			o.users.admin,
			certA,
			delegation({ personId: String(p.unitHead), validTo: '31/12/2026' }),
			who
		);
		const users = await certificateUsers(h.db, { id: certA, agency_id: o.agencies.A.id });
		expect(users.delegations.map((d) => [d.id, d.full_name, d.granted_by, d.valid_from, d.valid_to])).toEqual(
			[
				[unit, 'Trưởng Đơn Vị', 'Giám Đốc A', '2026-01-01', '2026-12-31'],
				[id, 'Phó Văn Phòng', 'Giám Đốc A', '2026-01-01', null]
			]
		);
		await endDelegation(h.db, o.users.officerA, certA, { id, endedOn: '2026-06-30' }, who);
		const row = await h.db
			.selectFrom('certificate_delegations')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row.valid_to).toBe('2026-06-30');
		// A delegation that already lapsed cannot be ended later, nor one end before it began.
		expect(
			(await refusal(endDelegation(h.db, o.users.admin, certA, { id, endedOn: '2026-07-31' }, who))).code
		).toBe('CONFLICT');
		expect(
			(await refusal(endDelegation(h.db, o.users.admin, certA, { id, endedOn: '2025-12-31' }, who))).field
		).toBe('endedOn');
		expect((await auditActions()).filter((a) => a.startsWith('delegation.'))).toEqual([
			'delegation.grant',
			'delegation.grant',
			'delegation.end'
		]);
	});

	it('refuses overlapping, misdated, foreign and self-granted delegations', async () => {
		const before = await h.db.selectFrom('certificate_delegations').select('id').execute();
		const grant = (over: Partial<Record<string, string>>, cert = certA, user = o.users.admin) =>
			grantDelegation(h.db, user, cert, delegation(over), who);
		const overlap = await refusal(
			grant({ personId: String(p.unitHead), validFrom: '2026-12-01', validTo: '2027-03-01' })
		);
		expect(overlap).toMatchObject({ code: 'CONFLICT', field: 'validFrom' });
		expect(overlap.message).toContain('31/12/2026');
		expect((await refusal(grant({ validFrom: '2027-01-01', validTo: '2026-12-31' }))).field).toBe('validTo');
		expect((await refusal(grant({ personId: String(p.inB) }))).field).toBe('personId');
		expect(
			(await refusal(grant({ grantedByPersonId: String(p.deputy), validFrom: '2027-01-01' }))).field
		).toBe('grantedByPersonId');
		expect((await refusal(grant({}, certPerson))).code).toBe('INVALID_INPUT');
		expect((await refusal(grant({ validFrom: '2027-01-01' }, certA, o.users.officerB))).code).toBe(
			'FORBIDDEN'
		);
		expect(await refusal(Promise.resolve().then(() => delegation({ validTo: '30/02/2027' })))).toMatchObject({
			field: 'validTo'
		});
		expect(await refusal(Promise.resolve().then(() => delegation({ scope: '' })))).toMatchObject({
			field: 'scope'
		});
		expect(await h.db.selectFrom('certificate_delegations').select('id').execute()).toEqual(before);
		// After the ended one, a new delegation for the same person is fine.
		await grant({ validFrom: '2026-07-01' });
	});

	it('offers the people in post of the agency (and, for delegations, of its units)', async () => {
		const names = async (subtree: boolean) =>
			(await peopleInPost(h.db, o.agencies.A.id, subtree)).map((x) => x.full_name).sort();
		expect(await names(false)).toEqual(['Giám Đốc A', 'Phó Văn Phòng', 'Văn Thư Hai', 'Văn Thư Một']);
		expect(await names(true)).toEqual([
			'Giám Đốc A',
			'Phó Văn Phòng',
			'Trưởng Đơn Vị',
			'Văn Thư Hai',
			'Văn Thư Một'
		]);
	});
});
