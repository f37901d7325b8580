// One vocabulary: every value of every list reads the same on screen and in the workbooks. The
// screen's label is taken from a rendered component (StatusBadge, which reads it through `tv` as
// every page does); the workbook's from the real renderers and list-export code, written to xlsx
// bytes and read back with exceljs. A label map written anywhere else in src, or a copied value
// list, fails here too. (tests/integration/reports/vocabulary-export.test.ts does the same for the
// list exports from the database.)
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { screenLabel } from '../../helpers/screen-label';
import { cellTexts, columnUnder, reread, sheet } from '../../helpers/workbook-read';
import {
	CERT_KINDS,
	CERT_STATUSES,
	CHANNELS,
	CLASSIFICATIONS,
	DEVICE_KINDS,
	DIRECTIONS,
	FINDING_KIND_NAMES,
	FINDING_STATUSES,
	INSPECTION_STATUSES,
	LIST_NAMES,
	SEVERITIES,
	SIGNING_FORMS,
	TOKEN_STATUSES,
	VOCABULARY,
	type ListName
} from '../../../src/lib/domain';
import { LANGS } from '../../../src/lib/i18n/catalogue';
import { valueLabel } from '../../../src/lib/i18n/values';
import { labelsEn, labelsVi } from '../../../src/lib/i18n/messages/vocabulary';
import { renderExpiryWorkbook } from '../../../src/lib/reports/expiry-workbook';
import {
	renderInspectionWorkbook,
	type InspectionReportData
} from '../../../src/lib/reports/inspection-workbook';
import { renderUsageWorkbook, type UsageReportData } from '../../../src/lib/reports/usage-workbook';
import { parsePeriod } from '../../../src/lib/reports/period';
import { streamListExport } from '../../../src/lib/reports/list-workbook';
import type { CellInput } from '../../../src/lib/reports/cells';
import { EXPORT_LISTS, labelCertificateRow, labelSigningRow } from '../../../src/lib/server/reports/lists';
import { labelTokenRow } from '../../../src/lib/server/inventory/token-export';
import { buildTemplateWorkbook } from '../../../src/lib/server/organisation-import/template-workbook';

const ISSUED_ON = new Date('2026-12-04T09:00:00+07:00');

const screen = screenLabel;

/** `values` repeated to length n (so that several lists of different lengths share the rows). */
const cycle = <T>(values: readonly T[], n: number): T[] =>
	Array.from({ length: n }, (_, i) => values[i % values.length]!);
const longest = (...lists: (readonly unknown[])[]) => Math.max(...lists.map((l) => l.length));

/** Asserts the workbook wrote, for each value, what the screen shows for it. */
function expectScreenLabels(list: ListName, values: readonly string[], cells: string[]): void {
	expect(cells, `${list}: workbook cells`).toEqual(values.map((v) => screen(list, v)));
}

describe('the vocabulary', () => {
	it('has a Vietnamese and an English label for every value of every list', () => {
		for (const list of LIST_NAMES)
			for (const value of VOCABULARY[list]) {
				for (const labels of [labelsVi, labelsEn]) {
					const text = (labels[list] as Record<string, string>)[value];
					expect(text, `${list}.${value}`).toBeTypeOf('string');
					expect(text!.trim(), `${list}.${value}`).not.toBe('');
				}
				// The catalogues hold nothing for values no list has.
				expect(Object.keys(labelsVi[list]).sort()).toEqual([...VOCABULARY[list]].sort());
				expect(Object.keys(labelsEn[list]).sort()).toEqual([...VOCABULARY[list]].sort());
			}
	});

	it('shows on screen, in both languages, the label valueLabel gives (the function the workbooks call)', () => {
		for (const lang of LANGS)
			for (const list of LIST_NAMES)
				for (const value of VOCABULARY[list]) {
					const shown = screen(list, value, lang);
					expect(shown, `${lang} ${list}.${value}`).toBe(valueLabel(lang, list, value));
					expect(shown, `${lang} ${list}.${value}`).not.toBe(value.length > 3 ? value : '');
				}
		expect(screen('certStatus', 'active', 'en')).not.toBe(screen('certStatus', 'active', 'vi'));
	});

	it('shows an unknown value as it is and nothing for no value', () => {
		expect(valueLabel('vi', 'channel', 'fax')).toBe('fax');
		expect(valueLabel('vi', 'channel', null)).toBe('');
		expect(valueLabel('vi', 'channel', '')).toBe('');
		expect(valueLabel('vi', 'certStatus', 'toString')).toBe('toString');
	});
});

