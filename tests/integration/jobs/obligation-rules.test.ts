// The inventory rules of issue 16 on hand-built rows (an empty migrated database): should_have_been_revoked,
// change_request_missing, renewal_beyond_limit and the clerk custody rules, each firing on its case and
// silent on a control that looks alike; then the expiry-scan job with the administrator's setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { Database } from '../../../src/lib/server/db/schema';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import {
	DEFAULT_OBLIGATION_RULES,
	changeRequestMissing,
	shouldHaveBeenRevoked
} from '../../../src/lib/jobs/scans/obligation-rules';
import {
	clerkChangeWithoutHandover,
	orgCertWithoutClerk,
	orgTokenNotWithClerk
} from '../../../src/lib/jobs/scans/custody-rules';
import { renewalBeyondLimit } from '../../../src/lib/jobs/scans/certificate-rules';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { expiryScan } from '../../../src/lib/jobs/definitions/expiry-scan';

let h: DbHandle;
let db: Kysely<Database>;
const NOW = new Date('2026-06-15T10:00:00+07:00');
const vn = (d: string, hm = '09:00') => new Date(`${d}T${hm}:00+07:00`);

interface Row {
	dedupe_key: string;
	summary: string;
	certificate_id: number | null;
	evidence: Record<string, unknown>;
}
const rows = async (q: RawBuilder<unknown>) => (await sql<Row>`${q}`.execute(db)).rows;
const certsOf = (r: Row[]) => r.map((x) => x.certificate_id).sort((a, b) => (a ?? 0) - (b ?? 0));

let seq = 0;
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

beforeAll(async () => {
	h = await openTestDb();
	db = h.db;
});
afterAll(async () => {
	await h?.close();
});

describe('should_have_been_revoked', () => {
	const fire: number[] = [];
	const silent: number[] = [];
	beforeAll(async () => {
		const P = await agency('RV');
		const B = await agency('RV-B', P);
		const C = await agency('RV-C', P);
		// Retired on 01/03, certificate still active: fires.
		const retired = await person(P.id, 'Nghỉ Hưu', 'Phó Giám đốc');
		await leave(retired, 'retired', '2026-03-01');
		fire.push(await cert({ agencyId: P.id, personId: retired }));
		// Left 10/06, within the 10 days: silent (not due yet).
		const recent = await person(P.id, 'Mới Nghỉ', 'Chuyên viên');
		await leave(recent, 'resigned', '2026-06-10');
		silent.push(await cert({ agencyId: P.id, personId: recent }));
		// Left 01/03 with a revocation request on 04/03 (the CA has not acted): silent.
		const requested = await person(P.id, 'Đã Đề Nghị', 'Chuyên viên');
		await leave(requested, 'resigned', '2026-03-01');
		const rq = await cert({ agencyId: P.id, personId: requested });
		await request('revoke', rq, P.id, vn('2026-03-04'));
		silent.push(rq);
		// Left 01/03, revoked 03/03: silent; revoked only on 01/05: fires (late).
		const onTime = await person(P.id, 'Thu Hồi Kịp', 'Chuyên viên');
		await leave(onTime, 'retired', '2026-03-01');
		silent.push(await cert({ agencyId: P.id, personId: onTime, revokedAt: vn('2026-03-03') }));
		const late = await person(P.id, 'Thu Hồi Muộn', 'Chuyên viên');
		await leave(late, 'retired', '2026-03-01');
		fire.push(await cert({ agencyId: P.id, personId: late, revokedAt: vn('2026-05-01') }));
		// Transferred within the state sector, change request filed in time: silent.
		const moved = await person(P.id, 'Chuyển Đi', 'Chuyên viên');
		await leave(moved, 'transferred', '2026-03-01');
		const mv = await cert({ agencyId: P.id, personId: moved });
		await request('change', mv, P.id, vn('2026-03-05'));
		silent.push(mv);
		// Device lost 01/04, certificate still active: fires; lost and revoked next day: silent.
		const holder = await person(P.id, 'Mất Thiết Bị', 'Chuyên viên');
		const lost = await insertToken(db, { serial: 'RV-LOST', agencyId: P.id, holderPersonId: holder });
		await custody(lost, 'lost', vn('2026-04-01'), P.id);
		fire.push(await cert({ agencyId: P.id, personId: holder, tokenId: lost }));
		const lost2 = await insertToken(db, { serial: 'RV-LOST2', agencyId: P.id, holderPersonId: holder });
		await custody(lost2, 'lost', vn('2026-04-01'), P.id);
		silent.push(
			await cert({ agencyId: P.id, personId: holder, tokenId: lost2, revokedAt: vn('2026-04-02') })
		);
		// Agency B dissolved on 01/04, its organisation certificate active: fires; C merged "as units" (still
		// active, no end): silent.
		await db
			.updateTable('agencies')
			.set({ active: false, ended_on: '2026-04-01' })
			.where('id', '=', B.id)
			.execute();
		fire.push(await cert({ agencyId: B.id }));
		silent.push(await cert({ agencyId: C.id }));
	});

	it('fires on each cause once it is due and stays silent on the controls', async () => {
		const found = await rows(shouldHaveBeenRevoked(NOW));
		expect(certsOf(found)).toEqual([...fire].sort((a, b) => a - b));
		for (const id of silent) expect(found.some((f) => f.certificate_id === id)).toBe(false);
		const causes = found.map((f) => f.evidence.cause).sort();
		expect(causes).toEqual(['agency_ended', 'holder_left', 'holder_left', 'token_lost']);
		const dissolved = found.find((f) => f.evidence.cause === 'agency_ended')!;
		expect(dissolved.evidence.agency_change).toBe('dissolved');
		expect(dissolved.summary).toContain('giải thể (01/04/2026)');
	});

	it('follows the number of days the administrator sets', async () => {
		const found = await rows(shouldHaveBeenRevoked(NOW, { ...DEFAULT_OBLIGATION_RULES, revocationDays: 90 }));
		// Only the retirement of 01/03 (106 days) is past 90 days with nothing done; the late revocation on 01/05
		// came within 90 days, the loss and the dissolution (75 days) are not due.
		expect(certsOf(found)).toEqual([fire[0]]);
	});
});

