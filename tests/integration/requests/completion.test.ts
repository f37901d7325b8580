// Completing a lifecycle request changes the inventory: a renewal links the new certificate to the
// old one (replaced once the new one is active), a change of information keeps what changed, a
// revocation marks the certificate until a CRL confirms it, a recovery unlocks the device. A
// refused completion changes nothing, the request included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { createRequest, decideRequest, getRequest } from '../../../src/lib/server/requests/service';
import { completionSchema, type CompletionInput } from '../../../src/lib/server/requests/completion';
import type { RequestKind } from '../../../src/lib/domain';
import { getCertificateDetail } from '../../../src/lib/server/inventory/certificate-detail';
import {
	listCertificates,
	certificateFilterSchema
} from '../../../src/lib/server/inventory/certificate-list';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { holdingOf } from '../../../src/lib/server/organisation/custody-state';

let h: DbHandle;
let agencyId: number;
let personA: number;
let personB: number;
const inspector: AuthUser = {
	id: 1,
	username: 'thanhtra',
	displayName: 'Thanh tra',
	roles: ['inspector'],
	agencyId: null,
	scope: { kind: 'all' },
	sessionId: 's'
};
const who = { userId: null, actor: 'test', ip: null };
const NOW = new Date('2026-06-30T03:00:00Z');