describe('the screen and the workbooks say the same', () => {
	it('expiry list: certificate kind and status', async () => {
		const n = longest(CERT_KINDS, CERT_STATUSES) * 3; // 12: every kind with every status
		const kinds = cycle(CERT_KINDS, n);
		const statuses = cycle(CERT_STATUSES, n);
		const wb = await reread(
			await renderExpiryWorkbook(
				{
					period: parsePeriod('2026-Q4')!,
					scopeName: 'toàn tỉnh',
					rows: kinds.map((kind, i) => ({
						agency: 'Sở Y tế',
						subject: `Thuê bao ${i}`,
						kind,
						serial: `SN${i}`,
						notAfter: new Date('2026-12-20T00:00:00Z'),
						status: statuses[i]!,
						tokenSerial: null,
						renewalRequested: false
					}))
				},
				{ issuedOn: ISSUED_ON }
			)
		);
		const ws = sheet(wb, 'Hết hạn');
		expectScreenLabels('certKind', kinds, columnUnder(ws, 'Loại', n));
		expectScreenLabels('certStatus', statuses, columnUnder(ws, 'Tình trạng', n));
	});

	it('inspection report: certificates, devices, findings, inspections', async () => {
		const nc = longest(CERT_KINDS, CERT_STATUSES) * 3;
		const nt = longest(DEVICE_KINDS, TOKEN_STATUSES);
		const nf = longest(FINDING_KIND_NAMES, SEVERITIES, FINDING_STATUSES);
		const data: InspectionReportData = {
			agency: { code: 'SYT', name: 'Sở Y tế' },
			asOf: new Date('2026-12-01T00:00:00Z'),
			certificates: cycle(CERT_KINDS, nc).map((kind, i) => ({
				subject: `Thuê bao ${i}`,
				kind,
				serial: `SN${i}`,
				notBefore: new Date('2025-01-01T00:00:00Z'),
				notAfter: new Date('2027-01-01T00:00:00Z'),
				status: cycle(CERT_STATUSES, nc)[i]!,
				holder: null,
				tokenSerial: null
			})),
			tokens: cycle(DEVICE_KINDS, nt).map((deviceType, i) => ({
				serial: `TK${i}`,
				deviceType,
				model: null,
				status: cycle(TOKEN_STATUSES, nt)[i]!,
				holder: null
			})),
			findings: cycle(FINDING_KIND_NAMES, nf).map((kind, i) => ({
				id: i + 1,
				firstSeenAt: new Date('2026-11-01T00:00:00Z'),
				kind,
				severity: cycle(SEVERITIES, nf)[i]!,
				legalBasis: 'Điều 8',
				summary: `Vi phạm ${i}`,
				status: cycle(FINDING_STATUSES, nf)[i]!,
				resolvedAt: null,
				resolutionNote: null
			})),
			inspections: INSPECTION_STATUSES.map((status, i) => ({
				startedOn: `2026-0${i + 1}-01`,
				endedOn: null,
				title: `Kiểm tra ${i}`,
				decisionNumber: null,
				status,
				summary: null,
				followUp: null
			}))
		};
		const wb = await reread(await renderInspectionWorkbook(data, { issuedOn: ISSUED_ON }));
		const certs = sheet(wb, 'PL1 Chứng thư số');
		expectScreenLabels('certKind', cycle(CERT_KINDS, nc), columnUnder(certs, 'Loại', nc));
		expectScreenLabels('certStatus', cycle(CERT_STATUSES, nc), columnUnder(certs, 'Tình trạng', nc));
		const tokens = sheet(wb, 'PL2 Thiết bị');
		expectScreenLabels('deviceType', cycle(DEVICE_KINDS, nt), columnUnder(tokens, 'Loại', nt));
		expectScreenLabels('tokenStatus', cycle(TOKEN_STATUSES, nt), columnUnder(tokens, 'Tình trạng', nt));
		const findings = sheet(wb, 'PL3 Vi phạm');
		expectScreenLabels('findingKind', cycle(FINDING_KIND_NAMES, nf), columnUnder(findings, 'Vi phạm', nf));
		expectScreenLabels('severity', cycle(SEVERITIES, nf), columnUnder(findings, 'Mức độ', nf));
		expectScreenLabels('findingStatus', cycle(FINDING_STATUSES, nf), columnUnder(findings, 'Tình trạng', nf));
		// Follow-up: the inspections first, in the order given.
		const follow = sheet(wb, 'PL4 Khắc phục');
		expectScreenLabels('inspectionStatus', INSPECTION_STATUSES, columnUnder(follow, 'Tình trạng', 3));
		// The summary counts devices by kind under each kind's label.
		const summary = cellTexts(sheet(wb, 'Báo cáo'));
		for (const kind of DEVICE_KINDS) expect(summary).toContain(`Trong đó: ${screen('deviceType', kind)}`);
	});

	it('usage report: channels, certificate kinds, severities, finding kinds, inspections, revocations', async () => {
		const nk = FINDING_KIND_NAMES.length;
		const data: UsageReportData = {
			period: parsePeriod('2026-Q3')!,
			scopeName: 'toàn tỉnh',
			units: [
				{
					unitId: 1,
					code: 'SYT',
					name: 'Sở Y tế',
					orgInUse: 1,
					indInUse: 2,
					issued: 0,
					renewed: 0,
					changed: 0,
					revoked: 0,
					recovered: 0,
					signed: { qlvb: 1, dvc: 2, email: 3, portal: 4, other: 5 },
					incomingInvalid: 0,
					archiveFailed: 0,
					findings: 0,
					inspections: 0,
					trainings: 0,
					trainees: 0
				}
			],
			findingsByArticle: FINDING_KIND_NAMES.map((kind) => ({
				legalBasis: 'Điều 8',
				kind,
				low: 1,
				medium: 0,
				high: 0,
				critical: 0,
				open: 1
			})),
			inspections: INSPECTION_STATUSES.map((status, i) => ({
				startedOn: `2026-07-0${i + 1}`,
				endedOn: null,
				agency: 'Sở Y tế',
				title: `Kiểm tra ${i}`,
				decisionNumber: null,
				status
			})),
			trainings: [],
			revocations: CERT_KINDS.map((kind, i) => ({
				revokedAt: new Date('2026-08-01T00:00:00Z'),
				agency: 'Sở Y tế',
				subject: `Thuê bao ${i}`,
				serial: `SN${i}`,
				kind,
				reason: null
			}))
		};
		const wb = await reread(
			await renderUsageWorkbook(data, { recipient: 'ban-co-yeu', issuedOn: ISSUED_ON })
		);
		const units = cellTexts(sheet(wb, 'PL1 Theo cơ quan'));
		for (const ch of CHANNELS) expect(units, `channel ${ch}`).toContain(screen('channel', ch));
		for (const kind of ['organisation', 'individual']) expect(units).toContain(screen('certKind', kind));
		const summary = cellTexts(sheet(wb, 'Báo cáo'));
		for (const ch of CHANNELS) expect(summary).toContain(`Văn bản ký số qua ${screen('channel', ch)}`);
		const articles = sheet(wb, 'PL2 Theo điều khoản');
		for (const s of SEVERITIES) expect(cellTexts(articles), `severity ${s}`).toContain(screen('severity', s));
		expectScreenLabels('findingKind', FINDING_KIND_NAMES, columnUnder(articles, 'Nội dung vi phạm', nk));
		const inspections = sheet(wb, 'PL3 Thanh tra');
		expectScreenLabels('inspectionStatus', INSPECTION_STATUSES, columnUnder(inspections, 'Tình trạng', 3));
		const revocations = sheet(wb, 'PL5 Thu hồi');
		expectScreenLabels('certKind', CERT_KINDS, columnUnder(revocations, 'Loại', CERT_KINDS.length));
	});

	/** A list export as /bao-cao/xuat writes it: the list's columns, its filter lines, its labelled rows. */
	async function listWorkbook(
		name: string,
		params: Record<string, string>,
		rows: Record<string, CellInput>[]
	): Promise<ExcelJS.Worksheet> {
		const list = EXPORT_LISTS[name]!;
		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c: Buffer) => chunks.push(c));
		await streamListExport(
			out,
			{
				title: list.title,
				filterLines: list.describeFilters(list.parseFilters(new URLSearchParams(params))),
				columns: list.columns,
				issuedOn: ISSUED_ON
			},
			rows
		);
		return (await reread(Buffer.concat(chunks))).worksheets[0]!;
	}

	it('certificate list export: kind and status, and the filter line', async () => {
		const n = 12;
		const kinds = cycle(CERT_KINDS, n);
		const statuses = cycle(CERT_STATUSES, n);
		const ws = await listWorkbook(
			'certificates',
			{ status: 'active', kind: 'organisation' },
			kinds.map((kind, i) =>
				labelCertificateRow({
					subject_cn: `Thuê bao ${i}`,
					kind,
					status: statuses[i]!,
					revocation_requested_at: null
				})
			)
		);
		expectScreenLabels('certKind', kinds, columnUnder(ws, 'Loại', n));
		expectScreenLabels('certStatus', statuses, columnUnder(ws, 'Tình trạng', n));
		const texts = cellTexts(ws);
		expect(texts).toContain(`Tình trạng: ${screen('certStatus', 'active')}`);
		expect(texts).toContain(`Loại: ${screen('certKind', 'organisation')}`);
	});

	it('signing-event list export: form, channel, direction, and the filter lines', async () => {
		const n = longest(SIGNING_FORMS, CHANNELS, DIRECTIONS);
		const forms = cycle(SIGNING_FORMS, n);
		const channels = cycle(CHANNELS, n);
		const directions = cycle(DIRECTIONS, n);
		const rows = forms.map((signing_form, i) => {
			const row = {
				document_number: `${i}/QĐ`,
				signing_form,
				channel: channels[i]!,
				direction: directions[i]!
			};
			labelSigningRow(row);
			return row;
		});
		for (const classification of CLASSIFICATIONS) {
			const ws = await listWorkbook(
				'signing-events',
				{ from: '2026-08-01', to: '2026-08-31', channel: 'portal', form: 'own', classification },
				rows
			);
			expectScreenLabels('form', forms, columnUnder(ws, 'Hình thức', n));
			expectScreenLabels('channel', channels, columnUnder(ws, 'Kênh', n));
			expectScreenLabels('direction', directions, columnUnder(ws, 'Chiều', n));
			const texts = cellTexts(ws);
			expect(texts).toContain(`Kênh: ${screen('channel', 'portal')}`);
			expect(texts).toContain(`Hình thức ký: ${screen('form', 'own')}`);
			expect(texts).toContain(`Độ mật: ${screen('classification', classification)}`);
		}
	});

	it('device list export: kind and status, and the filter lines', async () => {
		const n = longest(DEVICE_KINDS, TOKEN_STATUSES);
		const kinds = cycle(DEVICE_KINDS, n);
		const statuses = cycle(TOKEN_STATUSES, n);
		const ws = await listWorkbook(
			'tokens',
			{ status: 'damaged', type: 'remote' },
			kinds.map((device_type, i) => labelTokenRow({ serial: `TK${i}`, device_type, status: statuses[i]! }))
		);
		expectScreenLabels('deviceType', kinds, columnUnder(ws, 'Loại thiết bị', n));
		expectScreenLabels('tokenStatus', statuses, columnUnder(ws, 'Tình trạng', n));
		const texts = cellTexts(ws);
		expect(texts).toContain(`Tình trạng: ${screen('tokenStatus', 'damaged')}`);
		expect(texts).toContain(`Loại thiết bị: ${screen('deviceType', 'remote')}`);
	});

	it('organisation import templates: the drop-down words of agency kinds, person statuses, device kinds', async () => {
		const org = sheet(await reread(await buildTemplateWorkbook('organisation')), 'Danh mục');
		expectScreenLabels(
			'agencyKind',
			VOCABULARY.agencyKind,
			columnUnder(org, 'Loại cơ quan', VOCABULARY.agencyKind.length)
		);
		expectScreenLabels(
			'personStatus',
			VOCABULARY.personStatus,
			columnUnder(org, 'Trạng thái', VOCABULARY.personStatus.length)
		);
		const subscribers = sheet(await reread(await buildTemplateWorkbook('subscribers')), 'Danh mục');
		expectScreenLabels(
			'deviceType',
			DEVICE_KINDS,
			columnUnder(subscribers, 'Loại thiết bị', DEVICE_KINDS.length)
		);
	});
});

