// The usage report on a small known province: every figure read back from the workbook is the
// SQL count of the same rows, boundaries of the quarter are honoured, the agency scope narrows
// the report, data never becomes a formula, and the report is archived and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { generateUsageReport } from '../../../src/lib/server/reports/generate';
import { getReportContent, sha256Hex } from '../../../src/lib/server/reports/report-archive';
import { USAGE_SHEETS } from '../../../src/lib/reports/usage-workbook';
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

/** The appendix row of an agency (by name in column B) as header → value. */
function unitRow(ws: ExcelJS.Worksheet, name: string): Record<string, unknown> {
	const headers: Record<number, string> = {};
	let found: Record<string, unknown> | null = null;
	ws.eachRow((row, r) => {
		if (row.getCell(1).value === 'STT' && Object.keys(headers).length === 0) {
			// Two header rows: the second holds the leaf headers of grouped columns.
			const next = ws.getRow(r + 1);
			for (let col = 1; col <= ws.columnCount; col++)
				headers[col] = String(next.getCell(col).value ?? row.getCell(col).value);
		}
		if (row.getCell(2).value === name) {
			found = {};
			row.eachCell((c, col) => {
				const v = c.value as unknown;
				found![headers[col] ?? String(col)] =
					typeof v === 'object' && v && 'result' in v ? (v as { result: unknown }).result : v;
			});
		}
	});
	if (!found) throw new Error(`no row for ${name}`);
	return found;
}

