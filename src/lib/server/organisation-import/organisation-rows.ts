// Reads the organisation workbook ("Cơ quan" and "Cán bộ" sheets) into checked rows. Every cell
// is validated here and every problem of the file alone (a code used twice, a person in two
// agencies at once) is named with its sheet, row and column; what needs the database (unknown
// codes, cycles in the tree) is the difference's job.
import type ExcelJS from 'exceljs';
import {
	AGENCY_KIND_WORDS,
	AGENCY_SHEET,
	PERSON_SHEET,
	PERSON_STATUS_WORDS,
	lookupWord,
	type SheetSpec
} from './templates';
import { asDate, asText, type CellRead, type Parsed } from './cells';
import { formatDay } from '../../time/vietnam';
import { IssueList, readSheet, ref, type ColumnRef, type ReadSheet } from './sheet-reader';
import type { AgencyKindCode, PersonStatusCode } from './types';

export interface AgencyRow {
	row: number;
	code: string;
	name: string;
	shortName: string | null;
	kind: AgencyKindCode;
	parentCode: string | null;
}

export interface PersonRow {
	row: number;
	fullName: string;
	nationalId: string;
	email: string | null;
	agencyCode: string;
	title: string;
	titleSince: string | null;
	status: PersonStatusCode;
	since: string | null;
}

export interface OrganisationFile {
	agencies: AgencyRow[];
	people: PersonRow[];
	/** Every agency code the "Cơ quan" sheet lists, valid row or not (so one bad row does not cascade). */
	agencyCodesInFile: Set<string>;
	/** Every national id the "Cán bộ" sheet lists, valid row or not. */
	nationalIdsInFile: Set<string>;
	sheets: { agencies: SheetInfo; people: SheetInfo };
}

export interface SheetInfo {
	name: string;
	spec: SheetSpec;
	/** Column letter of each column found in the sheet. */
	letters: Record<string, string>;
}

/** Where a column is in the uploaded sheet, for issues found after reading (by the difference). */
export function columnOf(info: SheetInfo, key: string): ColumnRef {
	return { letter: info.letters[key] ?? null, header: info.spec.columns.find((c) => c.key === key)!.header };
}

/** Codes are compared without case: "syt" in a person's row is the agency "SYT". */
export const codeKey = (code: string) => code.toUpperCase();

/** The agency code as the agency forms accept it (after upper-casing): the stable key of an agency. */
const CODE_RE = /^[A-Z0-9][A-Z0-9._-]{1,31}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads cells of a row, collecting each cell's problem as an issue. */
function cellReader(
	sheet: ReadSheet,
	spec: typeof AGENCY_SHEET,
	issues: IssueList,
	cells: Record<string, CellRead>,
	row: number
) {
	let failed = false;
	const take = <T>(key: string, parsed: Parsed<T>): T | undefined => {
		if (parsed.ok) return parsed.value;
		issues.error(sheet.sheet, row, ref(sheet, spec, key), parsed.message);
		failed = true;
		return undefined;
	};
	return {
		text: (key: string, opts: { required?: boolean; max?: number } = {}) => {
			const v = take(key, asText(cells[key]!));
			if (v === undefined) return undefined;
			if (v === null) {
				if (opts.required) {
					issues.error(sheet.sheet, row, ref(sheet, spec, key), `Thiếu "${ref(sheet, spec, key).header}".`);
					failed = true;
					return undefined;
				}
				return null;
			}
			if (v.length > (opts.max ?? 300)) {
				issues.error(sheet.sheet, row, ref(sheet, spec, key), `Quá dài (tối đa ${opts.max ?? 300} ký tự).`);
				failed = true;
				return undefined;
			}
			return v;
		},
		date: (key: string) => take(key, asDate(cells[key]!)),
		fail: (key: string, message: string) => {
			issues.error(sheet.sheet, row, ref(sheet, spec, key), message);
			failed = true;
		},
		get failed() {
			return failed;
		}
	};
}

function readAgencies(sheet: ReadSheet, issues: IssueList, codes: Set<string>): AgencyRow[] {
	const out: AgencyRow[] = [];
	const seen = new Map<string, number>();
	for (const { row, cells } of sheet.rows) {
		const c = cellReader(sheet, AGENCY_SHEET, issues, cells, row);
		const code = c.text('code', { required: true, max: 40 });
		const name = c.text('name', { required: true });
		const shortName = c.text('shortName', { max: 100 });
		const kindText = c.text('kind', { required: true });
		const parentCode = c.text('parentCode', { max: 40 });
		if (code) {
			codes.add(codeKey(code));
			if (!CODE_RE.test(codeKey(code)))
				c.fail(
					'code',
					`Mã "${code}" không hợp lệ: 2–32 ký tự gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số.`
				);
			const first = seen.get(codeKey(code));
			if (first !== undefined) c.fail('code', `Mã cơ quan "${code}" trùng với dòng ${first}.`);
			else seen.set(codeKey(code), row);
		}
		const kind = kindText ? lookupWord(AGENCY_KIND_WORDS, kindText) : undefined;
		if (kindText && !kind)
			c.fail(
				'kind',
				`Loại "${kindText}" không có trong danh mục (${AGENCY_KIND_WORDS.map((k) => k.label).join('; ')}).`
			);
		if (kind && parentCode !== undefined) {
			const isRoot = kind === 'province' || kind === 'external';
			if (isRoot && parentCode)
				c.fail('parentCode', `Cơ quan loại "${kindText}" không có cơ quan cấp trên; để trống ô này.`);
			if (!isRoot && !parentCode) c.fail('parentCode', 'Thiếu mã cơ quan cấp trên.');
			if (code && parentCode && codeKey(parentCode) === codeKey(code))
				c.fail('parentCode', 'Cơ quan không thể là cấp trên của chính nó.');
		}
		if (c.failed || !code || !name || !kind || shortName === undefined || parentCode === undefined) continue;
		// Codes are kept upper case, as the agency forms keep them.
		out.push({
			row,
			code: codeKey(code),
			name,
			shortName,
			kind,
			parentCode: parentCode && codeKey(parentCode)
		});
	}
	return out;
}

