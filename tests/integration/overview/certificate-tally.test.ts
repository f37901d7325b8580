// agency_certificate_tally (migration 2026_12_13_0100), the certificates by status and kind the
// overview and an agency's page read, and agency_active_certificates (2026_12_13_0110), each
// agency's own active certificates the overview's adoption reads, and agency_token_tally
// (2026_12_13_0120), the key devices by custody state: after every kind of change below (certificates added in bulk
// and one by one, with and without an agency; an expiry sweep, a revocation, a kind and an agency
// changed; deletes; a unit moved with its subtree; a new agency given its path) the overview's
// counts equal a grouping of the certificates in scope for the province and each agency's
// subtree, and summary verify finds nothing; a planted difference is named and the rebuild
// repairs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { addUnitPathAfter, buildOrg, type Org } from '../organisation/fixtures';
import { reparentSubtree } from '../../../src/lib/server/organisation/agency-store';
import { rebuildRollups, verifyRollups } from '../../../src/lib/server/rollups/rollups';
import { certificatesByStatus, overviewFigures } from '../../../src/lib/server/overview/queries';
import { inScope } from '../../../src/lib/server/scope';

let h: DbHandle;
let o: Org;

type Kind = 'organisation' | 'individual' | 'device';
type Status = 'active' | 'expired' | 'revoked' | 'replaced';

let serial = 0;
const certificate = (agencyId: number | null, kind: Kind = 'device', status: Status = 'active') => ({
	fingerprint_sha256: (++serial).toString(16).padStart(64, 'b'),
	serial_number: `t0${serial}`,
	issuer_dn: 'CN=CA, C=VN',
	subject_dn: `CN=Chứng thư ${serial}, C=VN`,
	subject_cn: `Chứng thư ${serial}`,
	kind,
	agency_id: agencyId,
	not_before: new Date('2025-01-01T00:00:00Z'),
	not_after: new Date('2027-01-01T00:00:00Z'),
	status,
	revoked_at: status === 'revoked' ? new Date('2026-01-01T00:00:00Z') : null,
	der: new Uint8Array([0x30, 0x03, 0x02, 0x01, serial & 0x7f])
});

/** Every scope the overview can have here: the province and each agency's subtree, by its path now. */
async function scopes(): Promise<AgencyScope[]> {
	const rows = await h.db.selectFrom('agencies').select(['id', 'path']).orderBy('id').execute();
	return [{ kind: 'all' }, ...rows.map((r) => ({ kind: 'subtree' as const, agencyId: r.id, path: r.path }))];
}

/** The certificates in scope grouped by status and kind, straight from the table. */
async function counted(scope: AgencyScope) {
	return h.db
		.selectFrom('certificates as c')
		.select(['c.status', 'c.kind', sql<number>`count(*)::int`.as('n')])
		.where(({ ref }) => inScope(scope, ref('c.agency_id')))
		.groupBy(['c.status', 'c.kind'])
		.orderBy('c.status')
		.orderBy('c.kind')
		.execute();
}

/** agency_active_certificates as stored (rows at zero left out) and as grouped from the certificates. */
async function activeBoth() {
	const stored = await h.db
		.selectFrom('agency_active_certificates')
		.select(['agency_id', 'n'])
		.where('n', '<>', 0)
		.orderBy('agency_id')
		.execute();
	const counted = await h.db
		.selectFrom('certificates')
		.select([sql<number>`coalesce(agency_id, 0)`.as('agency_id'), sql<number>`count(*)::int`.as('n')])
		.where('status', '=', 'active')
		.groupBy(sql`coalesce(agency_id, 0)`)
		.orderBy('agency_id')
		.execute();
	return { stored, counted };
}

const TABLES = ['agency_certificate_tally', 'agency_active_certificates', 'agency_token_tally'];

