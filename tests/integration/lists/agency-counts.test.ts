// agency_counts (migration 2026_12_11_0110), the subtree counts the agencies page reads: after every
// kind of change below (rows added in bulk and one by one, a status or an agency changed, rows
// deleted, devices changing hands, a unit moved with its subtree under another department, a new
// agency) the table equals the counts grouped from the tables, and summary verify finds nothing;
// a planted difference is named and the rebuild repairs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { addUnitPathAfter, buildOrg, type Org } from '../organisation/fixtures';
import { reparentSubtree } from '../../../src/lib/server/organisation/agency-store';
import { rebuildRollups, verifyRollups } from '../../../src/lib/server/rollups/rollups';

let h: DbHandle;
let o: Org;

/** agency_counts and the tables' own counts, rows at zero left out, as lines "id|c|p|t|f". */
async function both() {
	const line = (r: string) =>
		`concat_ws('|', ${r}.agency_id, ${r}.certificates, ${r}.people, ${r}.tokens, ${r}.findings)`;
	const stored = await sql<{ l: string }>`select ${sql.raw(line('n'))} as l from agency_counts n
		where certificates <> 0 or people <> 0 or tokens <> 0 or findings <> 0 order by n.agency_id`.execute(h.db);
	const expected = await sql<{ l: string }>`select ${sql.raw(line('e'))} as l
		from agency_counts_expected() e order by e.agency_id`.execute(h.db);
	return { stored: stored.rows.map((r) => r.l), expected: expected.rows.map((r) => r.l) };
}

async function expectExact() {
	const { stored, expected } = await both();
	expect(stored).toEqual(expected);
	expect((await verifyRollups(h.db)).filter((d) => d.table === 'agency_counts')).toEqual([]);
}

let serial = 0;
const certificate = (agencyId: number, status: 'active' | 'replaced' = 'active') => ({
	fingerprint_sha256: (++serial).toString(16).padStart(64, 'a'),
	serial_number: `c0${serial}`,
	issuer_dn: 'CN=CA, C=VN',
	subject_dn: `CN=Chứng thư ${serial}, C=VN`,
	subject_cn: `Chứng thư ${serial}`,
	kind: 'organisation' as const,
	agency_id: agencyId,
	not_before: new Date('2025-01-01T00:00:00Z'),
	not_after: new Date('2027-01-01T00:00:00Z'),
	status,
	der: new Uint8Array([0x30, 0x03, 0x02, 0x01, serial & 0x7f])
});

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
});
afterAll(async () => {
	await h.close();
});

