// The misuse rules that read dated history, with planted cases and their controls, all recorded
// through the services the pages use: a title change mid-year (the old title is right before it,
// wrong after; the new one the other way round), written delegations for an organisation
// certificate (a delegate is not flagged, a non-delegate is, a delegation that ended is flagged
// after its last day, a delegation for another certificate does not count), and a retirement
// recorded by hand that makes the next scan raise `holder_left` for later signatures only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { createPerson } from '../../../src/lib/server/organisation/people';
import { changeStatus, changeTitle } from '../../../src/lib/server/organisation/people-history';
import { endDelegation, grantDelegation } from '../../../src/lib/server/organisation/delegations';
import type { Editor } from '../../../src/lib/server/organisation/people-access';
import { addEvent, buildWorld, eventIdOf, type World } from './fixtures';

let h: DbHandle;
let w: World;
let runner: JobRunner;
const clock = new ManualClock('2026-11-20T10:00:00+07:00');
const admin: Editor = { roles: ['admin'], agencyId: null, scope: { kind: 'all' } };
const who = { userId: null, actor: 'thanhtra', ip: null };
const at = (d: string, hm = '09:30') => `${d}T${hm}:00+07:00`;

const people: Record<'promoted' | 'delegate' | 'stranger' | 'lapsed' | 'other' | 'retiree', number> =
	{} as never;
const certs: Record<'promoted' | 'orgRenewed' | 'retiree', { id: number; fp: string }> = {} as never;

async function scan() {
	clock.advance(3_600_000);
	await runner.enqueue('misuse-scan', { trigger: 'manual' });
	const [run] = await runner.pollOnce();
	expect(run?.status, run?.error ?? '').toBe('succeeded');
}
const openFindings = (kind: string) =>
	h.db
		.selectFrom('findings')
		.select(['dedupe_key', 'person_id', 'certificate_id', 'evidence'])
		.where('kind', '=', kind)
		.where('status', '<>', 'resolved')
		.orderBy('dedupe_key')
		.execute();
const eventId = (sourceId: string) => eventIdOf(h.db, sourceId);
const evidence = (f: { evidence: unknown }) =>
	f.evidence as { events: number; event_ids: number[]; acting_title?: string };

let certSeq = 0;
async function certificate(kind: 'organisation' | 'individual', personId: number | null) {
	certSeq += 1;
	const fp = `da7ed${certSeq}`.padEnd(64, '0');
	const row = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: fp,
			serial_number: `da7${certSeq}`,
			issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2',
			subject_dn: `CN=Chứng thư ${certSeq}`,
			subject_cn: `Chứng thư ${certSeq}`,
			kind,
			agency_id: w.agencies.A.id,
			person_id: personId,
			not_before: new Date('2025-01-01T00:00:00+07:00'),
			not_after: new Date('2029-01-01T00:00:00+07:00'),
			der: new Uint8Array([certSeq, 7])
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, fp };
}

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({ db: h.db, jobs: [misuseScan], clock, instanceId: 'T', log: () => undefined });
	const add = (fullName: string, title: string) =>
		createPerson(
			h.db,
			admin,
			{
				fullName,
				agencyId: w.agencies.A.id,
				title,
				startDate: '2025-01-01',
				email: null,
				nationalId: null,
				decisionNumber: null
			},
			who
		);
	people.promoted = await add('Lê Thăng Tiến', 'Phó Giám đốc');
	people.delegate = await add('Ngô Được Ủy', 'Phó Chánh Văn phòng');
	people.stranger = await add('Đinh Không Phép', 'Chuyên viên');
	people.lapsed = await add('Hồ Hết Hạn', 'Chuyên viên');
	people.other = await add('Kha Chứng Khác', 'Chuyên viên');
	people.retiree = await add('Võ Về Hưu', 'Trưởng phòng');
	certs.promoted = await certificate('individual', people.promoted);
	certs.orgRenewed = await certificate('organisation', null);
	certs.retiree = await certificate('individual', people.retiree);

	await changeTitle(
		h.db,
		admin,
		people.promoted,
		{ title: 'Giám đốc', date: '2026-07-01', decisionNumber: '5/QĐ-UBND' },
		who
	);
	const grant = (personId: number, certificateId: number) =>
		grantDelegation(
			h.db,
			admin,
			certificateId,
			{
				personId,
				grantedByPersonId: w.people.head,
				decisionNumber: '15/GUQ-A',
				scope: 'Ký số văn bản khi văn thư vắng mặt',
				validFrom: '2026-01-01',
				validTo: null
			},
			who
		);
	await grant(people.delegate, w.certs.org.id);
	const lapsed = await grant(people.lapsed, w.certs.org.id);
	await endDelegation(h.db, admin, w.certs.org.id, { id: lapsed, endedOn: '2026-06-30' }, who);
	await grant(people.other, certs.orgRenewed.id);

	const E = (
		sourceId: string,
		when: string,
		cert: { id: number },
		person: number,
		title: string | null,
		form: 'own' | 'org' = 'own'
	) => addEvent(h.db, w, { at: when, cert, person, title, form, sourceId });
	// Title: before the change on 01/07/2026 'Phó Giám đốc' is right, from it 'Giám đốc'.
	await E('T-OLD-BEFORE', at('2026-05-10'), certs.promoted, people.promoted, 'Phó Giám đốc');
	await E('T-OLD-LASTDAY', at('2026-06-30', '16:00'), certs.promoted, people.promoted, 'Phó Giám đốc');
	await E('T-OLD-AFTER', at('2026-08-10'), certs.promoted, people.promoted, 'Phó Giám đốc');
	await E('T-NEW-BEFORE', at('2026-05-12'), certs.promoted, people.promoted, 'Giám đốc');
	await E('T-NEW-FIRSTDAY', at('2026-07-01', '08:00'), certs.promoted, people.promoted, 'Giám đốc');
	await E('T-NEW-AFTER', at('2026-08-12'), certs.promoted, people.promoted, ' giám đốc ');
	// Organisation certificate of A.
	await E('D-DELEGATE', at('2026-07-20'), w.certs.org, people.delegate, 'Phó Chánh Văn phòng', 'org');
	await E('D-STRANGER', at('2026-07-21'), w.certs.org, people.stranger, 'Chuyên viên', 'org');
	await E('D-LAPSED-IN', at('2026-06-15'), w.certs.org, people.lapsed, 'Chuyên viên', 'org');
	await E('D-LAPSED-LASTDAY', at('2026-06-30', '16:00'), w.certs.org, people.lapsed, 'Chuyên viên', 'org');
	await E('D-LAPSED-OUT', at('2026-07-15'), w.certs.org, people.lapsed, 'Chuyên viên', 'org');
	await E('D-OTHER-CERT', at('2026-07-22'), w.certs.org, people.other, 'Chuyên viên', 'org');
	await E('D-OTHER-OWN', at('2026-07-23'), certs.orgRenewed, people.other, 'Chuyên viên', 'org');
	// Retirement: one signature before the date, one on it.
	await E('R-BEFORE', at('2026-08-28'), certs.retiree, people.retiree, 'Trưởng phòng');
	await E('R-ON', at('2026-09-01', '10:00'), certs.retiree, people.retiree, 'Trưởng phòng');
});
afterAll(async () => {
	await h?.close();
});

