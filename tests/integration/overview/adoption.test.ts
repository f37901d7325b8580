// The leaders' overview for a chosen period: comparisons with the same quarter last year and the
// quarter before, adoption from the roll-ups against independent counts over the raw events, the
// laggards, the dormant-certificate list behind its figure, the officer's scoped view, and the
// overview workbook read back with exceljs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import { loadOverview } from '../../../src/lib/server/overview/overview';
import { writeSettings } from '../../../src/lib/server/settings/store';
import { overviewScopeName, writeOverviewWorkbook } from '../../../src/lib/server/overview/workbook';
import {
	certificateFilterSchema,
	listCertificates
} from '../../../src/lib/server/inventory/certificate-list';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { parseFindingFilters } from '../../../src/lib/server/findings/queries';
import { LEGAL_BASES } from '../../../src/lib/domain/findings';

let h: DbHandle;
let fx: Fixture;
let quiet: { agency: number; cert: number };
const ALL: AgencyScope = { kind: 'all' };
const Q3 = new URLSearchParams({ ky: 'q3-2026' });

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
	// An agency under the province root whose one active certificate never signed: a laggard.
	const root = await h.db
		.selectFrom('agencies')
		.select('path')
		.where('id', '=', fx.root)
		.executeTakeFirstOrThrow();
	const a = await h.db
		.insertInto('agencies')
		.values({ code: 'QUIET', name: 'Phòng lặng thử', kind: 'unit', parent_id: fx.root, path: '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	await h.db
		.updateTable('agencies')
		.set({ path: `${root.path}${a.id}/` })
		.where('id', '=', a.id)
		.execute();
	const c = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: 'cd'.padEnd(64, '1'),
			serial_number: '7e0001',
			issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
			subject_dn: 'CN=Phòng lặng thử, C=VN',
			subject_cn: 'Phòng lặng thử',
			kind: 'organisation',
			agency_id: a.id,
			not_before: new Date(NOW.getTime() - 200 * 86400_000),
			not_after: new Date(NOW.getTime() + 500 * 86400_000),
			status: 'active',
			der: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x7f])
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	quiet = { agency: a.id, cert: c.id };
});
afterAll(async () => h?.close());

const rawCount = async (from: string, to: string, extra = sql`true`) =>
	(
		await sql<{
			n: number;
		}>`select count(*)::int as n from signing_events e where e.signed_at >= ${from}::timestamptz and e.signed_at < ${to}::timestamptz and ${extra}`.execute(
			h.db
		)
	).rows[0]!.n;