/** The devices in scope by state as the view token_holdings gives them (the province: every device). */
async function viaView(scope: AgencyScope) {
	const where =
		scope.kind === 'all'
			? sql`true`
			: sql`h.holder_agency_id in (select id from agencies where path like ${scope.path + '%'})`;
	const { rows } = await sql<{
		status: string;
		n: number;
	}>`select h.status::text as status, count(*)::int as n
		from token_holdings h where ${where} group by 1 order by 1`.execute(h.db);
	return rows;
}

async function expectDevicesExact() {
	for (const scope of await scopes())
		expect((await overviewFigures(h.db, scope)).tokens, JSON.stringify(scope)).toEqual(await viaView(scope));
	expect((await verifyRollups(h.db)).filter((d) => TABLES.includes(d.table))).toEqual([]);
}

const custody = (
	tokenId: number,
	event: 'issued' | 'handed_over' | 'lost' | 'locked' | 'received',
	day: number,
	agencyId: number | null
) => ({
	token_id: tokenId,
	event,
	occurred_at: new Date(Date.UTC(2026, 0, day)),
	agency_id: agencyId
});

async function expectExact() {
	for (const scope of await scopes())
		expect(await certificatesByStatus(h.db, scope), JSON.stringify(scope)).toEqual(await counted(scope));
	const { stored, counted: fromTable } = await activeBoth();
	expect(stored).toEqual(fromTable);
	expect((await verifyRollups(h.db)).filter((d) => TABLES.includes(d.table))).toEqual([]);
}

beforeAll(async () => {
	h = await openTestDb();
	o = await buildOrg(h.db);
});
afterAll(async () => {
	await h.close();
});

describe('agency_certificate_tally', { timeout: 30_000 }, () => {
	it('counts certificates added in one statement and one by one, up every path and for the province', async () => {
		const { A, A1, B } = o.agencies;
		await h.db
			.insertInto('certificates')
			.values([
				certificate(A1.id),
				certificate(A1.id, 'individual'),
				certificate(A.id, 'organisation'),
				certificate(B.id, 'device', 'replaced'),
				certificate(null, 'individual')
			])
			.execute();
		await h.db
			.insertInto('certificates')
			.values(certificate(B.id, 'individual', 'revoked'))
			.execute();
		await expectExact();
		const province = await overviewFigures(h.db, { kind: 'all' });
		expect(province.certificates.reduce((s, r) => s + r.n, 0)).toBe(6);
		const a = await overviewFigures(h.db, { kind: 'subtree', agencyId: A.id, path: A.path });
		expect(a.certificates).toEqual([
			{ status: 'active', kind: 'device', n: 1 },
			{ status: 'active', kind: 'individual', n: 1 },
			{ status: 'active', kind: 'organisation', n: 1 }
		]);
	});

	it('follows an expiry sweep, a revocation, a kind and an agency changing, and deletes', async () => {
		const { A, A1, B } = o.agencies;
		await h.db
			.updateTable('certificates')
			.set({ status: 'expired' })
			.where('agency_id', '=', A1.id)
			.execute();
		await h.db
			.updateTable('certificates')
			.set({ status: 'revoked', revoked_at: new Date('2026-02-01T00:00:00Z') })
			.where('agency_id', '=', A.id)
			.execute();
		await h.db
			.updateTable('certificates')
			.set({ kind: 'organisation', person_id: null })
			.where('agency_id', 'is', null)
			.execute();
		await h.db.updateTable('certificates').set({ agency_id: A1.id }).where('agency_id', '=', B.id).execute();
		await h.db.updateTable('certificates').set({ agency_id: null }).where('status', '=', 'revoked').execute();
		// An update of other columns only leaves the counts alone.
		await h.db.updateTable('certificates').set({ stated_title: 'Giám đốc' }).execute();
		await expectExact();
		await h.db.deleteFrom('certificates').where('status', '=', 'expired').execute();
		await expectExact();
	});

	it("moves a unit's certificates with it, and counts a new agency's once its path is written", async () => {
		const { A1, B } = o.agencies;
		const row = (id: number) =>
			h.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const a11 = await addUnitPathAfter(h.db, A1, 'A11');
		await h.db
			.insertInto('certificates')
			.values([certificate(a11.id), certificate(a11.id, 'individual', 'expired'), certificate(A1.id)])
			.execute();
		const [unit, parent] = [await row(A1.id), await row(B.id)];
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
		const { B } = o.agencies;
		await sql`update agency_certificate_tally set n = n + 2
			where agency_id = ${B.id} and status = 'active' and kind = 'device'`.execute(h.db);
		await sql`delete from agency_certificate_tally where agency_id = 0 and status = 'active' and kind = 'device'`.execute(
			h.db
		);
		const { A1 } = o.agencies;
		await sql`update agency_active_certificates set n = n - 1 where agency_id = ${A1.id}`.execute(h.db);
		const wrong = (await verifyRollups(h.db)).filter((d) => TABLES.includes(d.table));
		expect(wrong.map((d) => `${d.table}:${d.key}`).sort()).toEqual(
			[
				`agency_certificate_tally:0|active|device`,
				`agency_certificate_tally:${B.id}|active|device`,
				`agency_active_certificates:${A1.id}`
			].sort()
		);
		expect(await certificatesByStatus(h.db, { kind: 'all' })).not.toEqual(await counted({ kind: 'all' }));
		await rebuildRollups(h.db);
		await expectExact();
	});
});