export function normaliseNationalId(c: CellRead): Parsed<string | null> {
	const t = asText(c);
	if (!t.ok || t.value === null) return t;
	let v = t.value.replace(/[\s.]/g, '');
	// Typed as a number, Excel drops the leading 0 of every 12-digit citizen id (0xx province codes).
	if (c.kind === 'number' && v.length === 11) v = `0${v}`;
	if (!/^(\d{9}|\d{12})$/.test(v))
		return { ok: false, message: `Số định danh "${t.value}" phải gồm 12 chữ số (hoặc 9 chữ số CMND).` };
	return { ok: true, value: v };
}

function readPeople(sheet: ReadSheet, issues: IssueList, today: string, ids: Set<string>): PersonRow[] {
	const out: PersonRow[] = [];
	const seen = new Map<string, { row: number; agencyCode: string | null }>();
	for (const { row, cells } of sheet.rows) {
		const c = cellReader(sheet, PERSON_SHEET, issues, cells, row);
		const fullName = c.text('fullName', { required: true, max: 200 });
		const id = normaliseNationalId(cells.nationalId!);
		let nationalId: string | null | undefined = id.ok ? id.value : undefined;
		if (!id.ok) c.fail('nationalId', id.message);
		else if (id.value === null) {
			c.fail('nationalId', 'Thiếu số định danh.');
			nationalId = undefined;
		}
		const email = c.text('email', { max: 200 });
		if (email && !EMAIL_RE.test(email)) c.fail('email', `"${email}" không phải địa chỉ email.`);
		const agencyCode = c.text('agencyCode', { required: true, max: 40 });
		const title = c.text('title', { required: true, max: 200 });
		const titleSince = c.date('titleSince');
		const statusText = c.text('status');
		const since = c.date('since');
		const status = statusText ? lookupWord(PERSON_STATUS_WORDS, statusText) : 'active';
		if (statusText && !status)
			c.fail(
				'status',
				`Trạng thái "${statusText}" không có trong danh mục (${PERSON_STATUS_WORDS.map((s) => s.label).join(', ')}).`
			);
		if (status && status !== 'active' && since === null)
			c.fail('since', `Thiếu ngày của trạng thái "${statusText}".`);
		for (const [key, day] of [
			['since', since],
			['titleSince', titleSince]
		] as const)
			if (day && day > today) c.fail(key, `Ngày ${formatDay(day)} ở tương lai.`);
		if (nationalId) {
			ids.add(nationalId);
			const first = seen.get(nationalId);
			if (first && agencyCode && first.agencyCode && codeKey(first.agencyCode) !== codeKey(agencyCode))
				c.fail(
					'agencyCode',
					`Cán bộ số định danh ${nationalId} được xếp vào hai cơ quan cùng lúc: "${first.agencyCode}" (dòng ${first.row}) và "${agencyCode}".`
				);
			else if (first) c.fail('nationalId', `Số định danh ${nationalId} trùng với dòng ${first.row}.`);
			else seen.set(nationalId, { row, agencyCode: agencyCode ?? null });
		}
		if (c.failed || !fullName || !nationalId || !agencyCode || !title || !status) continue;
		if (email === undefined || titleSince === undefined || since === undefined) continue;
		out.push({ row, fullName, nationalId, email, agencyCode, title, titleSince, status, since });
	}
	return out;
}

export function readOrganisationWorkbook(
	wb: ExcelJS.Workbook,
	issues: IssueList,
	today: string
): OrganisationFile {
	const agencySheet = readSheet(wb, AGENCY_SHEET, issues);
	const personSheet = readSheet(wb, PERSON_SHEET, issues);
	const codes = new Set<string>();
	const ids = new Set<string>();
	const info = (read: ReadSheet | null, spec: SheetSpec): SheetInfo => ({
		name: read?.sheet ?? spec.name,
		spec,
		letters: read?.letters ?? {}
	});
	return {
		agencies: agencySheet ? readAgencies(agencySheet, issues, codes) : [],
		people: personSheet ? readPeople(personSheet, issues, today, ids) : [],
		agencyCodesInFile: codes,
		nationalIdsInFile: ids,
		sheets: { agencies: info(agencySheet, AGENCY_SHEET), people: info(personSheet, PERSON_SHEET) }
	};
}