describe('dated misuse rules', () => {
	it('reads the title valid on the signing day', async () => {
		await scan();
		const found = await openFindings('title_mismatch');
		expect(found.map((f) => [evidence(f).acting_title, evidence(f).events, evidence(f).event_ids])).toEqual(
			expect.arrayContaining([
				['Phó Giám đốc', 1, [await eventId('T-OLD-AFTER')]],
				['Giám đốc', 1, [await eventId('T-NEW-BEFORE')]]
			])
		);
		expect(found).toHaveLength(2);
		expect(found.every((f) => f.certificate_id === certs.promoted.id)).toBe(true);
	});

	it('does not flag a written delegate of the certificate, and flags everyone else', async () => {
		const found = await openFindings('org_cert_non_clerk');
		const byPerson = new Map(found.map((f) => [f.person_id, f]));
		expect(byPerson.has(people.delegate)).toBe(false);
		expect(evidence(byPerson.get(people.stranger)!).event_ids).toEqual([await eventId('D-STRANGER')]);
		// A delegation that ended on 30/06 covers that day, not the days after.
		expect(evidence(byPerson.get(people.lapsed)!)).toMatchObject({
			events: 1,
			event_ids: [await eventId('D-LAPSED-OUT')]
		});
		// A delegation names one certificate: it does not cover the agency's other one.
		const other = byPerson.get(people.other)!;
		expect(other.certificate_id).toBe(w.certs.org.id);
		expect(evidence(other).event_ids).toEqual([await eventId('D-OTHER-CERT')]);
		expect(found.map((f) => f.person_id).sort()).toEqual(
			[people.lapsed, people.other, people.stranger].sort()
		);
	});

	it('raises holder_left at the next scan after a retirement recorded by hand, for later signatures only', async () => {
		expect(await openFindings('holder_left')).toEqual([]);
		await changeStatus(
			h.db,
			admin,
			people.retiree,
			{ status: 'retired', date: '2026-09-01', decisionNumber: '88/QĐ-UBND', note: null },
			who
		);
		await scan();
		const found = await openFindings('holder_left');
		expect(found.map((f) => f.dedupe_key)).toEqual([`holder_left:${certs.retiree.fp}`]);
		expect(evidence(found[0]!)).toMatchObject({ events: 1, event_ids: [await eventId('R-ON')] });
		expect(found[0]!.person_id).toBe(people.retiree);
		// Their signature on the retirement day is not also a title problem: no post covers that day
		// (it closed on 31/08), so their current title is the one read, and it matches.
		expect(
			(await openFindings('title_mismatch')).filter((f) => f.certificate_id === certs.retiree.id)
		).toEqual([]);
	});
});
