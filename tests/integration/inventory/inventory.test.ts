// Certificate, device and agency queries against a small fixture province: figures compared with
// independent SQL, and scope isolation (an officer of Sở Y tế sees nothing of other agencies).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from './fixtures';
import {
	certificateFilterSchema,
	certificateIssuers,
	listCertificates
} from '../../../src/lib/server/inventory/certificate-list';
import {
	certificateFindings,
	getCertificateDer,
	getCertificateDetail,
	renewalChain
} from '../../../src/lib/server/inventory/certificate-detail';
import { getTokenDetail, listTokens, tokenFilterSchema } from '../../../src/lib/server/inventory/tokens';
import {
	agencyAuditLists,
	agencyOptions,
	agencyTree,
	getAgency
} from '../../../src/lib/server/inventory/agencies';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { EXPORT_LISTS } from '../../../src/lib/server/reports/lists';

let h: DbHandle;
let fx: Fixture;
const ALL: AgencyScope = { kind: 'all' };
const certFilter = (q: Record<string, string>) =>
	parseQuery(certificateFilterSchema, new URLSearchParams(q)).value;

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
});
afterAll(async () => h?.close());

async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
	return (await query.execute(h.db)).rows[0]!.n;
}

describe('certificate list', () => {
	it('counts every certificate for the province and only the Sở Y tế subtree for its officer', async () => {
		const all = await listCertificates(h.db, ALL, certFilter({}), NOW);
		expect(all.total).toBe(await count(sql<{ n: number }>`select count(*)::int as n from certificates`));
		const syt = await listCertificates(h.db, fx.sytScope, certFilter({}), NOW);
		const expected = await count(
			sql<{
				n: number;
			}>`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id where a.path like '%/${sql.raw(String(fx.syt))}/%'`
		);
		expect(syt.total).toBe(expected);
		expect(syt.total).toBeGreaterThan(0);
		expect(syt.rows.every((r) => r.agency_id === fx.syt || r.agency_id === fx.hospital)).toBe(true);
	});

	it('filters by status, kind, agency subtree, issuer, expiry window and search text', async () => {
		const revoked = await listCertificates(h.db, ALL, certFilter({ status: 'revoked' }), NOW);
		expect(revoked.rows.map((r) => r.id)).toEqual([fx.certs.doctorRevoked]);
		const orgs = await listCertificates(h.db, ALL, certFilter({ kind: 'organisation' }), NOW);
		expect(orgs.total).toBe(
			await count(sql<{ n: number }>`select count(*)::int as n from certificates where kind = 'organisation'`)
		);
		const hospital = await listCertificates(h.db, ALL, certFilter({ agency: String(fx.hospital) }), NOW);
		expect(new Set(hospital.rows.map((r) => r.id))).toEqual(
			new Set([fx.certs.doctor, fx.certs.doctorRevoked])
		);
		const in60 = await listCertificates(h.db, ALL, certFilter({ expiring: '60' }), NOW);
		expect(new Set(in60.rows.map((r) => r.id))).toEqual(new Set([fx.certs.sytOrg, fx.certs.sytDirector]));
		const vnpt = await listCertificates(
			h.db,
			ALL,
			certFilter({ issuer: 'CN=VNPT Certification Authority, O=VNPT Group, C=VN' }),
			NOW
		);
		expect(vnpt.rows.map((r) => r.id)).toEqual([fx.certs.skhcnOrg]);
		const byName = await listCertificates(h.db, ALL, certFilter({ q: 'văn bác' }), NOW);
		expect(byName.total).toBe(2);
		const detail = await getCertificateDetail(h.db, ALL, fx.certs.doctor);
		const bySerial = await listCertificates(
			h.db,
			ALL,
			certFilter({ q: detail!.serial_number.toUpperCase() }),
			NOW
		);
		expect(bySerial.rows.map((r) => r.id)).toContain(fx.certs.doctor);
		const byPrint = await listCertificates(
			h.db,
			ALL,
			certFilter({ q: detail!.fingerprint_sha256.slice(0, 12) }),
			NOW
		);
		expect(byPrint.rows.map((r) => r.id)).toContain(fx.certs.doctor);
		const wildcard = await listCertificates(h.db, ALL, certFilter({ q: '%' }), NOW);
		expect(wildcard.total).toBe(0);
	});

	it('sorts and pages without losing or repeating rows', async () => {
		const seen: number[] = [];
		for (let page = 1; page <= 3; page++) {
			const p = await listCertificates(
				h.db,
				ALL,
				certFilter({ sort: 'subject_cn', dir: 'desc', page: String(page) }),
				NOW,
				3
			);
			seen.push(...p.rows.map((r) => r.id));
		}
		expect(seen.length).toBe(7);
		expect(new Set(seen).size).toBe(7);
		const names = (
			await listCertificates(h.db, ALL, certFilter({ sort: 'subject_cn', dir: 'desc' }), NOW)
		).rows.map((r) => r.subject_cn);
		expect(names).toEqual([...names].sort().reverse());
	});

	it('drops a bad filter value and names it instead of failing', () => {
		const r = parseQuery(
			certificateFilterSchema,
			new URLSearchParams({ status: 'nonsense', page: '-3', kind: 'individual' })
		);
		expect(r.invalid.sort()).toEqual(['page', 'status']);
		expect(r.value).toMatchObject({ kind: 'individual', page: 1, sort: 'not_after' });
	});
});

