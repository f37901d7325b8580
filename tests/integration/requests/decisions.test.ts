// Lifecycle requests: officers file for their own agency only, staff decide, rejection needs a
// reason, token recovery is due at the end of 01 working day after acceptance (Điều 11.2), overdue
// requests are listed, and each list is limited to the caller's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { createRequest, decideRequest, getRequest } from '../../../src/lib/server/requests/service';
import { listRequests, openRecoveryRequests } from '../../../src/lib/server/requests/queries';
import { insertToken } from '../../helpers/tokens';

let h: DbHandle;
let sytId: number;
let skhcnId: number;
let officer: AuthUser;
const inspector: AuthUser = {
	id: 2,
	username: 'thanhtra',
	displayName: 'T',
	roles: ['inspector'],
	agencyId: null,
	scope: { kind: 'all' },
	sessionId: 's'
};
const who = { userId: null, actor: 'test', ip: null };
// Friday 6 March 2026, 10:00 in Vietnam; the next working day is Monday 9 March.
const friday = new Date('2026-03-06T03:00:00Z');

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	const agencies = await h.db
		.selectFrom('agencies')
		.select(['id', 'code', 'path'])
		.where('code', 'in', ['SYT', 'SKHCN'])
		.execute();
	const syt = agencies.find((a) => a.code === 'SYT')!;
	sytId = syt.id;
	skhcnId = agencies.find((a) => a.code === 'SKHCN')!.id;
	officer = {
		...inspector,
		id: 5,
		username: 'coquan',
		roles: ['agency_officer'],
		agencyId: syt.id,
		scope: { kind: 'subtree', agencyId: syt.id, path: syt.path }
	};
	await insertToken(h.db, { serial: 'TEST-SYT-1', agencyId: sytId, status: 'locked' });
	await insertToken(h.db, { serial: 'TEST-KHCN-1', agencyId: skhcnId, status: 'locked' });
});
afterAll(async () => h?.close());