describe('Quý 3/2026 on the overview', () => {
	it('compares the quarter with Quý 3/2025 and Quý 2/2026 from the roll-ups, matching the raw events', async () => {
		const o = await loadOverview(h.db, ALL, Q3, NOW);
		expect(o.invalid).toEqual([]);
		expect(o.period.period.label).toBe('Quý 3/2026');
		expect(o.period.lastYearLabel).toBe('Quý 3/2025');
		expect(o.period.previousLabel).toBe('Quý 2/2026');
		expect(o.signed.current).toBe(await rawCount('2026-07-01 00:00+07', '2026-10-01 00:00+07'));
		expect(o.signed.lastYear).toBe(await rawCount('2025-07-01 00:00+07', '2025-10-01 00:00+07'));
		expect(o.signed.previous).toBe(await rawCount('2026-04-01 00:00+07', '2026-07-01 00:00+07'));
		expect(o.signed.current).toBeGreaterThan(o.signed.lastYear); // the fixture's events start in September 2025
		const byChannel = Object.fromEntries(o.channels.map((c) => [c.key, c.n]));
		expect(byChannel.dvc).toBe(
			await rawCount('2026-07-01 00:00+07', '2026-10-01 00:00+07', sql`e.channel = 'dvc'`)
		);
		// The trend covers 24 months ending with September 2026.
		const months = [...new Set(o.trend.map((p) => p.bucket))].sort();
		expect(months.at(-1)).toBe('2026-09-01');
		expect(months[0]! >= '2024-10-01').toBe(true);
	});

	it('counts certificates used against the active ones and names the dormant and silent ones', async () => {
		const o = await loadOverview(h.db, ALL, Q3, NOW);
		expect(o.adoption.active).toBe(5);
		const usedRaw = async (from: string, to: string) =>
			(
				await sql<{ n: number }>`select count(distinct e.certificate_id)::int as n from signing_events e
					join certificates c on c.id = e.certificate_id and c.status = 'active'
					where e.signed_at >= ${from}::timestamptz and e.signed_at < ${to}::timestamptz`.execute(h.db)
			).rows[0]!.n;
		expect(o.adoption.used).toEqual({
			current: 4,
			// The fixture's events begin late in September 2025: only some certificates signed in Quý 3/2025.
			lastYear: await usedRaw('2025-07-01 00:00+07', '2025-10-01 00:00+07'),
			previous: 4
		});
		expect(o.adoption.used.lastYear).toBeLessThan(4);
		expect(o.adoption.dormant).toBe(1);
		expect(o.adoption.dormantByAgency).toEqual([
			{ agency_id: quiet.agency, agency_name: 'Phòng lặng thử', n: 1 }
		]);
		expect(o.ranking.silent.map((r) => r.agency_id)).toEqual([quiet.agency]);
		expect(o.ranking.bottom[0]).toMatchObject({ agency_id: quiet.agency, active: 1, used: 0, signed: 0 });
		expect(o.ranking.top[0]!.used).toBe(o.ranking.top[0]!.active);
		const syt = o.ranking.all.find((r) => r.agency_id === fx.syt)!;
		expect(syt).toMatchObject({ active: 2, used: 2 });
		expect(syt.signed).toBe(
			await rawCount(
				'2026-07-01 00:00+07',
				'2026-10-01 00:00+07',
				sql`e.certificate_id in (${fx.certs.sytOrg}, ${fx.certs.sytDirector})`
			)
		);
	});

	it('reads the dormant days from the administrator setting (overview.dormant)', async () => {
		expect((await loadOverview(h.db, ALL, Q3, NOW)).adoption.dormantDays).toBe(90);
		// Ten years without signing: no certificate of the fixture has been valid that long.
		await writeSettings(h.db, { 'overview.dormant': { dormantDays: 3650 } });
		const o = await loadOverview(h.db, ALL, Q3, NOW);
		expect([o.adoption.dormantDays, o.adoption.dormant, o.adoption.dormantByAgency]).toEqual([3650, 0, []]);
		await h.db.deleteFrom('settings').where('key', '=', 'overview.dormant').execute();
	});

	it('leads the dormant figure to the same certificates in the list', async () => {
		const f = parseQuery(
			certificateFilterSchema,
			new URLSearchParams({ status: 'active', dormant: '90' })
		).value;
		const list = await listCertificates(h.db, ALL, f, NOW);
		expect(list.rows.map((r) => r.id)).toEqual([quiet.cert]);
		// A signature 10 days ago wakes it up.
		await h.db
			.insertInto('signing_events')
			.values({
				signed_at: new Date(NOW.getTime() - 10 * 86400_000),
				certificate_id: quiet.cert,
				signing_form: 'org',
				channel: 'qlvb',
				source_system: 'test',
				source_id: 'quiet-1'
			})
			.execute();
		expect((await listCertificates(h.db, ALL, f, NOW)).rows).toEqual([]);
		expect((await loadOverview(h.db, ALL, Q3, NOW)).adoption.dormant).toBe(0);
		await h.db.deleteFrom('signing_events').where('source_id', '=', 'quiet-1').execute();
	});

	it('reads the findings list filter by article under either name', () => {
		const article = LEGAL_BASES[0]!;
		expect(parseFindingFilters(new URLSearchParams({ dieu: article })).legalBasis).toBe(article);
		expect(parseFindingFilters(new URLSearchParams({ article })).legalBasis).toBe(article);
	});

	it('keeps the officer inside Sở Y tế, with the same figures scoped', async () => {
		const o = await loadOverview(h.db, fx.sytScope, Q3, NOW);
		expect(o.adoption.active).toBe(3);
		expect(o.adoption.dormant).toBe(0);
		expect(o.ranking.all.map((r) => r.agency_id).sort()).toEqual([fx.syt, fx.hospital].sort());
		expect(o.signed.current).toBe(
			await rawCount(
				'2026-07-01 00:00+07',
				'2026-10-01 00:00+07',
				sql`e.certificate_id in (${fx.certs.sytOrg}, ${fx.certs.sytDirector}, ${fx.certs.doctor})`
			)
		);
		expect(o.articles.reduce((s, r) => s + r.n, 0)).toBe(2);
	});

	it('writes the overview workbook, one sheet per chart with Vietnamese headers', async () => {
		const o = await loadOverview(h.db, ALL, Q3, NOW);
		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c: Buffer) => chunks.push(c));
		const done = new Promise((r) => out.on('end', r));
		await writeOverviewWorkbook(out, o, await overviewScopeName(h.db, ALL, null), NOW);
		await done;
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as never);
		expect(wb.worksheets.map((w) => w.name)).toEqual([
			'So sánh cùng kỳ',
			'Xu hướng 24 tháng',
			'Theo kênh',
			'Xếp hạng cơ quan',
			'Cơ quan không ký văn bản',
			'Chứng thư không dùng 90 ngày',
			'Cảnh báo theo điều khoản',
			'Chứng thư theo trạng thái'
		]);
		const cmp = wb.getWorksheet('So sánh cùng kỳ')!;
		expect(cmp.getCell('A1').value).toContain('Quý 3/2026');
		expect(cmp.getCell('A3').value).toBe('Chỉ tiêu');
		expect(cmp.getCell('A4').value).toBe('Văn bản được ký số');
		expect(cmp.getCell('B4').value).toBe(o.signed.current);
		expect(cmp.getCell('C4').value).toBe(o.signed.lastYear);
		const rank = wb.getWorksheet('Xếp hạng cơ quan')!;
		expect(rank.getRow(rank.rowCount).getCell(2).value).toBe('Phòng lặng thử');
		const silent = wb.getWorksheet('Cơ quan không ký văn bản')!;
		expect(silent.getCell('A3').value).toBe('Cơ quan, đơn vị');
		expect(silent.getRow(4).values).toEqual([undefined, 'Phòng lặng thử', 1]);
		expect(silent.rowCount).toBe(3 + o.ranking.silent.length);
	});
});
