// The inspection report's summary counts the findings by kind, with the article each breaks: the kinds of
// the second round of rules (issue 16) among them, and no line for a kind with no finding.
import { describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { renderInspectionWorkbook, INSPECTION_SHEETS } from '../../../src/lib/reports/inspection-workbook';
import { reread, sheet } from '../../helpers/workbook-read';
import type { FindingKind } from '../../../src/lib/domain/findings';

const finding = (id: number, kind: FindingKind, legalBasis: string) => ({
	id,
	firstSeenAt: new Date('2026-11-02T09:00:00+07:00'),
	kind,
	severity: 'high',
	legalBasis,
	summary: `Phát hiện ${id}`,
	status: 'open',
	resolvedAt: null,
	resolutionNote: null
});

describe('inspection report summary', () => {
	it('counts the findings of each kind, new kinds included', async () => {
		const wb = await reread(
			await renderInspectionWorkbook(
				{
					agency: { code: 'SYT', name: 'Sở Y tế' },
					asOf: new Date('2026-11-30T10:00:00+07:00'),
					certificates: [],
					tokens: [],
					findings: [
						finding(1, 'should_have_been_revoked', 'Điều 10; NĐ 68/2024 Điều 17'),
						finding(2, 'should_have_been_revoked', 'Điều 10; NĐ 68/2024 Điều 17'),
						finding(3, 'clerk_change_without_handover', 'Điều 18.2; NĐ 30/2020 Điều 32'),
						finding(4, 'title_mismatch', 'Điều 8.4')
					],
					inspections: []
				},
				{ issuedOn: new Date('2026-11-30T10:00:00+07:00') }
			)
		);
		const lines = new Map<string, number>();
		sheet(wb, INSPECTION_SHEETS.summary).eachRow((r) => {
			const cells: ExcelJS.Cell[] = [];
			r.eachCell((c) => cells.push(c));
			const label = cells.find((c) => c.text.startsWith('Trong đó: '));
			const n = cells.find((c) => c.col > (label?.col ?? 0) && typeof c.value === 'number');
			if (label && n) lines.set(label.text, Number(n.value));
		});
		expect(
			lines.get('Trong đó: Chứng thư lẽ ra phải thu hồi vẫn đang sử dụng (Điều 10; NĐ 68/2024 Điều 17)')
		).toBe(2);
		expect([...lines.keys()].filter((k) => k.includes('Điều 18.2'))).toHaveLength(1);
		expect([...lines.entries()].find(([k]) => k.includes('(Điều 8.4)'))?.[1]).toBe(1);
		// Kinds with no finding have no line.
		expect([...lines.keys()].some((k) => k.includes('Điều 3.1'))).toBe(false);
	});
});