describe('agency_token_tally', { timeout: 30_000 }, () => {
	it('follows devices added, handed over, lost, moved with their agency and deleted', async () => {
		const { A, A1, B } = o.agencies;
		const ids = (
			await h.db
				.insertInto('tokens')
				.values([
					{ serial: 'TT1' },
					{ serial: 'TT2' },
					{ serial: 'TT3' },
					{ serial: 'TT4' },
					{ serial: 'TT5' }
				])
				.returning('id')
				.execute()
		).map((r) => r.id);
		const [t1, t2, t3, t4, t5] = ids as [number, number, number, number, number];
		// t5 has no custody event: in stock, held by none (the province only).
		await expectDevicesExact();
		await h.db
			.insertInto('token_custody_events')
			.values([
				custody(t1, 'issued', 1, A1.id),
				custody(t2, 'issued', 1, A.id),
				custody(t3, 'issued', 1, B.id),
				custody(t4, 'received', 1, null)
			])
			.execute();
		await expectDevicesExact();
		await h.db
			.insertInto('token_custody_events')
			.values([custody(t1, 'lost', 2, null), custody(t2, 'handed_over', 3, B.id)])
			.execute();
		await h.db
			.insertInto('token_custody_events')
			.values(custody(t3, 'locked', 4, null))
			.execute();
		await expectDevicesExact();
		await h.db
			.deleteFrom('token_custody_events')
			.where('token_id', '=', t1)
			.where('event', '=', 'lost')
			.execute();
		await expectDevicesExact();
		// A1 (with its devices) moves back under A.
		const [unit, parent] = await Promise.all(
			[A1.id, A.id].map((id) =>
				h.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
			)
		);
		await h.db.transaction().execute((trx) => reparentSubtree(trx, unit!, parent!));
		await expectDevicesExact();
		await h.db.deleteFrom('tokens').where('id', 'in', [t2, t5]).execute();
		await expectDevicesExact();
	});

	it('is named by summary verify when wrong, and repaired by the rebuild', async () => {
		await sql`update agency_token_tally set n = n + 3 where agency_id = 0 and status = 'in_stock'`.execute(
			h.db
		);
		const wrong = (await verifyRollups(h.db)).filter((d) => d.table === 'agency_token_tally');
		expect(wrong.map((d) => d.key)).toEqual(['0|in_stock']);
		expect((await overviewFigures(h.db, { kind: 'all' })).tokens).not.toEqual(await viaView({ kind: 'all' }));
		await rebuildRollups(h.db);
		await expectDevicesExact();
	});
});
