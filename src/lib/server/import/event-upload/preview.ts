// Step 2 of /ky-so/nhap: what the staged export holds, read with the user's settings: the encoding
// (detected, and the one used), the delimiter or sheet, the columns with their fields, what the
// mapping lacks, and the first rows with the errors each would get, checked without storing.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { EncodingGuess } from '../readers/encoding-detection';
import { ENCODING_LABELS, type TextEncoding } from '../readers/decoder';
import type { CsvDelimiter } from '../readers/csv-stream';
import type { ColumnMapping, MappingConstants, MappingProblem } from '../mapping/column-mapping';
import { cellText, columnKeys, toRecord } from '../mapping/event-records';
import { checkPreviewRecords } from '../mapping/preview-check';
import { stagedFile, readFileShape } from './file-shape';
import { sourceSystemsWithMapping } from './column-mappings';
import { hasStagedData, type StagedUpload } from './staging';
import { AppError } from '../../../errors';
import type { ImportSettings } from './settings';

export interface PreviewRow {
	line: number;
	cells: string[];
	errors: string[];
}

export interface UploadPreview {
	token: string;
	fileName: string;
	size: number;
	format: StagedUpload['format'];
	detectedEncoding: EncodingGuess | null;
	encoding: TextEncoding | null;
	encodingLabel: string | null;
	delimiter: CsvDelimiter | null;
	sheets: { name: string; rows: number | null }[];
	sheet: string | null;
	headers: string[];
	mapping: ColumnMapping;
	mappingFrom: 'user' | 'saved' | 'headers';
	constants: MappingConstants;
	sourceSystem: string | null;
	knownSourceSystems: string[];
	problems: MappingProblem[];
	/** About the file as a whole (no data rows, characters the encoding could not read). */
	warnings: string[];
	rows: PreviewRow[];
	rowsHint: number | null;
	mode: ImportSettings['mode'];
}

export async function previewUpload(
	db: Kysely<Database>,
	dir: string,
	staged: StagedUpload,
	settings: ImportSettings
): Promise<UploadPreview> {
	if (!(await hasStagedData(dir, staged.token)))
		throw new AppError(
			'NOT_FOUND',
			'Không tìm thấy tệp đã tải lên (đã quá 24 giờ hoặc đã nhập): hãy tải lên lại.'
		);
	const f = await readFileShape(db, stagedFile(dir, staged), settings);
	const keys = columnKeys(f.table.headers);
	const records = f.firstRows.map((r) => toRecord(r, f.shape, keys));
	const errors = checkPreviewRecords(records);
	const warnings: string[] = [];
	if (!f.table.headers.length || !f.firstRows.length)
		warnings.push('Tệp không có dòng dữ liệu nào (cần một dòng tiêu đề và ít nhất một dòng dữ liệu).');
	const shown = f.firstRows.map((r) => r.cells.slice(0, f.table.headers.length).map(cellText));
	if (
		f.encoding &&
		(f.table.headers.some((h) => h.includes('\ufffd')) ||
			shown.some((r) => r.some((c) => c.includes('\ufffd'))))
	)
		warnings.push(
			`Có ký tự không đọc được với mã ${ENCODING_LABELS[f.encoding]} (hiện thành �): hãy chọn mã ký tự khác.`
		);
	return {
		token: staged.token,
		fileName: staged.fileName,
		size: staged.size,
		format: staged.format,
		detectedEncoding: staged.encoding,
		encoding: f.encoding,
		encodingLabel: f.encoding ? ENCODING_LABELS[f.encoding] : null,
		delimiter: f.table.delimiter ?? null,
		sheets: f.table.sheets ?? [],
		sheet: f.table.sheet ?? null,
		headers: f.table.headers,
		mapping: f.shape.mapping,
		mappingFrom: f.mappingFrom,
		constants: f.shape.constants,
		sourceSystem: f.sourceSystem,
		knownSourceSystems: await sourceSystemsWithMapping(db),
		problems: f.problems,
		warnings,
		rows: f.firstRows.map((r, i) => ({ line: r.line, cells: shown[i]!, errors: errors[i]! })),
		rowsHint: f.table.rowsHint,
		mode: settings.mode
	};
}