describe('generateUsageReport', () => {
	it('matches SQL counts per agency, within the quarter boundaries', async () => {
		const stored = await generateUsageReport(h.db, {
			period: '2026-Q3',
			recipient: 'ubnd',
			actor: 'test',
			problems: 'Thiếu thiết bị.'
		});
		const got = await getReportContent(h.db, { kind: 'all' }, stored.id);
		expect(got).not.toBeNull();
		expect(sha256Hex(got!.content)).toBe(stored.sha256);
		const wb = await load(got!.content);
		const ws = wb.getWorksheet(USAGE_SHEETS.units)!;

		const syt = unitRow(ws, 'Sở Y tế');
		const signedSyt = await sql<{ n: number }>`select count(*)::int as n from signing_events e
			join certificates c on c.id = e.certificate_id join agencies a on a.id = c.agency_id
			where a.path like '/1/2/%' and e.direction = 'outgoing'
			and e.signed_at >= '2026-07-01T00:00:00+07:00' and e.signed_at < '2026-10-01T00:00:00+07:00'`.execute(h.db);
		expect(signedSyt.rows[0]!.n).toBe(3);
		expect(Number(syt['Tổng số'])).toBe(signedSyt.rows[0]!.n);
		expect(syt['QLVB&ĐH']).toBe(2);
		expect(syt['Dịch vụ công']).toBe(1);
		expect(syt['Thư điện tử']).toBe(0);
		// Subtree: the hospital's certificates count under Sở Y tế.
		expect(syt['Cơ quan, tổ chức']).toBe(2);
		expect(syt['Cá nhân']).toBe(2); // A, and B's renewal (the old one is replaced)
		expect(syt['Cấp mới']).toBe(1);
		expect(syt['Gia hạn']).toBe(1);
		expect(syt['Khôi phục thiết bị']).toBe(1);
		expect(syt['Văn bản đến không hợp lệ']).toBe(1);
		expect(syt['Cảnh báo phát sinh']).toBe(2);
		expect(syt['Thanh tra, kiểm tra']).toBe(1);
		expect(syt['Lớp']).toBe(1);
		expect(syt['Lượt người']).toBe(12);

		const stc = unitRow(ws, EVIL_NAME);
		expect(stc['Thu hồi']).toBe(1);
		expect(stc['Thay đổi thông tin']).toBe(1);
		expect(stc['Cảnh báo phát sinh']).toBe(0); // first seen in May

		const root = unitRow(ws, 'UBND tỉnh Đồng Tháp');
		expect(root['Lượt người']).toBe(40); // the province-wide training

		// Totals: a formula with a cached result equal to the SQL count over the province.
		const total = unitRow(ws, 'Tổng cộng');
		const allSigned = await sql<{ n: number }>`select count(*)::int as n from signing_events
			where direction = 'outgoing' and signed_at >= '2026-07-01T00:00:00+07:00' and signed_at < '2026-10-01T00:00:00+07:00'`.execute(
			h.db
		);
		expect(total['Tổng số']).toBe(allSigned.rows[0]!.n);
		let totalsFormula = '';
		ws.eachRow((row) => {
			if (row.getCell(2).value === 'Tổng cộng') totalsFormula = String(row.getCell(3).formula ?? '');
		});
		expect(totalsFormula).toMatch(/^SUM\(C\d+:C\d+\)$/);

		// The summary refers to those totals.
		const summary = wb.getWorksheet(USAGE_SHEETS.summary)!;
		const cells: ExcelJS.Cell[] = [];
		summary.eachRow((row) => row.eachCell((c) => cells.push(c)));
		const signedLine = cells.find((c) => c.value === 'Tổng số văn bản ký số')!;
		const valueCell = summary.getRow(Number(signedLine.row)).getCell(3);
		expect(valueCell.formula).toContain(USAGE_SHEETS.units);
		expect(valueCell.result).toBe(allSigned.rows[0]!.n);
		expect(cells.some((c) => c.value === 'Thiếu thiết bị.')).toBe(true);
		expect(cells.some((c) => String(c.value).startsWith('Đồng Tháp, ngày '))).toBe(true);
	});

	it('writes text from data that looks like a formula as text', async () => {
		const stored = await generateUsageReport(h.db, { period: '2026-Q3', recipient: 'bo-khcn' });
		const wb = await load((await getReportContent(h.db, { kind: 'all' }, stored.id))!.content);
		const ws = wb.getWorksheet(USAGE_SHEETS.units)!;
		let evil: ExcelJS.Cell | undefined;
		ws.eachRow((row) => row.eachCell((c) => (c.value === EVIL_NAME ? (evil = c) : undefined)));
		expect(evil).toBeDefined();
		expect(evil!.type).toBe(ExcelJS.ValueType.String);
		expect(evil!.formula).toBeUndefined();
	});

	it('narrows to an agency subtree and refuses agencies outside the scope', async () => {
		const officer = { kind: 'subtree' as const, agencyId: 2, path: '/1/2/' };
		const stored = await generateUsageReport(h.db, { period: '2026-Q3', recipient: 'ubnd', scope: officer });
		expect(stored.agencyId).toBe(2);
		const wb = await load((await getReportContent(h.db, officer, stored.id))!.content);
		const names: unknown[] = [];
		wb.getWorksheet(USAGE_SHEETS.units)!.eachRow((row) => names.push(row.getCell(2).value));
		expect(names).toContain('Bệnh viện Đa khoa');
		expect(names).not.toContain(EVIL_NAME);
		await expect(
			generateUsageReport(h.db, { period: '2026-Q3', recipient: 'ubnd', scope: officer, agencyCode: 'STC' })
		).rejects.toThrow(/Không tìm thấy/);
		// A province-wide report is not visible to the officer.
		const wide = await generateUsageReport(h.db, { period: '2026-Q3', recipient: 'ubnd' });
		expect(await getReportContent(h.db, officer, wide.id)).toBeNull();
	});

	it('uses the Decree 09/2019 cut-off when asked, and the CA variant lists revocations', async () => {
		const stored = await generateUsageReport(h.db, {
			period: '2026-Q3',
			recipient: 'ban-co-yeu',
			convention: 'cutoff14'
		});
		const wb = await load((await getReportContent(h.db, { kind: 'all' }, stored.id))!.content);
		const total = unitRow(wb.getWorksheet(USAGE_SHEETS.units)!, 'Tổng cộng');
		// 15/06-14/09: the June event and the two July/August events; not the 30/09 one.
		expect(total['Tổng số']).toBe(3);
		expect(wb.getWorksheet(USAGE_SHEETS.revocations)).toBeDefined();
		expect(stored.parameters).toMatchObject({ convention: 'cutoff14' });
	});

	it('audits each generation and rejects bad input with a Vietnamese message', async () => {
		const before = await h.db
			.selectFrom('audit_log')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('action', '=', 'report.generate')
			.executeTakeFirstOrThrow();
		await generateUsageReport(h.db, { period: '2026-H1', recipient: 'ubnd', userId: null, actor: 'test' });
		const after = await h.db
			.selectFrom('audit_log')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('action', '=', 'report.generate')
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n + 1);
		await expect(generateUsageReport(h.db, { period: '2026-Q5', recipient: 'ubnd' })).rejects.toThrow(
			/Kỳ báo cáo/
		);
		await expect(generateUsageReport(h.db, { period: '2026', recipient: 'tinh' })).rejects.toThrow(
			/Nơi nhận/
		);
	});
});
