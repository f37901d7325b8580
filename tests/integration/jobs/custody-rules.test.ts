// The custody rules of the organisation certificate (org_cert_without_clerk, org_token_not_with_clerk,
// clerk_change_without_handover) and renewal_beyond_limit on hand-built rows, each firing on its case and
// silent on a control that looks alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { NOW, certsOf, inventoryRows, vn } from './obligation-fixtures';
import {
	clerkChangeWithoutHandover,
	orgCertWithoutClerk,
	orgTokenNotWithClerk
} from '../../../src/lib/jobs/scans/custody-rules';
import { renewalBeyondLimit } from '../../../src/lib/jobs/scans/certificate-rules';
import { insertToken } from '../../helpers/tokens';

let h: DbHandle;
let f: ReturnType<typeof inventoryRows>;
beforeAll(async () => {
	h = await openTestDb();
	f = inventoryRows(h.db);
});
afterAll(async () => {
	await h?.close();
});

describe('renewal_beyond_limit', () => {
	it('fires on a renewal of four years, not on one of three nor on a first issue of four', async () => {
		const P = await f.agency('RN');
		const p = await f.person(P.id, 'Gia Hạn', 'Chuyên viên');
		const old1 = await f.cert({
			agencyId: P.id,
			personId: p,
			notBefore: '2023-01-01',
			notAfter: '2026-01-01'
		});
		const long = await f.cert({
			agencyId: P.id,
			personId: p,
			notBefore: '2025-12-20',
			notAfter: '2029-12-20',
			renewalOf: old1
		});
		const old2 = await f.cert({
			agencyId: P.id,
			personId: p,
			notBefore: '2023-01-01',
			notAfter: '2026-01-01'
		});
		await f.cert({
			agencyId: P.id,
			personId: p,
			notBefore: '2025-12-20',
			notAfter: '2028-12-20',
			renewalOf: old2
		});
		await f.cert({ agencyId: P.id, personId: p, notBefore: '2025-12-20', notAfter: '2029-12-20' });
		const found = await f.rows(renewalBeyondLimit());
		expect(certsOf(found)).toEqual([long]);
		expect(found[0]!.summary).toContain('4.0 năm');
	});
});

describe('clerk custody', () => {
	const ids: Record<string, number> = {};
	beforeAll(async () => {
		const P = await f.agency('CK');
		const A = await f.agency('CK-A', P);
		const B = await f.agency('CK-B', P);
		const C = await f.agency('CK-C', P);
		const D = await f.agency('CK-D', P);
		const oldClerk = await f.person(A.id, 'Văn Thư Cũ', 'Văn thư');
		const newClerk = await f.person(A.id, 'Văn Thư Mới', 'Văn thư');
		const staff = await f.person(A.id, 'Chuyên Viên', 'Chuyên viên');
		// A: clerk changed on 01/05 without a hand-over; the device stays with the former clerk.
		await f.clerk(A.id, oldClerk, '2024-01-01', '2026-05-01');
		await f.clerk(A.id, newClerk, '2026-05-01');
		const tA = await insertToken(h.db, {
			serial: 'CK-TA',
			agencyId: A.id,
			holderPersonId: oldClerk,
			at: vn('2025-01-02')
		});
		ids.A = await f.cert({ agencyId: A.id, tokenId: tA });
		// B: clerk changed on 01/05 with the hand-over the same day: silent.
		const bOld = await f.person(B.id, 'Văn Thư B1', 'Văn thư');
		const bNew = await f.person(B.id, 'Văn Thư B2', 'Văn thư');
		await f.clerk(B.id, bOld, '2024-01-01', '2026-05-01');
		await f.clerk(B.id, bNew, '2026-05-01');
		const tB = await insertToken(h.db, {
			serial: 'CK-TB',
			agencyId: B.id,
			holderPersonId: bOld,
			at: vn('2025-01-02')
		});
		await f.custody(tB, 'handed_over', vn('2026-05-01', '16:00'), B.id, bNew);
		ids.B = await f.cert({ agencyId: B.id, tokenId: tB });
		// C: no clerk since 31/05; the device with the former clerk.
		const cOld = await f.person(C.id, 'Văn Thư C', 'Văn thư');
		await f.clerk(C.id, cOld, '2024-01-01', '2026-05-31');
		const tC = await insertToken(h.db, {
			serial: 'CK-TC',
			agencyId: C.id,
			holderPersonId: cOld,
			at: vn('2025-01-02')
		});
		ids.C = await f.cert({ agencyId: C.id, tokenId: tC });
		// D: a clerk, and the device with a staff member holding a written delegation: silent; a second device with
		// a staff member without one: fires.
		const dClerk = await f.person(D.id, 'Văn Thư D', 'Văn thư');
		await f.clerk(D.id, dClerk, '2024-01-01');
		const tD = await insertToken(h.db, {
			serial: 'CK-TD',
			agencyId: D.id,
			holderPersonId: staff,
			at: vn('2025-01-02')
		});
		ids.D = await f.cert({ agencyId: D.id, tokenId: tD });
		await h.db
			.insertInto('certificate_delegations')
			.values({
				certificate_id: ids.D,
				person_id: staff,
				decision_number: '1/UQ',
				scope: 'Giữ thiết bị',
				valid_from: '2026-01-01',
				recorded_by: 'test'
			})
			.execute();
		const tD2 = await insertToken(h.db, {
			serial: 'CK-TD2',
			agencyId: D.id,
			holderPersonId: staff,
			at: vn('2025-01-02')
		});
		ids.D2 = await f.cert({ agencyId: D.id, tokenId: tD2 });
		// A dissolved agency with no clerk is should_have_been_revoked's, not this rule's.
		const E = await f.agency('CK-E', P);
		await h.db
			.updateTable('agencies')
			.set({ active: false, ended_on: '2026-04-01' })
			.where('id', '=', E.id)
			.execute();
		ids.E = await f.cert({ agencyId: E.id });
	});

	it('org_cert_without_clerk: an agency in activity with no clerk today', async () => {
		// (The organisation certificates of the groups above have no clerk either; only this group's are judged.)
		const mine = new Set(Object.values(ids));
		const found = certsOf(await f.rows(orgCertWithoutClerk(NOW))).filter((id) => mine.has(id!));
		expect(found).toEqual([ids.C]);
	});

	it('org_token_not_with_clerk: held by a former clerk or by someone without a delegation', async () => {
		const found = await f.rows(orgTokenNotWithClerk(NOW));
		expect(certsOf(found)).toEqual([ids.A, ids.C, ids.D2].sort((a, b) => a! - b!));
		expect(found.find((f) => f.certificate_id === ids.A)!.evidence).toMatchObject({
			holder: 'Văn Thư Cũ',
			clerks: ['Văn Thư Mới']
		});
	});

	it('clerk_change_without_handover: a change with no hand-over record within the days allowed', async () => {
		const found = await f.rows(clerkChangeWithoutHandover(NOW));
		expect(certsOf(found)).toEqual([ids.A]);
		expect(found[0]!.evidence).toMatchObject({
			former_clerk: 'Văn Thư Cũ',
			new_clerk: 'Văn Thư Mới',
			changed_on: '2026-05-01'
		});
		// Not due while the days allowed run.
		expect(await f.rows(clerkChangeWithoutHandover(vn('2026-05-05')))).toEqual([]);
	});
});