describe('change_request_missing', () => {
	const fire: number[] = [];
	const silent: number[] = [];
	beforeAll(async () => {
		const P = await agency('CR');
		const Q = await agency('CR-Q', P);
		const R = await agency('CR-R', P);
		const titled = async (name: string, from: string, agencyTo = P.id, title = 'Phó Giám đốc') => {
			const p = await person(P.id, name, 'Trưởng phòng');
			await post(p, P.id, 'Trưởng phòng', '2024-01-01', from === '' ? null : dayBefore(from));
			if (from) await post(p, agencyTo, title, from, null);
			return p;
		};
		// New title on 01/04 and nothing filed: fires.
		fire.push(await cert({ agencyId: P.id, personId: await titled('Lên Chức', '2026-04-01') }));
		// Moved to agency Q on 01/04 with the same title: fires.
		fire.push(
			await cert({
				agencyId: P.id,
				personId: await titled('Chuyển Cơ Quan', '2026-04-01', Q.id, 'Trưởng phòng')
			})
		);
		// New title with a change request 10 days later: silent.
		const asked = await cert({ agencyId: P.id, personId: await titled('Có Đề Nghị', '2026-04-01') });
		await request('change', asked, P.id, vn('2026-04-11'));
		silent.push(asked);
		// New title on 01/06, within the 30 days: silent.
		silent.push(await cert({ agencyId: P.id, personId: await titled('Mới Đổi', '2026-06-01') }));
		// The title changed before the certificate was issued: silent.
		silent.push(
			await cert({
				agencyId: P.id,
				personId: await titled('Đổi Trước', '2025-06-01'),
				notBefore: '2025-07-01'
			})
		);
		// Same title all along: silent.
		silent.push(await cert({ agencyId: P.id, personId: await titled('Không Đổi', '') }));
		// Agency Q renamed on 01/03, its organisation certificate unchanged: fires; R renamed and a new certificate
		// issued ten days later: silent.
		for (const a of [Q, R])
			await db
				.insertInto('agency_events')
				.values({
					agency_id: a.id,
					kind: 'renamed',
					effective_on: '2026-03-01',
					details: JSON.stringify({ name: ['Tên cũ', 'Tên mới'] }),
					recorded_by: 'test'
				})
				.execute();
		fire.push(await cert({ agencyId: Q.id }));
		silent.push(await cert({ agencyId: R.id, notAfter: '2026-03-20' }));
		silent.push(await cert({ agencyId: R.id, notBefore: '2026-03-11' }));
	});
	const dayBefore = (d: string) =>
		new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

	it('fires on a new title, a new agency and a new agency name with no request, silent on the controls', async () => {
		const found = await rows(changeRequestMissing(NOW));
		expect(certsOf(found)).toEqual([...fire].sort((a, b) => a - b));
		const [title, moved, renamed] = fire.map((id) => found.find((f) => f.certificate_id === id)!);
		expect(title!.evidence).toMatchObject({
			cause: 'post',
			title_before: 'Trưởng phòng',
			title_after: 'Phó Giám đốc'
		});
		expect(moved!.evidence).toMatchObject({ cause: 'post', name_after: 'Cơ quan CR-Q' });
		expect(moved!.evidence.title_after).toBeUndefined();
		expect(renamed!.evidence).toMatchObject({
			cause: 'agency_renamed',
			name_before: 'Tên cũ',
			name_after: 'Tên mới'
		});
		expect(renamed!.summary).toContain('cơ quan đổi tên thành "Tên mới" từ 01/03/2026');
	});

	it('follows the number of days the administrator sets', async () => {
		const found = await rows(
			changeRequestMissing(NOW, { ...DEFAULT_OBLIGATION_RULES, changeRequestDays: 100 })
		);
		// 01/03 + 100 days is past; 01/04 + 100 days is not yet.
		expect(certsOf(found)).toEqual([fire[2]]);
	});
});

