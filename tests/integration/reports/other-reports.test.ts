// The demand plan, the expiry list, the inspection report and the ad-hoc list export, read back
// with exceljs and checked against SQL counts on the small known province.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import {
	generateDemandPlan,
	generateExpiryReport,
	generateInspectionReport
} from '../../../src/lib/server/reports/generate';
import { getReportContent, listReports } from '../../../src/lib/server/reports/report-archive';
import { exportList, writeListExport } from '../../../src/lib/server/reports/ad-hoc-export';
import { DEMAND_SHEETS } from '../../../src/lib/reports/demand-plan-workbook';
import { INSPECTION_SHEETS } from '../../../src/lib/reports/inspection-workbook';
import { EVIL_NAME, seedReportFixtures } from './fixtures';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
	await seedReportFixtures(h.db);
});
afterAll(async () => {
	await h.close();
});

async function load(content: Uint8Array): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(content) as unknown as ArrayBuffer);
	return wb;
}

/** Rows below the (last) header row whose first cell is 'STT', as arrays of values (results for formulas). */
function tableRows(ws: ExcelJS.Worksheet): unknown[][] {
	let header = 0;
	ws.eachRow((row, r) => {
		if (row.getCell(1).value === 'STT') header = r;
	});
	const out: unknown[][] = [];
	for (let r = header + 1; r <= ws.rowCount; r++) {
		const row = ws.getRow(r);
		const first = row.getCell(1).value;
		if (typeof first !== 'number' && row.getCell(2).value !== 'Tổng cộng') break;
		const vals: unknown[] = [];
		for (let c = 1; c <= ws.columnCount; c++) {
			const v = row.getCell(c).value as unknown;
			vals.push(v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v);
		}
		out.push(vals);
	}
	return out;
}

describe('other reports', () => {
	it('demand plan: renewals are the active certificates expiring in the plan year', async () => {
		const stored = await generateDemandPlan(h.db, { year: 2027, newStaffRate: 0.5 });
		const wb = await load((await getReportContent(h.db, { kind: 'all' }, stored.id))!.content);
		const rows = tableRows(wb.getWorksheet(DEMAND_SHEETS.plan)!);
		const total = rows.find((r) => r[1] === 'Tổng cộng')!;
		const renew = await sql<{ n: number }>`select count(*)::int as n from certificates where status = 'active'
			and not_after >= '2027-01-01T00:00:00+07:00' and not_after < '2028-01-01T00:00:00+07:00'`.execute(h.db);
		expect(renew.rows[0]!.n).toBeGreaterThan(0);
		expect(total[7]).toBe(renew.rows[0]!.n);
		const syt = rows.find((r) => r[1] === 'Sở Y tế')!;
		expect(syt[2]).toBe(3); // A, B, C
		expect(syt[3]).toBe(1); // C has no certificate
		expect(syt[5]).toBe(2); // ceil(3 × 0.5)
		expect(syt[8]).toBe(1); // the lost token
		expect(wb.getWorksheet(DEMAND_SHEETS.method)).toBeDefined();
	});

	it('expiry list: the certificates ending in the period, not revoked', async () => {
		const stored = await generateExpiryReport(h.db, { period: '2026-Q4' });
		const wb = await load((await getReportContent(h.db, { kind: 'all' }, stored.id))!.content);
		const rows = tableRows(wb.worksheets[0]!);
		const n = await sql<{ n: number }>`select count(*)::int as n from certificates where status <> 'revoked'
			and not_after >= '2026-10-01T00:00:00+07:00' and not_after < '2027-01-01T00:00:00+07:00'`.execute(h.db);
		expect(rows).toHaveLength(n.rows[0]!.n);
		expect(rows[0]![2]).toMatch(/^Thuê bao/);
		// A date cell: 20/11/2026 as a spreadsheet date in Vietnam's calendar.
		expect((rows[0]![6] as Date).toISOString().slice(0, 10)).toBe('2026-11-20');
		expect(wb.worksheets[0]!.getCell(`G${wb.worksheets[0]!.rowCount}`).numFmt ?? '').toBeDefined();
	});

	it('inspection report: inventory and findings of the agency subtree only', async () => {
		const stored = await generateInspectionReport(h.db, { agencyCode: 'SYT' });
		const wb = await load((await getReportContent(h.db, { kind: 'all' }, stored.id))!.content);
		const certs = tableRows(wb.getWorksheet(INSPECTION_SHEETS.certificates)!);
		const n = await sql<{
			n: number;
		}>`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id where a.path like '/1/2/%'`.execute(
			h.db
		);
		expect(certs).toHaveLength(n.rows[0]!.n);
		const findings = tableRows(wb.getWorksheet(INSPECTION_SHEETS.findings)!);
		expect(findings.map((r) => r[3]).sort()).toEqual(['Điều 3.1', 'Điều 8.3, Điều 17.2']);
		// A finding summary "=1+1" stays text.
		let cell: ExcelJS.Cell | undefined;
		wb.getWorksheet(INSPECTION_SHEETS.findings)!.eachRow((row) =>
			row.eachCell((c) => (c.value === '=1+1' ? (cell = c) : undefined))
		);
		expect(cell?.type).toBe(ExcelJS.ValueType.String);
		expect(cell?.formula).toBeUndefined();
	});

	it('ad-hoc export of the certificate list honours filters, scope and chosen columns, and is archived', async () => {
		const officer = { kind: 'subtree' as const, agencyId: 2, path: '/1/2/' };
		const { report, content } = await exportList(h.db, {
			list: 'certificates',
			params: new URLSearchParams('status=active&kind=individual'),
			columns: ['subject_cn', 'agency_name', 'not_after'],
			scope: officer,
			actor: 'test'
		});
		const wb = await load(content);
		const rows = tableRows(wb.worksheets[0]!);
		const n = await sql<{
			n: number;
		}>`select count(*)::int as n from certificates c join agencies a on a.id = c.agency_id
			where a.path like '/1/2/%' and c.status = 'active' and c.kind = 'individual'`.execute(h.db);
		expect(rows).toHaveLength(n.rows[0]!.n);
		expect(rows[0]).toHaveLength(4); // STT + three chosen columns
		expect(rows.flat()).not.toContain(EVIL_NAME);
		expect(report.kind).toBe('ad_hoc');
		expect((await listReports(h.db, officer)).rows.map((r) => r.id)).toContain(report.id);
		const audit = await h.db
			.selectFrom('audit_log')
			.select('action')
			.where('entity_id', '=', String(report.id))
			.execute();
		expect(audit.map((a) => a.action)).toContain('report.export');
	});

	it('streams an unknown list as a clear error', async () => {
		await expect(
			writeListExport(
				h.db,
				{ list: 'nope', params: new URLSearchParams(), scope: { kind: 'all' } },
				new PassThrough()
			)
		).rejects.toThrow(/Không có danh sách/);
	});
});
