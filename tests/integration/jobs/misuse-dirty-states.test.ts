// The incremental misuse scan judges the certificate-first rules on the certificates of the new
// events and on those whose dated state changed since its last run: each change below is
// recorded by hand with no new event (a revocation, a lost device, an expiry corrected, a
// certificate linked to a holder who has left, an expiry passing after a signature dated ahead),
// and the next incremental run finds, or resolves, the later signatures; a full rescan then
// changes nothing. The Decree 30 document rules read each document's events within its year's
// span of signing times: a duplicate number months apart, and an event moved to another month by
// a correction, are judged as a full run judges them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { linkCertificate } from '../../../src/lib/server/inventory/certificate-link';
import { addEvent, buildWorld, runMisuseScan, eventIdOf, type World } from './fixtures';

let h: DbHandle;
let w: World;
let runner: JobRunner;
const clock = new ManualClock('2026-11-20T10:00:00+07:00');
const who = { userId: null, actor: 'thanhtra', ip: null };
const at = (d: string, hm = '09:30') => `${d}T${hm}:00+07:00`;

const scan = (payload: Record<string, unknown> = {}) => runMisuseScan(h.db, runner, clock, payload);
const findings = () =>
	h.db
		.selectFrom('findings')
		.select(['dedupe_key', 'kind', 'status', 'summary', 'evidence', 'certificate_id'])
		.orderBy('dedupe_key')
		.execute();
const open = async (kind: string) =>
	(await findings()).filter((f) => f.kind === kind && f.status !== 'resolved');
const eventId = (sourceId: string) => eventIdOf(h.db, sourceId);
const events = (f: { evidence: unknown }) => (f.evidence as { event_ids: number[] }).event_ids;
const eventCount = async () =>
	(await sql<{ n: number }>`select count(*)::int as n from signing_events`.execute(h.db)).rows[0]!.n;

let seq = 0;
async function certificate(personId: number, o: { tokenId?: number; notAfter?: string } = {}) {
	seq += 1;
	const row = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: `d1e7${seq}`.padEnd(64, '0'),
			serial_number: `d1e7${seq}`,
			issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2',
			subject_dn: `CN=Trạng thái ${seq}`,
			subject_cn: `Trạng thái ${seq}`,
			kind: 'individual',
			agency_id: w.agencies.A.id,
			person_id: personId,
			not_before: new Date('2025-01-01T00:00:00+07:00'),
			not_after: new Date(o.notAfter ?? '2029-01-01T00:00:00+07:00'),
			token_id: o.tokenId ?? null,
			der: new Uint8Array([seq, 9])
		})
		.returning(['id', 'fingerprint_sha256'])
		.executeTakeFirstOrThrow();
	return { id: row.id, fp: row.fingerprint_sha256 };
}

const c = {} as Record<'revoke' | 'lose' | 'expire' | 'link' | 'ahead', { id: number; fp: string }>;
let token: number;