describe('no second copy', () => {
	const root = path.resolve(__dirname, '../../../src');
	const files: string[] = [];
	(function walk(dir: string) {
		for (const name of readdirSync(dir)) {
			const p = path.join(dir, name);
			if (statSync(p).isDirectory()) walk(p);
			else if (/\.(ts|svelte)$/.test(name)) files.push(p);
		}
	})(root);
	const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
	// The one home of the lists and of their labels, the generated schema, and the demo data's own tables.
	const exempt = (p: string) =>
		/^(lib\/domain\/|lib\/i18n\/messages\/vocabulary\.ts$|lib\/server\/db\/schema\.generated\.ts$|lib\/server\/seed\/)/.test(
			rel(p)
		);
	const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

	it('writes no label map for a list outside the vocabulary catalogue', () => {
		const found: string[] = [];
		for (const file of files.filter((f) => !exempt(f))) {
			const text = readFileSync(file, 'utf8');
			for (const list of LIST_NAMES) {
				const values = VOCABULARY[list] as readonly string[];
				if (values.length < 3) continue;
				// `value: 'text'` or `'value': 'text'` for three or more values of one list in one file; a
				// string that is a colour, an i18n key or a form number (Mẫu 06) is not a label.
				const keyed = values.filter((v) =>
					new RegExp(`(^|[\\s{,])'?${escape(v)}'?\\s*:\\s*(['"\`])(?!#|Mẫu |[\\w-]+\\.[\\w.]+\\2)`, 'm').test(
						text
					)
				);
				if (keyed.length >= 3) found.push(`${rel(file)}: ${list} (${keyed.join(', ')})`);
			}
		}
		expect(found).toEqual([]);
	});

	it('writes no list of values outside src/lib/domain', () => {
		const found: string[] = [];
		for (const file of files.filter((f) => !exempt(f))) {
			const text = readFileSync(file, 'utf8');
			for (const list of LIST_NAMES) {
				const values = VOCABULARY[list] as readonly string[];
				if (values.length < 3) continue;
				const literal = new RegExp(values.map((v) => `['"]${escape(v)}['"]`).join('\\s*,\\s*'));
				if (literal.test(text)) found.push(`${rel(file)}: ${list}`);
			}
		}
		expect(found).toEqual([]);
	});

	it('reads no value label through t() (pages use tv, which is valueLabel)', () => {
		const found = files.filter((f) => /\bt\(\s*[`'"](dv|fk)\./.test(readFileSync(f, 'utf8'))).map(rel);
		expect(found).toEqual([]);
	});
});