describe('certificate issuers (the filter)', () => {
	it('lists each issuer once, in order, province-wide (by skip scan) and in a subtree', async () => {
		const issuers = (
			await sql<{ dn: string }>`select distinct issuer_dn as dn from certificates order by 1`.execute(h.db)
		).rows.map((r) => r.dn);
		expect(issuers.length).toBeGreaterThan(1);
		expect(await certificateIssuers(h.db, ALL)).toEqual(issuers);
		const mine = await certificateIssuers(h.db, fx.sytScope);
		expect(mine.length).toBeGreaterThan(0);
		expect(issuers).toEqual(expect.arrayContaining(mine));
	});
});

describe('certificate detail', () => {
	it('shows holder, token, chain and findings; out of scope is not found', async () => {
		const d = await getCertificateDetail(h.db, fx.sytScope, fx.certs.sytOrg);
		expect(d).toMatchObject({ agency_name: 'Sở Y tế thử', token_serial: 'TK-SYT-0002', status: 'active' });
		expect((await renewalChain(h.db, ALL, fx.certs.sytOrg)).map((c) => c.id)).toEqual([
			fx.certs.sytOld,
			fx.certs.sytOrg
		]);
		expect((await renewalChain(h.db, ALL, fx.certs.sytOld)).map((c) => c.id)).toEqual([
			fx.certs.sytOld,
			fx.certs.sytOrg
		]);
		expect((await certificateFindings(h.db, ALL, fx.certs.sytOrg)).map((f) => f.kind)).toEqual([
			'lost_token_signing'
		]);
		expect(await getCertificateDetail(h.db, fx.sytScope, fx.certs.skhcnOrg)).toBeNull();
		expect(await getCertificateDer(h.db, fx.sytScope, fx.certs.skhcnOrg)).toBeNull();
		const der = await getCertificateDer(h.db, ALL, fx.certs.skhcnOrg);
		expect(der?.fileName).toMatch(/^chung-thu-[0-9a-f]+\.cer$/);
		expect(der?.der[0]).toBe(0x30);
	});
});