/** One event of a document (number and symbol of agency A); returns its source id. */
async function sign(number: string, when: string, form: 'own' | 'org', sourceId: string) {
	await h.db
		.insertInto('signing_events')
		.values({
			signed_at: new Date(when),
			certificate_id: form === 'org' ? w.certs.org.id : w.certs.head.id,
			acting_person_id: form === 'org' ? w.people.clerk : w.people.head,
			acting_title: form === 'org' ? 'Văn thư' : 'Giám đốc',
			signing_form: form,
			document_number: number,
			document_agency_id: w.agencies.A.id,
			channel: 'qlvb',
			source_system: 'test',
			source_id: sourceId
		})
		.execute();
	return sourceId;
}

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({ db: h.db, jobs: [misuseScan], clock, instanceId: 'T', log: () => undefined });
	token = await insertToken(h.db, { serial: 'T-DIRTY', agencyId: w.agencies.A.id });
	const p = w.people.deputy;
	c.revoke = await certificate(p);
	c.lose = await certificate(p, { tokenId: token });
	c.expire = await certificate(p);
	c.link = await certificate(p);
	// Expires at 11:30 on the clock's first day; a signature dated 16:00 that day counts after expiry
	// only once the expiry has passed.
	c.ahead = await certificate(p, { notAfter: '2026-11-20T11:30:00+07:00' });
	const E = (sourceId: string, when: string, cert: { id: number }) =>
		addEvent(h.db, w, { at: when, cert, person: p, title: 'Phó Giám đốc', sourceId });
	await E('S-REVOKE-BEFORE', at('2026-07-20'), c.revoke);
	await E('S-REVOKE-AFTER', at('2026-08-10'), c.revoke);
	await E('S-LOSE-BEFORE', at('2026-08-01'), c.lose);
	await E('S-LOSE-AFTER', at('2026-08-20'), c.lose);
	await E('S-EXPIRE-AFTER', at('2026-09-05'), c.expire);
	await E('S-LINK', at('2026-09-10'), c.link);
	await E('S-AHEAD', at('2026-11-20', '16:00'), c.ahead);
	// Documents: 50/TB-A signed in February; its second signature arrives in September.
	await sign('50/TB-A', at('2026-02-10'), 'own', 'DOC-50-FEB');
	await sign('50/TB-A', at('2026-02-10', '10:00'), 'org', 'DOC-50-FEB-ORG');
	await sign('60/TB-A', at('2026-03-02'), 'own', 'DOC-60-MAR');
	await sign('60/TB-A', at('2026-03-03'), 'own', 'DOC-60-MAR-2');
});
afterAll(async () => h?.close());

