// signing_events' references are checked once per statement (migration
// 2026_12_10_0010_event_references_by_statement) instead of by row-by-row foreign keys: an event
// naming a missing certificate, person or agency is refused, a referenced certificate or agency
// cannot be deleted, a deleted person leaves the events without an acting person, and a referenced
// id cannot change; an unreferenced parent is deleted as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { ensureSigningEventPartitions } from '../../../src/lib/server/db/partitions';

let h: DbHandle;
let agencyId: number;
let otherAgencyId: number;
let provinceId: number;
let personId: number;
let certId: number;
let spareCertId: number;
const AT = new Date('2026-11-10T03:00:00Z');
let seq = 0;

async function certificate(agency: number, fp: string): Promise<number> {
	const row = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: fp,
			serial_number: fp.slice(0, 4),
			issuer_dn: 'CN=CA',
			subject_dn: `CN=${fp}`,
			subject_cn: fp,
			kind: 'individual',
			agency_id: agency,
			not_before: new Date('2026-01-01T00:00:00Z'),
			not_after: new Date('2028-01-01T00:00:00Z'),
			der: new Uint8Array([1])
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

function events(
	n: number,
	refs: {
		certificate_id?: number | null;
		acting_person_id?: number | null;
		document_agency_id?: number | null;
	}
) {
	return Array.from({ length: n }, () => ({
		signed_at: AT,
		certificate_id: refs.certificate_id ?? certId,
		acting_person_id: refs.acting_person_id === undefined ? personId : refs.acting_person_id,
		document_agency_id: refs.document_agency_id === undefined ? agencyId : refs.document_agency_id,
		signing_form: 'own' as const,
		channel: 'qlvb' as const,
		source_system: 'REFTEST',
		source_id: `e${++seq}`
	}));
}

const eventCount = async () =>
	Number(
		(
			await h.db
				.selectFrom('signing_events')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

beforeAll(async () => {
	h = await openTestDb();
	await ensureSigningEventPartitions(h.db, AT, AT);
	const province = await h.db
		.insertInto('agencies')
		.values({ code: 'RP', name: 'Tỉnh R', kind: 'province', path: '/rp/' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const departments = await h.db
		.insertInto('agencies')
		.values([
			{ code: 'RA', name: 'Sở A', kind: 'department', parent_id: province.id, path: '/rp/ra/' },
			{ code: 'RB', name: 'Sở B', kind: 'department', parent_id: province.id, path: '/rp/rb/' }
		])
		.returning('id')
		.execute();
	provinceId = province.id;
	agencyId = departments[0]!.id;
	otherAgencyId = departments[1]!.id;
	personId = (
		await h.db
			.insertInto('people')
			.values({ agency_id: agencyId, full_name: 'Nguyễn Văn A', title: 'Chuyên viên' })
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	certId = await certificate(agencyId, 'ref-cert-1');
	spareCertId = await certificate(otherAgencyId, 'ref-cert-2');
});
afterAll(async () => h?.close());

describe('signing event references, checked per statement', () => {
	it('stores a batch whose references all exist, and refuses a batch with one missing certificate, person or agency', async () => {
		await h.db.insertInto('signing_events').values(events(50, {})).execute();
		expect(await eventCount()).toBe(50);
		for (const [refs, detail] of [
			[{ certificate_id: 999_999 }, /certificate_id\)=\(999999\)/],
			[{ acting_person_id: 888_888 }, /acting_person_id\)=\(888888\)/],
			[{ document_agency_id: 777_777 }, /document_agency_id\)=\(777777\)/]
		] as const) {
			const batch = [...events(20, {}), ...events(1, refs)];
			const err = await h.db
				.insertInto('signing_events')
				.values(batch)
				.execute()
				.then(
					() => null,
					(e: unknown) => e as { code?: string; detail?: string; message: string }
				);
			expect(err).not.toBeNull();
			expect(err!.code).toBe('23503');
			expect(err!.detail ?? err!.message).toMatch(detail);
		}
		// Nothing of the refused batches was kept.
		expect(await eventCount()).toBe(50);
	});

	it('accepts events without a person or agency, and an unknown certificate given by reference', async () => {
		await h.db
			.insertInto('signing_events')
			.values(
				events(3, { acting_person_id: null, document_agency_id: null }).map((e) => ({
					...e,
					certificate_id: null,
					certificate_ref: 'fp:unknown'
				}))
			)
			.execute();
		expect(await eventCount()).toBe(53);
	});

	it('refuses an update that points events at a missing certificate', async () => {
		await expect(
			h.db
				.updateTable('signing_events')
				.set({ certificate_id: 555_555 })
				.where('source_id', '=', 'e1')
				.execute()
		).rejects.toMatchObject({ code: '23503' });
	});

	it('refuses deleting a certificate or an agency that events name, and deletes an unreferenced one', async () => {
		// Other tables refer to certificates and agencies too: the refusal must be the events'.
		await expect(h.db.deleteFrom('certificates').where('id', '=', certId).execute()).rejects.toMatchObject({
			code: '23503',
			detail: expect.stringMatching(/referenced from table "signing_events"/)
		});
		// An agency nothing but events names (no people, certificates or units of its own).
		const documentsOnly = await h.db
			.insertInto('agencies')
			.values({ code: 'RC', name: 'Sở C', kind: 'department', parent_id: provinceId, path: '/rp/rc/' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db
			.insertInto('signing_events')
			.values(events(2, { document_agency_id: documentsOnly.id }))
			.execute();
		await expect(
			h.db.deleteFrom('agencies').where('id', '=', documentsOnly.id).execute()
		).rejects.toMatchObject({
			code: '23503',
			detail: expect.stringMatching(/referenced from table "signing_events"/)
		});
		await h.db.deleteFrom('certificates').where('id', '=', spareCertId).execute();
		expect(
			await h.db.selectFrom('certificates').select('id').where('id', '=', spareCertId).executeTakeFirst()
		).toBeUndefined();
	});

	it('refuses changing a referenced id', async () => {
		await expect(
			h.db.updateTable('certificates').set({ id: 4242 }).where('id', '=', certId).execute()
		).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/signing_events/) });
	});

	it('clears the acting person of their events when the person is deleted', async () => {
		const before = await h.db
			.selectFrom('signing_events')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('acting_person_id', '=', personId)
			.executeTakeFirstOrThrow();
		expect(Number(before.n)).toBe(52);
		await h.db.deleteFrom('people').where('id', '=', personId).execute();
		const after = await sql<{ n: number; orphans: number }>`
			select count(*)::int as n, count(*) filter (where acting_person_id is not null)::int as orphans
			from signing_events where source_system = 'REFTEST'`.execute(h.db);
		expect(after.rows[0]).toEqual({ n: 55, orphans: 0 });
	});
});