describe('agency_counts', { timeout: 15_000 }, () => {
	it('counts rows added in one statement and one by one, up every path', async () => {
		const { A, A1, B } = o.agencies;
		await h.db
			.insertInto('certificates')
			.values([certificate(A1.id), certificate(A1.id), certificate(A.id), certificate(B.id, 'replaced')])
			.execute();
		await h.db.insertInto('certificates').values(certificate(B.id)).execute();
		await h.db
			.insertInto('people')
			.values([
				{ agency_id: A1.id, full_name: 'Nguyễn Văn An', title: 'Văn thư', status: 'active' },
				{
					agency_id: A1.id,
					full_name: 'Trần Thị Bình',
					title: 'Kế toán',
					status: 'retired',
					status_since: '2026-01-01'
				},
				{ agency_id: B.id, full_name: 'Lê Văn Cường', title: 'Văn thư', status: 'active' }
			])
			.execute();
		await h.db
			.insertInto('findings')
			.values([
				{ dedupe_key: 'f1', kind: 'k', severity: 'high', legal_basis: 'x', summary: 's1', agency_id: A1.id },
				{ dedupe_key: 'f2', kind: 'k', severity: 'low', legal_basis: 'x', summary: 's2', agency_id: null },
				{
					dedupe_key: 'f3',
					kind: 'k',
					severity: 'low',
					legal_basis: 'x',
					summary: 's3',
					agency_id: B.id,
					status: 'resolved',
					resolved_at: new Date('2026-01-01T00:00:00Z')
				}
			])
			.execute();
		const tokens = await h.db
			.insertInto('tokens')
			.values([{ serial: 'T1' }, { serial: 'T2' }, { serial: 'T3' }])
			.returning('id')
			.execute();
		await h.db
			.insertInto('token_custody_events')
			.values(
				tokens.map((t, i) => ({
					token_id: t.id,
					event: 'issued' as const,
					occurred_at: new Date(`2026-01-0${i + 1}T00:00:00Z`),
					agency_id: i === 2 ? B.id : A1.id
				}))
			)
			.execute();
		await expectExact();
		const row = await h.db
			.selectFrom('agency_counts')
			.selectAll()
			.where('agency_id', '=', o.agencies.P.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ agency_id: o.agencies.P.id, certificates: 4, people: 2, tokens: 3, findings: 1 });
	});

	it('follows a status, an agency and a holder changing, and rows deleted', async () => {
		const { A, A1, B } = o.agencies;
		await h.db
			.updateTable('certificates')
			.set({ status: 'replaced' })
			.where('agency_id', '=', A1.id)
			.execute();
		await h.db
			.updateTable('certificates')
			.set({ status: 'active' })
			.where('status', '=', 'replaced')
			.where('agency_id', '=', B.id)
			.execute();
		await h.db.updateTable('certificates').set({ agency_id: A.id }).where('agency_id', '=', B.id).execute();
		await h.db
			.updateTable('people')
			.set({ agency_id: A.id })
			.where('full_name', '=', 'Lê Văn Cường')
			.execute();
		await h.db
			.updateTable('people')
			.set({ status: 'active', status_since: null })
			.where('status', '=', 'retired')
			.execute();
		await h.db
			.updateTable('findings')
			.set({ status: 'resolved', resolved_at: new Date('2026-02-01T00:00:00Z') })
			.where('dedupe_key', '=', 'f1')
			.execute();
		await h.db
			.updateTable('findings')
			.set({ status: 'open', resolved_at: null })
			.where('dedupe_key', '=', 'f3')
			.execute();
		const t1 = await h.db
			.selectFrom('tokens')
			.select('id')
			.where('serial', '=', 'T1')
			.executeTakeFirstOrThrow();
		await h.db
			.insertInto('token_custody_events')
			.values({
				token_id: t1.id,
				event: 'handed_over',
				occurred_at: new Date('2026-02-01T00:00:00Z'),
				agency_id: B.id
			})
			.execute();
		await h.db.deleteFrom('certificates').where('agency_id', '=', A1.id).execute();
		await expectExact();
	});

	it("moves a unit's counts with it, and counts a new agency", async () => {
		const { A1, B } = o.agencies;
		const row = (id: number) =>
			h.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const [unit, parent] = [await row(A1.id), await row(B.id)];
		// A1 with a unit of its own, so the move rewrites a subtree's paths.
		const a11 = await addUnitPathAfter(h.db, A1, 'A11');
		await h.db.insertInto('certificates').values(certificate(a11.id)).execute();
		await h.db.transaction().execute((trx) => reparentSubtree(trx, unit, parent));
		await expectExact();
		const b1 = await h.db
			.insertInto('agencies')
			.values({ code: 'B1', name: 'Đơn vị B1', kind: 'unit', parent_id: B.id, path: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db.insertInto('certificates').values(certificate(b1.id)).execute();
		await h.db
			.updateTable('agencies')
			.set({ path: `${B.path}${b1.id}/` })
			.where('id', '=', b1.id)
			.execute();
		await expectExact();
	});

	it('is named by summary verify when wrong, and repaired by the rebuild', async () => {
		await sql`update agency_counts set people = people + 5 where agency_id = ${o.agencies.P.id}`.execute(
			h.db
		);
		const wrong = (await verifyRollups(h.db)).filter((d) => d.table === 'agency_counts');
		expect(wrong.map((d) => d.key)).toEqual([String(o.agencies.P.id)]);
		await rebuildRollups(h.db);
		await expectExact();
	});
});
