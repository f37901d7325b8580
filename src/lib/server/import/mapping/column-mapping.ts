// Which column of an export holds which field: recognised from the headers (Vietnamese or the
// canonical English names, compared without diacritics, case, spacing or punctuation), overridden
// by what the user saved for the source system, then corrected by the user on the upload page.
// A mapping is checked before anything is read: every required field needs a column (or, for the
// source system and the channel, a value for the whole file), and no field may take two columns.
import {
	CERTIFICATE_FIELDS,
	EVENT_FIELDS,
	FIELD_HEADERS,
	FIELD_LABELS,
	REQUIRED_FIELDS,
	isEventField,
	type EventField
} from '../../../import/event-fields';

/** "Số ký hiệu" → "so ky hieu"; "source_system" → "source system"; "Văn bản đến/đi" → "van ban den di". */
export function compareForm(s: string): string {
	return s
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

const BY_HEADER = new Map<string, EventField>();
for (const field of EVENT_FIELDS) {
	BY_HEADER.set(compareForm(field), field);
	for (const h of FIELD_HEADERS[field]) BY_HEADER.set(h, field);
}

export function recogniseHeader(header: string): EventField | null {
	return BY_HEADER.get(compareForm(header)) ?? null;
}

/** Per column, the field it holds or null (ignored). */
export type ColumnMapping = (EventField | null)[];

/** Values for the whole file when it has no column for them. */
export interface MappingConstants {
	source_system?: string;
	channel?: string;
}

/** What event_column_mappings keeps per source system: fields by header (compared form), and the constants. */
export interface SavedMapping {
	version: 1;
	columns: Record<string, EventField | null>;
	constants: MappingConstants;
}

export function parseSavedMapping(v: unknown): SavedMapping | null {
	if (!v || typeof v !== 'object') return null;
	const o = v as { columns?: unknown; constants?: unknown };
	if (!o.columns || typeof o.columns !== 'object') return null;
	const columns: Record<string, EventField | null> = {};
	for (const [k, f] of Object.entries(o.columns as Record<string, unknown>))
		if (f === null || isEventField(f)) columns[k] = f;
	const c = (o.constants ?? {}) as Record<string, unknown>;
	const constants: MappingConstants = {};
	if (typeof c.channel === 'string' && c.channel) constants.channel = c.channel;
	return { version: 1, columns, constants };
}

/** The mapping read off the headers, with a saved mapping's choices first; a field goes to its first column. */
export function detectMapping(headers: readonly string[], saved?: SavedMapping | null): ColumnMapping {
	const taken = new Set<EventField>();
	return headers.map((h) => {
		const key = compareForm(h);
		const field = saved && key in saved.columns ? saved.columns[key]! : recogniseHeader(h);
		if (!field || taken.has(field)) return null;
		taken.add(field);
		return field;
	});
}

export function toSavedMapping(
	headers: readonly string[],
	mapping: ColumnMapping,
	constants: MappingConstants
): SavedMapping {
	const columns: Record<string, EventField | null> = {};
	headers.forEach((h, i) => {
		const key = compareForm(h);
		if (key) columns[key] = mapping[i] ?? null;
	});
	return { version: 1, columns, constants: constants.channel ? { channel: constants.channel } : {} };
}

export interface MappingProblem {
	/** The field at fault, or null for the mapping as a whole. */
	field: EventField | null;
	messageVi: string;
	messageEn: string;
}

const quoted = (h: string, i: number) => `"${h || `cột ${i + 1}`}"`;

/** Missing required fields and fields taken by two columns; empty when the mapping can be imported. */
export function checkMapping(
	headers: readonly string[],
	mapping: ColumnMapping,
	constants: MappingConstants
): MappingProblem[] {
	const problems: MappingProblem[] = [];
	const columnsOf = new Map<EventField, number[]>();
	mapping.forEach((f, i) => f && columnsOf.set(f, [...(columnsOf.get(f) ?? []), i]));
	for (const [field, cols] of columnsOf)
		if (cols.length > 1)
			problems.push({
				field,
				messageVi: `Các cột ${cols.map((i) => quoted(headers[i] ?? '', i)).join(', ')} cùng được gán cho "${FIELD_LABELS[field].vi}": mỗi trường chỉ lấy một cột.`,
				messageEn: `Columns ${cols.map((i) => quoted(headers[i] ?? '', i)).join(', ')} are all mapped to "${FIELD_LABELS[field].en}": a field takes one column.`
			});
	for (const field of REQUIRED_FIELDS) {
		if (columnsOf.has(field) || constants[field as keyof MappingConstants]) continue;
		const whole = field === 'source_system' || field === 'channel';
		problems.push({
			field,
			messageVi: `Thiếu cột bắt buộc "${FIELD_LABELS[field].vi}"${whole ? ' (hoặc chọn một giá trị cho cả tệp)' : ''}.`,
			messageEn: `The required column "${FIELD_LABELS[field].en}" is missing${whole ? ' (or choose one value for the whole file)' : ''}.`
		});
	}
	if (!CERTIFICATE_FIELDS.some((f) => columnsOf.has(f)))
		problems.push({
			field: 'certificate_fingerprint',
			messageVi: `Thiếu cột "${FIELD_LABELS.certificate_fingerprint.vi}" hoặc "${FIELD_LABELS.certificate_serial.vi}": cần một trong hai để biết chứng thư đã ký.`,
			messageEn: `A "${FIELD_LABELS.certificate_fingerprint.en}" or "${FIELD_LABELS.certificate_serial.en}" column is needed to know the signing certificate.`
		});
	return problems;
}
