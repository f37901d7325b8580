// The usage report and the expiry list on the demo province: the workbook's totals equal SQL
// counts written independently here, for the busiest quarter of the demo data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { generateExpiryReport, generateUsageReport } from '../../../src/lib/server/reports/generate';
import { getReportContent } from '../../../src/lib/server/reports/report-archive';
import { parsePeriod } from '../../../src/lib/reports/period';
import { USAGE_SHEETS } from '../../../src/lib/reports/usage-workbook';

let h: DbHandle;
let quarter = '';
beforeAll(async () => {
	h = await openTestDb({ demo: true });
	const r = await sql<{
		q: string;
	}>`select to_char(signed_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY') || '-Q' || to_char(signed_at at time zone 'Asia/Ho_Chi_Minh', 'Q') as q
		from signing_events group by 1 order by count(*) desc limit 1`.execute(h.db);
	quarter = r.rows[0]?.q ?? '';
});
afterAll(async () => {
	await h.close();
});

async function load(id: number): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(
		Buffer.from((await getReportContent(h.db, { kind: 'all' }, id))!.content) as unknown as ArrayBuffer
	);
	return wb;
}

describe('reports on the demo data', () => {
	it('usage report totals equal SQL counts', async () => {
		expect(quarter).toMatch(/^\d{4}-Q[1-4]$/);
		const p = parsePeriod(quarter)!;
		const wb = await load((await generateUsageReport(h.db, { period: quarter, recipient: 'ubnd' })).id);
		const ws = wb.getWorksheet(USAGE_SHEETS.units)!;
		let totals: unknown[] = [];
		let leaf: unknown[] = [];
		ws.eachRow((row, r) => {
			if (row.getCell(2).value === 'Tổng cộng')
				totals = (row.values as unknown[]).map((v) =>
					v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v
				);
			if (row.getCell(1).value === 'STT' && leaf.length === 0) leaf = ws.getRow(r + 1).values as unknown[];
		});
		const col = (h: string) => leaf.indexOf(h);
		const [signed, revoked, inUse, issued] = await Promise.all([
			sql<{
				n: number;
			}>`select count(*)::int as n from signing_events e join certificates c on c.id = e.certificate_id
				join agencies a on a.id = c.agency_id where a.kind <> 'external' and e.direction = 'outgoing' and e.signed_at >= ${p.from} and e.signed_at < ${p.to}`.execute(
				h.db
			),
			sql<{ n: number }>`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id
				where a.kind <> 'external' and c.revoked_at >= ${p.from} and c.revoked_at < ${p.to}`.execute(h.db),
			sql<{ n: number }>`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id
				where a.kind <> 'external' and c.kind = 'individual' and c.not_before < ${p.to} and c.not_after >= ${p.to}
				and (c.revoked_at is null or c.revoked_at >= ${p.to})
				and not exists (select 1 from certificates n where n.renewal_of_id = c.id and n.not_before < ${p.to})`.execute(
				h.db
			),
			sql<{ n: number }>`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id
				where a.kind <> 'external' and c.renewal_of_id is null and c.not_before >= ${p.from} and c.not_before < ${p.to}`.execute(
				h.db
			)
		]);
		expect(signed.rows[0]!.n).toBeGreaterThan(0);
		expect(totals[col('Tổng số')]).toBe(signed.rows[0]!.n);
		expect(totals[col('Thu hồi')]).toBe(revoked.rows[0]!.n);
		expect(totals[col('Cá nhân')]).toBe(inUse.rows[0]!.n);
		expect(totals[col('Cấp mới')]).toBe(issued.rows[0]!.n);
	});

	it('expiry list rows equal the SQL count', async () => {
		const p = parsePeriod(quarter)!;
		const stored = await generateExpiryReport(h.db, { period: quarter });
		const n = await sql<{
			n: number;
		}>`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id
			where a.kind <> 'external' and c.status <> 'revoked' and c.not_after >= ${p.from} and c.not_after < ${p.to}`.execute(
			h.db
		);
		expect(stored.parameters).toMatchObject({ rows: n.rows[0]!.n });
		const wb = await load(stored.id);
		let dataRows = 0;
		wb.worksheets[0]!.eachRow((row) => {
			if (typeof row.getCell(1).value === 'number') dataRows++;
		});
		expect(dataRows).toBe(n.rows[0]!.n);
	});
});
