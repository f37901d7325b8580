// The files of `npm run bench -- import-files`: a signing-event export of N rows as CSV (written in
// chunks) and as XLSX (exceljs's streaming WorkbookWriter, inline strings), Vietnamese headers,
// the rows spread over a year, certificates and agencies taken from the lists given; and for
// PostgreSQL's COPY floor, the same rows as the table's columns.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

export const HEADERS = [
	'Hệ thống nguồn',
	'Mã hồ sơ',
	'Thời điểm ký',
	'Dấu vân tay',
	'Chức danh',
	'Hình thức ký',
	'Số ký hiệu',
	'Mã cơ quan',
	'Kênh',
	'Văn bản đến/đi'
];

export interface Refs {
	fingerprints: string[];
	agencyCodes: string[];
	/** For the COPY floor: the ids of the same certificates and agencies, in the same order. */
	certificateIds?: number[];
	agencyIds?: number[];
}

const FORMS = ['Ký chính', 'Ký thay', 'Thừa lệnh', 'Thừa ủy quyền'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Vietnam wall clock of row i: one second apart through 2025. */
const timeOf = (i: number) => new Date(Date.UTC(2025, 0, 1) + (i % 31_000_000) * 1000);

/** Row i of the export: unique (source system, id, time), a time of 2025 in dd/MM/yyyy HH:mm:ss. */
export function row(i: number, refs: Refs): string[] {
	const t = timeOf(i);
	return [
		'BENCH-QLVB',
		`HS-${i}`,
		`${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`,
		refs.fingerprints[i % refs.fingerprints.length]!,
		'Phó Giám đốc',
		FORMS[i % FORMS.length]!,
		`${(i % 9000) + 1}/QĐ-UBND`,
		refs.agencyCodes[i % refs.agencyCodes.length]!,
		'QLVB&ĐH',
		'Văn bản đi'
	];
}

const csvCell = (s: string) => (/[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function writeCsv(path: string, rows: number, refs: Refs): Promise<void> {
	const out = createWriteStream(path);
	let buf = HEADERS.join(',') + '\r\n';
	for (let i = 0; i < rows; i++) {
		buf += row(i, refs).map(csvCell).join(',') + '\r\n';
		if (buf.length > 1 << 20) {
			if (!out.write(buf)) await once(out, 'drain');
			buf = '';
		}
	}
	out.end(buf);
	await once(out, 'finish');
}

export async function writeXlsx(path: string, rows: number, refs: Refs): Promise<void> {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		filename: path,
		useSharedStrings: false,
		useStyles: false
	});
	const ws = wb.addWorksheet('Dữ liệu ký số');
	ws.addRow(HEADERS).commit();
	for (let i = 0; i < rows; i++) ws.addRow(row(i, refs)).commit();
	ws.commit();
	await wb.commit();
}

const FORM_CODES = ['own', 'kt', 'tl', 'tuq'];

/**
 * The same rows as signing_events columns for COPY (references resolved, the time with its +07 offset):
 * signed_at, certificate_id, acting_title, signing_form, document_number, document_agency_id, channel,
 * direction, source_system, source_id.
 */
export async function writeCopyCsv(path: string, rows: number, refs: Refs): Promise<void> {
	const out = createWriteStream(path);
	let buf = '';
	const certs = refs.certificateIds!;
	const agencies = refs.agencyIds!;
	for (let i = 0; i < rows; i++) {
		const t = timeOf(i).toISOString().replace('T', ' ').replace('.000Z', '+07');
		buf += `${t},${certs[i % certs.length]},Phó Giám đốc,${FORM_CODES[i % 4]},${(i % 9000) + 1}/QĐ-UBND,${agencies[i % agencies.length]},qlvb,outgoing,BENCH-QLVB,HS-${i}\n`;
		if (buf.length > 1 << 20) {
			if (!out.write(buf)) await once(out, 'drain');
			buf = '';
		}
	}
	out.end(buf);
	await once(out, 'finish');
}