beforeAll(async () => {
	h = await openTestDb();
	const a = await h.db
		.insertInto('agencies')
		.values({ code: 'R_SYT', name: 'Sở Y tế thử', kind: 'province', path: '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	agencyId = a.id;
	await h.db
		.updateTable('agencies')
		.set({ path: `/${a.id}/` })
		.where('id', '=', a.id)
		.execute();
	const person = async (full_name: string) =>
		(
			await h.db
				.insertInto('people')
				.values({ agency_id: agencyId, full_name, title: 'Phó Giám đốc', email: 'a@syt.gov.vn' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	personA = await person('Nguyễn Văn A');
	personB = await person('Trần Thị B');
});
afterAll(async () => h?.close());

let n = 0;
async function cert(o: { personId: number; status?: 'active' | 'expired' | 'revoked'; tokenId?: number }) {
	n += 1;
	const serial = `5400${String(n).padStart(4, '0')}`;
	const revoked = o.status === 'revoked';
	const row = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: `${'ab'.repeat(30)}${String(n).padStart(4, '0')}`,
			serial_number: serial,
			issuer_dn: 'CN=CA',
			subject_dn: `CN=Cert ${n}`,
			subject_cn: `Cert ${n}`,
			kind: 'individual',
			agency_id: agencyId,
			person_id: o.personId,
			stated_title: 'Phó Giám đốc',
			email: 'a@syt.gov.vn',
			not_before: new Date('2025-01-01T00:00:00+07:00'),
			not_after: new Date('2028-01-01T00:00:00+07:00'),
			status: o.status ?? 'active',
			revoked_at: revoked ? new Date('2026-05-01T00:00:00+07:00') : null,
			token_id: o.tokenId ?? null,
			der: new Uint8Array([n])
		})
		.returning(['id', 'serial_number', 'fingerprint_sha256'])
		.executeTakeFirstOrThrow();
	return row;
}

async function inProgress(kind: RequestKind, certificate = '', tokenSerial = ''): Promise<number> {
	const id = await createRequest(
		h.db,
		inspector,
		{ kind, agencyId, certificate, tokenSerial, referenceNumber: `R-${kind}` },
		who,
		NOW
	);
	await decideRequest(h.db, inspector, id, 'accept', '', who, NOW);
	return id;
}
const complete = (id: number, c: Partial<CompletionInput> = {}) =>
	decideRequest(h.db, inspector, id, 'complete', '', who, NOW, completionSchema.parse(c));
const status = async (id: number) =>
	await h.db
		.selectFrom('certificates')
		.select(['status', 'renewal_of_id'])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();

describe('completing a renewal', () => {
	it('links the new certificate to the old one and replaces the old one', async () => {
		const old = await cert({ personId: personA });
		const next = await cert({ personId: personA });
		const id = await inProgress('renew', old.serial_number);
		await expect(complete(id)).rejects.toMatchObject({ details: { field: 'newCertificate' } });
		expect((await getRequest(h.db, inspector, id, NOW))!.status).toBe('in_progress');
		await complete(id, { newCertificate: next.fingerprint_sha256.toUpperCase() });
		expect(await status(next.id)).toEqual({ status: 'active', renewal_of_id: old.id });
		expect(await status(old.id)).toMatchObject({ status: 'replaced' });
		const r = (await getRequest(h.db, inspector, id, NOW))!;
		expect(r.status).toBe('completed');
		expect(r.outcome).toMatchObject({
			certificate: { id: old.id },
			newCertificate: { id: next.id, serial: next.serial_number },
			oldStatus: ['active', 'replaced']
		});
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'details'])
			.where('action', 'in', ['certificate.renewal_link', 'request.complete'])
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['certificate.renewal_link', 'request.complete']);
		expect(audit[0]!.details).toMatchObject({
			renewalOf: { before: null, after: old.id },
			oldCertificate: { status: { before: 'active', after: 'replaced' } }
		});
		expect(audit[1]!.details).toMatchObject({ outcome: { newCertificate: { id: next.id } } });
	});

	it('refuses a certificate of another holder, or one already renewing another, and changes nothing', async () => {
		const old = await cert({ personId: personA });
		const foreign = await cert({ personId: personB });
		const id = await inProgress('renew', old.serial_number);
		await expect(complete(id, { newCertificate: foreign.serial_number })).rejects.toMatchObject({
			code: 'INVALID_INPUT'
		});
		const other = await cert({ personId: personA });
		const taken = await cert({ personId: personA });
		await h.db
			.updateTable('certificates')
			.set({ renewal_of_id: other.id })
			.where('id', '=', taken.id)
			.execute();
		await expect(complete(id, { newCertificate: taken.serial_number })).rejects.toMatchObject({
			code: 'INVALID_INPUT'
		});
		await expect(complete(id, { newCertificate: 'ffff' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
		expect(await status(old.id)).toEqual({ status: 'active', renewal_of_id: null });
		expect(await status(foreign.id)).toEqual({ status: 'active', renewal_of_id: null });
		expect((await getRequest(h.db, inspector, id, NOW))!.status).toBe('in_progress');
	});
});

describe('completing a change of information', () => {
	it('records what changed, before and after, and links a reissued certificate', async () => {
		const old = await cert({ personId: personA });
		const id = await inProgress('change', old.serial_number);
		await expect(complete(id)).rejects.toMatchObject({ details: { field: 'changes' } });
		await expect(
			complete(id, { changes: [{ field: 'email', before: 'a@syt.gov.vn', after: 'a@syt.gov.vn' }] })
		).rejects.toMatchObject({ details: { field: 'changes' } });
		const reissued = await cert({ personId: personA });
		await complete(id, {
			changes: [
				{ field: 'title', before: 'Phó Giám đốc', after: 'Giám đốc' },
				{ field: 'email', before: 'a@syt.gov.vn', after: 'gd@syt.gov.vn' }
			],
			newCertificate: reissued.serial_number
		});
		const r = (await getRequest(h.db, inspector, id, NOW))!;
		expect(r.outcome.changes).toEqual([
			{ field: 'title', before: 'Phó Giám đốc', after: 'Giám đốc' },
			{ field: 'email', before: 'a@syt.gov.vn', after: 'gd@syt.gov.vn' }
		]);
		expect(await status(reissued.id)).toEqual({ status: 'active', renewal_of_id: old.id });
		const audit = await h.db
			.selectFrom('audit_log')
			.select('details')
			.where('action', '=', 'request.complete')
			.where('entity_id', '=', String(id))
			.executeTakeFirstOrThrow();
		expect((audit.details as { outcome: { changes: unknown[] } }).outcome.changes).toEqual(r.outcome.changes);
	});
});

describe('completing a revocation', () => {
	it('marks the certificate "revocation requested" until the CRL revokes it', async () => {
		const c = await cert({ personId: personB });
		// A request recorded before the form required the certificate (or imported without one):
		// the completion names it.
		const { id } = await h.db
			.insertInto('lifecycle_requests')
			.values({ kind: 'revoke', form: 'Mẫu 05', agency_id: agencyId, submitted_at: NOW, status: 'submitted' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await decideRequest(h.db, inspector, id, 'accept', '', who, NOW);
		await expect(complete(id)).rejects.toMatchObject({ details: { field: 'certificate' } });
		await complete(id, { certificate: c.serial_number });
		const r = (await getRequest(h.db, inspector, id, NOW))!;
		expect(r.certificateId).toBe(c.id);
		expect(r.outcome.revocationRequestedAt).toBe(NOW.toISOString());
		const detail = (await getCertificateDetail(h.db, inspector.scope, c.id))!;
		expect(detail.status).toBe('active');
		expect(detail.revocation_requested_at?.toISOString()).toBe(NOW.toISOString());
		const list = await listCertificates(
			h.db,
			inspector.scope,
			parseQuery(certificateFilterSchema, new URLSearchParams({ q: c.serial_number })).value,
			NOW
		);
		expect(list.rows.find((x) => x.id === c.id)?.revocation_requested_at).toEqual(NOW);
		// The CRL confirms: the status is 'revoked', the request time stays as history.
		await h.db
			.updateTable('certificates')
			.set({ status: 'revoked', revoked_at: new Date('2026-07-01T00:00:00Z') })
			.where('id', '=', c.id)
			.execute();
		const after = (await getCertificateDetail(h.db, inspector.scope, c.id))!;
		expect(after.status).toBe('revoked');
		expect(after.revocation_requested_at?.toISOString()).toBe(NOW.toISOString());
	});
});

describe('completing a recovery', () => {
	it('records the recovery of a locked device, nothing for one in use, and refuses a lost one', async () => {
		const locked = await insertToken(h.db, {
			serial: 'R-LOCKED',
			agencyId,
			holderPersonId: personA,
			status: 'locked'
		});
		const inUse = await insertToken(h.db, { serial: 'R-INUSE', agencyId, holderPersonId: personA });
		const lost = await insertToken(h.db, {
			serial: 'R-LOST',
			agencyId,
			holderPersonId: personA,
			status: 'lost'
		});
		const a = await inProgress('recover', '', 'R-LOCKED');
		await complete(a);
		expect(await holdingOf(h.db, locked)).toMatchObject({ status: 'issued', holder_person_id: personA });
		const ev = await h.db
			.selectFrom('token_custody_events')
			.selectAll()
			.where('token_id', '=', locked)
			.where('event', '=', 'recovered')
			.executeTakeFirstOrThrow();
		expect(ev).toMatchObject({
			to_person_id: personA,
			agency_id: agencyId,
			recorded_by: 'thanhtra',
			form: 'Mẫu 06'
		});
		expect((await getRequest(h.db, inspector, a, NOW))!.outcome).toEqual({
			recoveredEventId: ev.id,
			tokenStatus: 'issued'
		});
		const b = await inProgress('recover', '', 'R-INUSE');
		await complete(b);
		expect((await getRequest(h.db, inspector, b, NOW))!.outcome).toEqual({
			recoveredEventId: null,
			tokenStatus: 'issued'
		});
		expect((await holdingOf(h.db, inUse))!.status).toBe('issued');
		const c = await inProgress('recover', '', 'R-LOST');
		await expect(complete(c)).rejects.toMatchObject({ code: 'CONFLICT' });
		expect((await holdingOf(h.db, lost))!.status).toBe('lost');
		expect((await getRequest(h.db, inspector, c, NOW))!.status).toBe('in_progress');
	});
});
