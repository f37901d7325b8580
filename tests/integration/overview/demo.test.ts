// The dashboard on the demo province: figures against independent SQL, and the Sở Y tế officer
// kept inside its subtree on every list and detail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { dayRange, loadOverview } from '../../../src/lib/server/overview/overview';
import {
	certificateFilterSchema,
	listCertificates
} from '../../../src/lib/server/inventory/certificate-list';
import { getCertificateDetail } from '../../../src/lib/server/inventory/certificate-detail';
import { getTokenDetail, listTokens, tokenFilterSchema } from '../../../src/lib/server/inventory/tokens';
import { agencyTree } from '../../../src/lib/server/inventory/agencies';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { listSigningEvents, signingByAgency } from '../../../src/lib/server/signing/activity';
import { resolveRange, signingFilterSchema } from '../../../src/lib/server/signing/filter';

let h: DbHandle;
let syt: AgencyScope & { kind: 'subtree' };
let sytIds: Set<number>;
const ALL: AgencyScope = { kind: 'all' };

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	const a = await h.db
		.selectFrom('agencies')
		.select(['id', 'path'])
		.where('code', '=', 'SYT')
		.executeTakeFirstOrThrow();
	syt = { kind: 'subtree', agencyId: a.id, path: a.path };
	const ids = await h.db.selectFrom('agencies').select('id').where('path', 'like', `${a.path}%`).execute();
	sytIds = new Set(ids.map((r) => r.id));
});
afterAll(async () => h?.close());

const one = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(h.db)).rows[0]!.n;

describe('dashboard on the demo data', () => {
	it('overview figures match independent counts', async () => {
		const now = new Date();
		const o = await loadOverview(h.db, ALL, new URLSearchParams(), now);
		expect(o.figures.certificates.reduce((s, r) => s + r.n, 0)).toBe(
			await one(sql`select count(*)::int as n from certificates`)
		);
		expect(o.figures.expiring.in90).toBe(
			await one(
				sql`select count(*)::int as n from certificates where status = 'active' and not_after > ${now} and not_after <= ${new Date(now.getTime() + 90 * 86400_000)}`
			)
		);
		expect(o.figures.tokens.reduce((s, r) => s + r.n, 0)).toBe(
			await one(sql`select count(*)::int as n from tokens`)
		);
		expect(o.figures.openFindings.reduce((s, r) => s + r.n, 0)).toBe(
			await one(sql`select count(*)::int as n from findings where status <> 'resolved'`)
		);
		const r = dayRange(o.period.elapsed);
		expect(o.signed.current).toBe(
			await one(
				sql`select count(*)::int as n from signing_events where signed_at >= ${r.start} and signed_at < ${r.end}`
			)
		);
		expect(o.trend.reduce((s, p) => s + p.n, 0)).toBeGreaterThan(0);
	});

	it('the Sở Y tế officer sees only its subtree', async () => {
		const o = await loadOverview(h.db, syt, new URLSearchParams());
		expect(o.figures.certificates.reduce((s, r) => s + r.n, 0)).toBe(
			await one(
				sql`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id where a.path like ${syt.path + '%'}`
			)
		);
		expect(o.ranking.all.every((a) => sytIds.has(a.agency_id))).toBe(true);
		expect(o.adoption.dormantByAgency.every((a) => a.agency_id !== null && sytIds.has(a.agency_id))).toBe(
			true
		);

		const certs = await listCertificates(
			h.db,
			syt,
			parseQuery(certificateFilterSchema, new URLSearchParams()).value,
			new Date(),
			500
		);
		expect(certs.rows.length).toBeGreaterThan(0);
		expect(certs.rows.every((c) => c.agency_id !== null && sytIds.has(c.agency_id))).toBe(true);

		const tree = await agencyTree(h.db, syt);
		expect(new Set(tree.map((n) => n.id))).toEqual(sytIds);

		const r = resolveRange({});
		const events = await listSigningEvents(
			h.db,
			syt,
			parseQuery(signingFilterSchema, new URLSearchParams()).value,
			r,
			200
		);
		const certAgencies = await h.db
			.selectFrom('certificates')
			.select(['id', 'agency_id'])
			.where('id', 'in', events.rows.map((e) => e.certificate_id).concat([-1]))
			.execute();
		expect(certAgencies.every((c) => c.agency_id !== null && sytIds.has(c.agency_id))).toBe(true);
		const byAgency = await signingByAgency(
			h.db,
			syt,
			parseQuery(signingFilterSchema, new URLSearchParams()).value,
			r
		);
		expect(byAgency.every((a) => a.agency_id !== null && sytIds.has(a.agency_id))).toBe(true);
	});

	it('detail pages of another agency are not found for the officer', async () => {
		const other = await h.db
			.selectFrom('certificates as c')
			.innerJoin('agencies as a', 'a.id', 'c.agency_id')
			.select(['c.id', 'c.token_id'])
			.where('a.path', 'not like', `${syt.path}%`)
			.where('c.token_id', 'is not', null)
			.executeTakeFirstOrThrow();
		expect(await getCertificateDetail(h.db, ALL, other.id)).not.toBeNull();
		expect(await getCertificateDetail(h.db, syt, other.id)).toBeNull();
		const token = await h.db
			.selectFrom('token_holdings')
			.select(['token_id', 'holder_agency_id'])
			.where('token_id', '=', other.token_id!)
			.executeTakeFirstOrThrow();
		if (token.holder_agency_id !== null && !sytIds.has(token.holder_agency_id))
			expect(await getTokenDetail(h.db, syt, token.token_id!)).toBeNull();
		const tokens = await listTokens(
			h.db,
			syt,
			parseQuery(tokenFilterSchema, new URLSearchParams()).value,
			500
		);
		const holders = await h.db
			.selectFrom('token_holdings')
			.select(['token_id', 'holder_agency_id'])
			.where('token_id', 'in', tokens.rows.map((t) => t.id).concat([-1]))
			.execute();
		expect(holders.every((t) => t.holder_agency_id !== null && sytIds.has(t.holder_agency_id))).toBe(true);
	});
});