describe('tokens', () => {
	it('lists devices in scope with their certificate counts and filters by status', async () => {
		const all = await listTokens(h.db, ALL, parseQuery(tokenFilterSchema, new URLSearchParams()).value);
		expect(all.total).toBe(4);
		const syt = await listTokens(
			h.db,
			fx.sytScope,
			parseQuery(tokenFilterSchema, new URLSearchParams()).value
		);
		expect(syt.rows.map((r) => r.serial).sort()).toEqual(['TK-BV-0001', 'TK-SYT-0001', 'TK-SYT-0002']);
		expect(syt.rows.find((r) => r.serial === 'TK-SYT-0002')?.certificates).toBe(2);
		const lost = await listTokens(
			h.db,
			ALL,
			parseQuery(tokenFilterSchema, new URLSearchParams({ status: 'lost' })).value
		);
		expect(lost.rows.map((r) => r.serial)).toEqual(['TK-SYT-0002']);
	});

	it('exports the officer`s devices only, page after page, through the report list registry', async () => {
		const list = EXPORT_LISTS.tokens!;
		const f = list.parseFilters(new URLSearchParams({ status: 'bogus' }));
		const first = await list.page(h.db, fx.sytScope, f, null, 2);
		expect(first.rows).toHaveLength(2);
		expect(first.next).toBe(first.rows[1]!.serial);
		const second = await list.page(h.db, fx.sytScope, f, first.next, 2);
		expect(second.next).toBeNull();
		const serials = [...first.rows, ...second.rows].map((r) => r.serial).sort();
		expect(serials).toEqual(['TK-BV-0001', 'TK-SYT-0001', 'TK-SYT-0002']);
		expect([...first.rows, ...second.rows].find((r) => r.serial === 'TK-SYT-0002')?.status).toBe('Bị mất');
	});

	it('sorts devices by a column header, exports them in that order page after page, and ignores an unknown column', async () => {
		const tokenFilter = (q: Record<string, string>) =>
			parseQuery(tokenFilterSchema, new URLSearchParams(q)).value;
		const byCount = await listTokens(h.db, ALL, tokenFilter({ sap: 'certificates', chieu: 'desc' }));
		expect(byCount.rows[0]!.serial).toBe('TK-SYT-0002');
		const counts = byCount.rows.map((r) => r.certificates);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		const bySerialDesc = await listTokens(h.db, ALL, tokenFilter({ sap: 'serial', chieu: 'desc' }));
		const serials = bySerialDesc.rows.map((r) => r.serial);
		expect(serials).toEqual([...serials].sort().reverse());
		// An unknown column is dropped: the list's own order, by serial.
		const unknown = await listTokens(h.db, ALL, tokenFilter({ sap: 'holder_person_id; drop table tokens' }));
		expect(unknown.rows.map((r) => r.serial)).toEqual([...serials].sort());

		const list = EXPORT_LISTS.tokens!;
		for (const sap of ['serial', 'type', 'model', 'agency', 'holder', 'status', 'certificates'])
			for (const chieu of ['asc', 'desc']) {
				const f = list.parseFilters(new URLSearchParams({ sap, chieu }));
				const shown = await listTokens(h.db, ALL, f);
				const exported: string[] = [];
				let cursor: string | null = null;
				do {
					const p = await list.page(h.db, ALL, f, cursor, 2);
					exported.push(...p.rows.map((r) => String(r.serial)));
					cursor = p.next;
				} while (cursor !== null);
				expect(exported, `${sap} ${chieu}`).toEqual(shown.rows.map((r) => r.serial));
			}
		expect(
			list.describeFilters(list.parseFilters(new URLSearchParams({ sap: 'holder', chieu: 'desc' })))
		).toContain('Sắp xếp theo: Người giữ (giảm dần)');
	});

	it('exports certificates page after page in every sort order, as the list shows them, none lost or repeated', async () => {
		const list = EXPORT_LISTS.certificates!;
		for (const sort of ['not_after', 'not_before', 'subject_cn', 'status'])
			for (const dir of ['asc', 'desc']) {
				const f = list.parseFilters(new URLSearchParams({ sort, dir }));
				const shown = await listCertificates(h.db, ALL, { ...f, page: 1 }, NOW, 1000);
				const exported: unknown[] = [];
				let cursor: string | null = null;
				do {
					const p = await list.page(h.db, ALL, f, cursor, 2);
					exported.push(...p.rows.map((r) => r.id));
					cursor = p.next;
				} while (cursor !== null);
				expect(exported, `${sort} ${dir}`).toEqual(shown.rows.map((r) => r.id));
			}
	});

	it('shows the custody history in time order; another agency`s device is not found', async () => {
		const d = await getTokenDetail(h.db, fx.sytScope, fx.tokens.syt2);
		expect(d?.custody.map((c) => c.event)).toEqual(['handed_over', 'lost']);
		expect(d?.custody[1]).toMatchObject({ from_person_name: 'Trần Thị Thư', form: 'Mẫu 09' });
		expect(d?.certificates.length).toBe(2);
		expect(await getTokenDetail(h.db, fx.sytScope, fx.tokens.kh1)).toBeNull();
	});
});

describe('agencies', () => {
	it('rolls counts up the tree and matches independent counts', async () => {
		const tree = await agencyTree(h.db, ALL);
		const root = tree.find((n) => n.id === fx.root)!;
		expect(root.depth).toBe(0);
		expect(root.subtree.certificatesInUse).toBe(
			await count(sql<{ n: number }>`select count(*)::int as n from certificates where status = 'active'`)
		);
		expect(root.subtree.openFindings).toBe(
			await count(sql<{ n: number }>`select count(*)::int as n from findings where status <> 'resolved'`)
		);
		const syt = tree.find((n) => n.id === fx.syt)!;
		expect(syt.own.certificatesInUse).toBe(2);
		expect(syt.subtree.certificatesInUse).toBe(3);
		expect(syt.subtree.tokens).toBe(3);
		expect(syt.subtree.people).toBe(3);
		expect(tree.map((n) => n.id).indexOf(fx.hospital)).toBe(tree.map((n) => n.id).indexOf(fx.syt) + 1);
	});

	it('gives the officer only the Sở Y tế subtree', async () => {
		const tree = await agencyTree(h.db, fx.sytScope);
		expect(tree.map((n) => n.id).sort()).toEqual([fx.syt, fx.hospital].sort());
		expect(tree[0]!.depth).toBe(0);
		expect((await agencyOptions(h.db, fx.sytScope)).map((o) => o.id)).not.toContain(fx.skhcn);
		expect(await getAgency(h.db, fx.sytScope, fx.skhcn)).toBeNull();
		expect(await getAgency(h.db, fx.sytScope, fx.hospital)).not.toBeNull();
	});

	it('lists what an inspector audits in one agency', async () => {
		const lists = await agencyAuditLists(h.db, fx.syt);
		expect(lists.clerks).toHaveLength(1);
		expect(lists.clerks[0]).toMatchObject({ full_name: 'Trần Thị Thư', decision_number: '12/QĐ-SYT' });
		expect(lists.people.map((p) => p.full_name).sort()).toEqual(['Nguyễn Văn Giám', 'Trần Thị Thư']);
		expect(lists.findings.map((f) => f.kind).sort()).toEqual(['expiring_soon', 'lost_token_signing']);
		expect(lists.certificates).toHaveLength(3);
	});
});
