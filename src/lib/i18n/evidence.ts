// A finding's evidence (JSON written by the scans) as labelled rows in words: each field through
// the catalogue, times as dd/MM/yyyy HH:mm (Vietnam time), counts with Vietnamese separators, and
// coded values (statuses, classifications, verdicts, patterns) through their labels.
import { translate, type Lang } from './catalogue';
import { valueLabel } from './values';
import { formatDate, formatDateTime } from '../time/vietnam';

/** dd/MM/yyyy HH:mm: evidence times to the minute (the seconds add nothing for a reader). */
const toMinute = (v: string) => formatDateTime(v).replace(/:\d{2}$/, '');

const numberFmt = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };
const ID_FIELDS = new Set(['event_id', 'entry_id', 'document_agency_id']);
/** Numbers read as they are, without thousands separators. */
const PLAIN_NUMBERS = new Set(['year']);
const VERDICT_FIELDS = new Set(['indication', 'before', 'after']);
/** Fields whose values are codes named in the evidence catalogue (`evidence.<field>.<value>`). */
const CODED_FIELDS = new Set(['pattern', 'problem', 'cause', 'agency_change', 'appearance', 'document_form']);

export interface EvidenceRow {
	key: string;
	label: string;
	value: string;
}

function label(lang: Lang, key: string): string {
	const k = `evidence.${key}`;
	const found = translate(lang, k);
	// A field no catalogue names yet is shown as words, never as a snake_case code.
	return found === k ? key.replace(/_/g, ' ') : found;
}

function coded(lang: Lang, key: string, value: string): string {
	if (key === 'status') {
		const cert = valueLabel(lang, 'certStatus', value);
		return cert !== value ? cert : valueLabel(lang, 'personStatus', value);
	}
	if (key === 'classification') return valueLabel(lang, 'classification', value);
	if (VERDICT_FIELDS.has(key)) {
		const v = translate(lang, `verdict.${value}`);
		return v === `verdict.${value}` ? value : v;
	}
	if (key === 'forms') return valueLabel(lang, 'form', value);
	if (CODED_FIELDS.has(key)) {
		const v = translate(lang, `evidence.${key}.${value}`);
		return v === `evidence.${key}.${value}` ? value : v;
	}
	return value;
}

export function formatEvidenceValue(lang: Lang, key: string, value: unknown): string {
	if (value == null || value === '') return translate(lang, 'evidence.none');
	if (typeof value === 'boolean') return translate(lang, value ? 'evidence.yes' : 'evidence.no');
	if (typeof value === 'number')
		return ID_FIELDS.has(key)
			? `#${value}`
			: PLAIN_NUMBERS.has(key)
				? String(value)
				: numberFmt[lang].format(value);
	if (Array.isArray(value)) return value.map((v) => formatEvidenceValue(lang, key, v)).join(', ');
	if (typeof value === 'string') {
		if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return toMinute(value);
		if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
		return coded(lang, key, value);
	}
	return translate(lang, 'evidence.none');
}

export function evidenceRows(lang: Lang, evidence: unknown): EvidenceRow[] {
	if (evidence == null || typeof evidence !== 'object' || Array.isArray(evidence)) return [];
	return Object.entries(evidence as Record<string, unknown>).map(([key, value]) => ({
		key,
		label: label(lang, key),
		value: formatEvidenceValue(lang, key, value)
	}));
}