describe('lifecycle requests', () => {
	it('lets an officer file a recovery for their agency only', async () => {
		await expect(
			createRequest(
				h.db,
				officer,
				{
					kind: 'recover',
					agencyId: skhcnId,
					certificate: '',
					tokenSerial: 'TEST-KHCN-1',
					referenceNumber: ''
				},
				who,
				friday
			)
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(
			createRequest(
				h.db,
				officer,
				{
					kind: 'recover',
					agencyId: sytId,
					certificate: '',
					tokenSerial: 'TEST-KHCN-1',
					referenceNumber: ''
				},
				who,
				friday
			)
		).rejects.toMatchObject({ code: 'INVALID_INPUT' });
		await expect(
			createRequest(
				h.db,
				officer,
				{ kind: 'recover', agencyId: sytId, certificate: '', tokenSerial: '', referenceNumber: '' },
				who,
				friday
			)
		).rejects.toMatchObject({ code: 'INVALID_INPUT' });
		const id = await createRequest(
			h.db,
			officer,
			{
				kind: 'recover',
				agencyId: sytId,
				certificate: '',
				tokenSerial: 'TEST-SYT-1',
				referenceNumber: '12/SYT-VP'
			},
			who,
			friday
		);
		const r = (await getRequest(h.db, officer, id, friday))!;
		expect(r).toMatchObject({
			kind: 'recover',
			form: 'Mẫu 06',
			status: 'submitted',
			tokenSerial: 'TEST-SYT-1',
			dueAt: null
		});
	});

	it('starts the 01-working-day clock on acceptance, flags overdue, and requires a reason to reject', async () => {
		const id = await createRequest(
			h.db,
			inspector,
			{ kind: 'recover', agencyId: sytId, certificate: '', tokenSerial: 'TEST-SYT-1', referenceNumber: '' },
			who,
			friday
		);
		await expect(decideRequest(h.db, officer, id, 'accept', '', who, friday)).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await decideRequest(h.db, inspector, id, 'accept', '', who, friday);
		const accepted = (await getRequest(h.db, inspector, id, friday))!;
		// Due at the end of Monday 9 March (Vietnam): midnight starting Tuesday, 17:00 UTC Monday.
		expect(accepted.dueAt!.toISOString()).toBe('2026-03-09T17:00:00.000Z');
		expect(accepted.status).toBe('in_progress');

		const tuesday = new Date('2026-03-10T02:00:00Z');
		const overdue = await listRequests(h.db, inspector.scope, { overdue: true }, tuesday);
		expect(overdue.rows.map((r) => r.id)).toEqual([id]);
		expect((await openRecoveryRequests(h.db, officer.scope, tuesday)).find((r) => r.id === id)?.overdue).toBe(
			true
		);
		const monday = new Date('2026-03-09T09:00:00Z');
		expect((await listRequests(h.db, inspector.scope, { overdue: true }, monday)).rows).toEqual([]);

		await expect(decideRequest(h.db, inspector, id, 'reject', '   ', who, tuesday)).rejects.toMatchObject({
			code: 'INVALID_INPUT'
		});
		await decideRequest(
			h.db,
			inspector,
			id,
			'reject',
			'Thiết bị bị hỏng vật lý, đề nghị cấp mới',
			who,
			tuesday
		);
		const rejected = (await getRequest(h.db, inspector, id, tuesday))!;
		expect(rejected).toMatchObject({
			status: 'rejected',
			reason: 'Thiết bị bị hỏng vật lý, đề nghị cấp mới',
			overdue: false,
			late: true
		});
		await expect(decideRequest(h.db, inspector, id, 'complete', '', who, tuesday)).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		const audit = await h.db
			.selectFrom('audit_log')
			.select('action')
			.where('entity_id', '=', String(id))
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['request.create', 'request.accept', 'request.reject']);
	});

	it('records the recovery in the token custody history and unlocks the token when completed', async () => {
		const token = {
			id: await insertToken(h.db, { serial: 'TEST-SYT-RECOVER', agencyId: sytId, status: 'locked' })
		};
		const id = await createRequest(
			h.db,
			officer,
			{
				kind: 'recover',
				agencyId: sytId,
				certificate: '',
				tokenSerial: 'TEST-SYT-RECOVER',
				referenceNumber: '15/SYT-VP'
			},
			who,
			friday
		);
		const custody = () =>
			h.db
				.selectFrom('token_custody_events')
				.selectAll()
				.where('token_id', '=', token.id)
				.where('event', '=', 'recovered')
				.execute();
		await decideRequest(h.db, inspector, id, 'accept', '', who, friday);
		expect(await custody()).toEqual([]);
		const done = new Date('2026-03-06T08:00:00Z');
		await decideRequest(h.db, inspector, id, 'complete', '', who, done);
		const events = await custody();
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			event: 'recovered',
			agency_id: sytId,
			recorded_by: 'thanhtra',
			form: 'Mẫu 06'
		});
		expect(new Date(events[0]!.occurred_at).toISOString()).toBe(done.toISOString());
		expect(events[0]!.note).toContain('15/SYT-VP');
		const after = await h.db
			.selectFrom('token_holdings')
			.select('status')
			.where('token_id', '=', token.id)
			.executeTakeFirst();
		expect(after?.status).toBe('issued');
	});

	it('isolates each agency: an officer neither lists nor opens another agency’s requests', async () => {
		const other = await createRequest(
			h.db,
			inspector,
			{ kind: 'issue', subscriber: 'organisation', agencyId: skhcnId },
			who,
			friday
		);
		const mine = await listRequests(h.db, officer.scope, {}, friday);
		expect(mine.total).toBeGreaterThan(0);
		const subtree = new Set(
			(
				await h.db
					.selectFrom('agencies')
					.select('id')
					.where('path', 'like', `${(officer.scope as { path: string }).path}%`)
					.execute()
			).map((a) => a.id)
		);
		expect(mine.rows.filter((r) => !subtree.has(r.agencyId))).toEqual([]);
		expect((await listRequests(h.db, inspector.scope, {}, friday)).rows.map((r) => r.id)).toContain(other);
		expect(await getRequest(h.db, officer, other, friday)).toBeNull();
		await expect(decideRequest(h.db, officer, other, 'cancel', '', who, friday)).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
	});
});
