// A staged export read with the user's settings: its table (the encoding and sheet chosen, or the
// detected ones), and the mapping to use: the one the user sent, else the source system's saved
// mapping, else the one read off the headers. The source system is the one typed for the whole
// file, else the first value of its source-system column.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { openTable, headerText, type ExportFormat, type Table, type TableRow } from '../readers/table-rows';
import type { TextEncoding } from '../readers/decoder';
import {
	detectMapping,
	checkMapping,
	type ColumnMapping,
	type MappingProblem
} from '../mapping/column-mapping';
import type { RecordShape } from '../mapping/event-records';
import { loadColumnMapping } from './column-mappings';
import { dataPath, type StagedUpload } from './staging';
import type { ImportSettings } from './settings';

export const PREVIEW_ROWS = 20;

export interface FileShape {
	table: Table;
	encoding: TextEncoding | null;
	shape: RecordShape;
	mappingFrom: 'user' | 'saved' | 'headers';
	sourceSystem: string | null;
	problems: MappingProblem[];
	/** The first data rows (read once, for the preview and the source-system guess). */
	firstRows: TableRow[];
}

async function firstRowsOf(table: Table): Promise<TableRow[]> {
	const rows: TableRow[] = [];
	for await (const r of table.rows()) {
		rows.push(r);
		if (rows.length >= PREVIEW_ROWS) break;
	}
	return rows;
}

function firstValue(rows: TableRow[], column: number): string | null {
	for (const r of rows) {
		const v = headerText(r.cells[column] ?? null);
		if (v) return v;
	}
	return null;
}

/** An export on disk: where, its name, its format and (text formats) the encoding detected. */
export interface ExportFile {
	path: string;
	fileName: string;
	format: ExportFormat;
	detected: TextEncoding | null;
}

export const stagedFile = (dir: string, staged: StagedUpload): ExportFile => ({
	path: dataPath(dir, staged.token),
	fileName: staged.fileName,
	format: staged.format,
	detected: staged.encoding?.encoding ?? null
});

export async function readFileShape(
	db: Kysely<Database>,
	file: ExportFile,
	settings: ImportSettings
): Promise<FileShape> {
	const encoding = file.format === 'xlsx' ? null : (settings.encoding ?? file.detected ?? 'utf-8');
	const table = await openTable({
		format: file.format,
		path: file.path,
		fileName: file.fileName,
		encoding: encoding ?? undefined,
		sheet: settings.sheet
	});
	const firstRows = await firstRowsOf(table);
	const detected = detectMapping(table.headers);
	const column = detected.indexOf('source_system');
	const sourceSystem =
		settings.constants.source_system ?? (column >= 0 ? firstValue(firstRows, column) : null);
	const saved = sourceSystem ? await loadColumnMapping(db, sourceSystem) : null;
	let mapping: ColumnMapping;
	let mappingFrom: FileShape['mappingFrom'];
	if (settings.mapping && settings.mapping.length === table.headers.length) {
		mapping = settings.mapping;
		mappingFrom = 'user';
	} else if (saved) {
		mapping = detectMapping(table.headers, saved);
		mappingFrom = 'saved';
	} else {
		mapping = detected;
		mappingFrom = 'headers';
	}
	// A form the user sent says every whole-file value, an empty one included.
	const constants = settings.mapping
		? settings.constants
		: { ...(saved?.constants ?? {}), ...settings.constants };
	return {
		table,
		encoding,
		shape: { format: file.format, headers: table.headers, mapping, constants },
		mappingFrom,
		sourceSystem,
		problems: table.headers.length ? checkMapping(table.headers, mapping, constants) : [],
		firstRows
	};
}
