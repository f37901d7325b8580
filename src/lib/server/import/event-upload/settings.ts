// What the user chose on the mapping step of /ky-so/nhap, read from its form (or query string):
// the encoding, the sheet, the column of each field, the values for the whole file, and the mode.
// The same form fields go to the preview (GET) and to the import (POST).
import type { IngestMode } from '../ingest-types';
import { isEventField } from '../../../import/event-fields';
import { isTextEncoding, type TextEncoding } from '../readers/decoder';
import type { ColumnMapping, MappingConstants } from '../mapping/column-mapping';

export interface ImportSettings {
	encoding: TextEncoding | null;
	sheet: string | null;
	/** Per column; null until the user sends a mapping (then the detected one is used). */
	mapping: ColumnMapping | null;
	constants: MappingConstants;
	mode: IngestMode;
}

/** Column `i`'s field is sent as `col-i` ('' = ignored); `mapped` says the form carried a mapping. */
export const columnFieldName = (i: number) => `col-${i}`;

const MAX_COLUMNS = 500;
const text = (v: FormDataEntryValue | null, max = 200) =>
	typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined;

export function readSettings(params: URLSearchParams | FormData): ImportSettings {
	const encoding = params.get('encoding');
	let mapping: ColumnMapping | null = null;
	if (params.get('mapped') === '1') {
		mapping = [];
		for (let i = 0; i < MAX_COLUMNS && params.has(columnFieldName(i)); i++) {
			const f = params.get(columnFieldName(i));
			mapping.push(isEventField(f) ? f : null);
		}
	}
	const constants: MappingConstants = {};
	const sourceSystem = text(params.get('sourceSystem'), 100);
	const channel = text(params.get('channel'), 20);
	if (sourceSystem) constants.source_system = sourceSystem;
	if (channel) constants.channel = channel;
	return {
		encoding: isTextEncoding(encoding) ? encoding : null,
		sheet: text(params.get('sheet'), 300) ?? null,
		mapping,
		constants,
		mode: params.get('mode') === 'valid-rows' ? 'valid-rows' : 'all-or-nothing'
	};
}