describe('incremental misuse scan: dated state recorded by hand', () => {
	it('finds the later signatures of a certificate revoked, its device lost, expiry corrected, linked to a holder who left, or expired since', async () => {
		const first = await scan();
		expect(first.logs).toMatch(/Quét toàn bộ/);
		expect(await open('signed_after_revocation')).toEqual([]);
		expect(await open('lost_token_signing')).toEqual([]);
		expect((await open('signed_after_expiry')).map((f) => f.certificate_id)).not.toContain(c.ahead.id);
		expect((await open('holder_left')).map((f) => f.certificate_id)).not.toContain(c.link.id);
		const n = await eventCount();

		await h.db
			.updateTable('certificates')
			.set({ status: 'revoked', revoked_at: new Date(at('2026-08-01')), revocation_reason: 'lộ khóa' })
			.where('id', '=', c.revoke.id)
			.execute();
		await h.db
			.insertInto('token_custody_events')
			.values({
				token_id: token,
				event: 'lost',
				occurred_at: new Date(at('2026-08-10')),
				agency_id: w.agencies.A.id,
				form: 'Mẫu 09'
			})
			.execute();
		await h.db
			.updateTable('certificates')
			.set({ not_after: new Date(at('2026-09-01')) })
			.where('id', '=', c.expire.id)
			.execute();
		// Linked to the holder who retired on 01/03/2026.
		await linkCertificate(h.db, c.link.id, { agencyId: w.agencies.A.id, personId: w.people.retired }, who);
		const second = await scan();
		expect(second.logs).toMatch(/Quét tăng dần/);
		expect(await eventCount()).toBe(n);

		const revoked = await open('signed_after_revocation');
		expect(revoked.map((f) => [f.dedupe_key, events(f)])).toEqual([
			[`signed_after_revocation:${c.revoke.fp}`, [await eventId('S-REVOKE-AFTER')]]
		]);
		const lost = await open('lost_token_signing');
		expect(lost.map((f) => [f.dedupe_key, events(f)])).toEqual([
			[`lost_token_signing:${c.lose.fp}`, [await eventId('S-LOSE-AFTER')]]
		]);
		const expired = await open('signed_after_expiry');
		expect(expired.filter((f) => f.certificate_id === c.expire.id).map(events)).toEqual([
			[await eventId('S-EXPIRE-AFTER')]
		]);
		// 11:30 passed between the first run (11:00) and this one (12:00).
		expect(expired.filter((f) => f.certificate_id === c.ahead.id).map(events)).toEqual([
			[await eventId('S-AHEAD')]
		]);
		expect((await open('holder_left')).filter((f) => f.certificate_id === c.link.id).map(events)).toEqual([
			[await eventId('S-LINK')]
		]);
		// What the run read is cleared with its watermark.
		expect(await h.db.selectFrom('scan_dirty_certificate_states').selectAll().execute()).toEqual([]);

		// Undone by hand: the revocation withdrawn, the loss entry removed, the expiry put back.
		await h.db
			.updateTable('certificates')
			.set({ status: 'active', revoked_at: null, revocation_reason: null })
			.where('id', '=', c.revoke.id)
			.execute();
		await h.db
			.deleteFrom('token_custody_events')
			.where('token_id', '=', token)
			.where('event', '=', 'lost')
			.execute();
		await h.db
			.updateTable('certificates')
			.set({ not_after: new Date('2029-01-01T00:00:00+07:00') })
			.where('id', '=', c.expire.id)
			.execute();
		const third = await scan();
		expect(third.logs).toMatch(/Quét tăng dần/);
		expect(third.run.counts).toMatchObject({ resolved: 3 });
		expect(await open('signed_after_revocation')).toEqual([]);
		expect(await open('lost_token_signing')).toEqual([]);
		expect((await open('signed_after_expiry')).map((f) => f.certificate_id)).not.toContain(c.expire.id);

		const before = await findings();
		const full = await scan({ full: true });
		expect(full.run.counts).toMatchObject({ opened: 0, reopened: 0, resolved: 0 });
		expect(await findings()).toEqual(before);
	});

	it('judges a document over its whole year: a duplicate months apart, an event moved by a correction', async () => {
		await sign('50/TB-A', at('2026-09-15'), 'own', 'DOC-50-SEP');
		await scan();
		const dup50 = `document_number_duplicate:${w.agencies.A.id}:2026:50/TB-A`;
		const dup60 = `document_number_duplicate:${w.agencies.A.id}:2026:60/TB-A`;
		const open30 = async () => (await open('document_number_duplicate')).map((f) => f.dedupe_key).sort();
		expect(await open30()).toEqual([dup50, dup60].sort());
		const evidence = async (key: string) =>
			(await findings()).find((f) => f.dedupe_key === key)!.evidence as {
				documents_signed: number;
				event_ids: number[];
			};
		expect(await evidence(dup50)).toMatchObject({
			documents_signed: 2,
			event_ids: [await eventId('DOC-50-FEB'), await eventId('DOC-50-SEP')]
		});

		// A correction moves 60/TB-A's second signature to October (outside the March span), and a
		// clerk's signature of the document arrives there before it: judged against the moved one.
		await h.db
			.updateTable('signing_events')
			.set({ signed_at: new Date(at('2026-10-20')) })
			.where('source_id', '=', 'DOC-60-MAR-2')
			.execute();
		await scan();
		expect((await evidence(dup60)).event_ids).toEqual([
			await eventId('DOC-60-MAR'),
			await eventId('DOC-60-MAR-2')
		]);
		const moved = (await findings()).find((f) => f.dedupe_key === dup60)!;
		expect(moved.summary).toContain('20/10/2026');

		// Another correction moves 50/TB-A's September signature into the year before: the 2026
		// number is no longer duplicated.
		await h.db
			.updateTable('signing_events')
			.set({ signed_at: new Date(at('2025-12-30')) })
			.where('source_id', '=', 'DOC-50-SEP')
			.execute();
		const corrected = await scan();
		expect(corrected.logs).toMatch(/Quét tăng dần/);
		expect(await open30()).toEqual([dup60]);

		const before = await findings();
		const full = await scan({ full: true });
		expect(full.run.counts).toMatchObject({ opened: 0, reopened: 0, resolved: 0 });
		expect(await findings()).toEqual(before);
	});
});