describe('renewal_beyond_limit', () => {
	it('fires on a renewal of four years, not on one of three nor on a first issue of four', async () => {
		const P = await agency('RN');
		const p = await person(P.id, 'Gia Hạn', 'Chuyên viên');
		const old1 = await cert({ agencyId: P.id, personId: p, notBefore: '2023-01-01', notAfter: '2026-01-01' });
		const long = await cert({
			agencyId: P.id,
			personId: p,
			notBefore: '2025-12-20',
			notAfter: '2029-12-20',
			renewalOf: old1
		});
		const old2 = await cert({ agencyId: P.id, personId: p, notBefore: '2023-01-01', notAfter: '2026-01-01' });
		await cert({
			agencyId: P.id,
			personId: p,
			notBefore: '2025-12-20',
			notAfter: '2028-12-20',
			renewalOf: old2
		});
		await cert({ agencyId: P.id, personId: p, notBefore: '2025-12-20', notAfter: '2029-12-20' });
		const found = await rows(renewalBeyondLimit());
		expect(certsOf(found)).toEqual([long]);
		expect(found[0]!.summary).toContain('4.0 năm');
	});
});

describe('clerk custody', () => {
	const ids: Record<string, number> = {};
	beforeAll(async () => {
		const P = await agency('CK');
		const A = await agency('CK-A', P);
		const B = await agency('CK-B', P);
		const C = await agency('CK-C', P);
		const D = await agency('CK-D', P);
		const oldClerk = await person(A.id, 'Văn Thư Cũ', 'Văn thư');
		const newClerk = await person(A.id, 'Văn Thư Mới', 'Văn thư');
		const staff = await person(A.id, 'Chuyên Viên', 'Chuyên viên');
		// A: clerk changed on 01/05 without a hand-over; the device stays with the former clerk.
		await clerk(A.id, oldClerk, '2024-01-01', '2026-05-01');
		await clerk(A.id, newClerk, '2026-05-01');
		const tA = await insertToken(db, {
			serial: 'CK-TA',
			agencyId: A.id,
			holderPersonId: oldClerk,
			at: vn('2025-01-02')
		});
		ids.A = await cert({ agencyId: A.id, tokenId: tA });
		// B: clerk changed on 01/05 with the hand-over the same day: silent.
		const bOld = await person(B.id, 'Văn Thư B1', 'Văn thư');
		const bNew = await person(B.id, 'Văn Thư B2', 'Văn thư');
		await clerk(B.id, bOld, '2024-01-01', '2026-05-01');
		await clerk(B.id, bNew, '2026-05-01');
		const tB = await insertToken(db, {
			serial: 'CK-TB',
			agencyId: B.id,
			holderPersonId: bOld,
			at: vn('2025-01-02')
		});
		await custody(tB, 'handed_over', vn('2026-05-01', '16:00'), B.id, bNew);
		ids.B = await cert({ agencyId: B.id, tokenId: tB });
		// C: no clerk since 31/05; the device with the former clerk.
		const cOld = await person(C.id, 'Văn Thư C', 'Văn thư');
		await clerk(C.id, cOld, '2024-01-01', '2026-05-31');
		const tC = await insertToken(db, {
			serial: 'CK-TC',
			agencyId: C.id,
			holderPersonId: cOld,
			at: vn('2025-01-02')
		});
		ids.C = await cert({ agencyId: C.id, tokenId: tC });
		// D: a clerk, and the device with a staff member holding a written delegation: silent; a second device with
		// a staff member without one: fires.
		const dClerk = await person(D.id, 'Văn Thư D', 'Văn thư');
		await clerk(D.id, dClerk, '2024-01-01');
		const tD = await insertToken(db, {
			serial: 'CK-TD',
			agencyId: D.id,
			holderPersonId: staff,
			at: vn('2025-01-02')
		});
		ids.D = await cert({ agencyId: D.id, tokenId: tD });
		await db
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
		const tD2 = await insertToken(db, {
			serial: 'CK-TD2',
			agencyId: D.id,
			holderPersonId: staff,
			at: vn('2025-01-02')
		});
		ids.D2 = await cert({ agencyId: D.id, tokenId: tD2 });
		// A dissolved agency with no clerk is should_have_been_revoked's, not this rule's.
		const E = await agency('CK-E', P);
		await db
			.updateTable('agencies')
			.set({ active: false, ended_on: '2026-04-01' })
			.where('id', '=', E.id)
			.execute();
		ids.E = await cert({ agencyId: E.id });
	});

	it('org_cert_without_clerk: an agency in activity with no clerk today', async () => {
		// (The organisation certificates of the groups above have no clerk either; only this group's are judged.)
		const mine = new Set(Object.values(ids));
		const found = certsOf(await rows(orgCertWithoutClerk(NOW))).filter((id) => mine.has(id!));
		expect(found).toEqual([ids.C]);
	});

	it('org_token_not_with_clerk: held by a former clerk or by someone without a delegation', async () => {
		const found = await rows(orgTokenNotWithClerk(NOW));
		expect(certsOf(found)).toEqual([ids.A, ids.C, ids.D2].sort((a, b) => a! - b!));
		expect(found.find((f) => f.certificate_id === ids.A)!.evidence).toMatchObject({
			holder: 'Văn Thư Cũ',
			clerks: ['Văn Thư Mới']
		});
	});

	it('clerk_change_without_handover: a change with no hand-over record within the days allowed', async () => {
		const found = await rows(clerkChangeWithoutHandover(NOW));
		expect(certsOf(found)).toEqual([ids.A]);
		expect(found[0]!.evidence).toMatchObject({
			former_clerk: 'Văn Thư Cũ',
			new_clerk: 'Văn Thư Mới',
			changed_on: '2026-05-01'
		});
		// Not due while the days allowed run.
		expect(await rows(clerkChangeWithoutHandover(vn('2026-05-05')))).toEqual([]);
	});
});

describe('expiry-scan with the setting', () => {
	it('raises the new kinds and reads jobs.obligation_rules', async () => {
		const clock = new ManualClock(NOW.toISOString());
		const runner = new JobRunner({ db, jobs: [expiryScan], clock, instanceId: 'T', log: () => undefined });
		const scan = async () => {
			await runner.enqueue('expiry-scan', { trigger: 'manual' });
			const [r] = await runner.pollOnce();
			expect(r?.status, r?.error ?? '').toBe('succeeded');
			return db
				.selectFrom('findings')
				.select(['kind', 'legal_basis'])
				.where('status', '<>', 'resolved')
				.where('kind', '=', 'should_have_been_revoked')
				.execute();
		};
		const before = await scan();
		// The four of the first group and the dissolved agency CK-E of the custody group.
		expect(before.length).toBe(5);
		expect(before[0]!.legal_basis).toBe('Điều 10; NĐ 68/2024 Điều 17');
		await db
			.insertInto('settings')
			.values({ key: 'jobs.obligation_rules', value: JSON.stringify({ revocationDays: 90 }) })
			.execute();
		clock.advance(60_000);
		expect((await scan()).length).toBe(1);
	});
});
