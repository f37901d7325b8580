// An audit entry in words: its action, the kind of record it touched, and its details as
// "field: value" pairs rather than JSON. Codes no catalogue names yet become plain words.
import { translate, type Lang } from './catalogue';
import { valueLabel } from './values';
import { formatEvidenceValue } from './evidence';
import { LIST_NAMES, VOCABULARY } from '../domain/vocabulary';

/** A code some vocabulary list holds, in words (the first list that holds it); otherwise as given. */
function vocabularyWords(lang: Lang, text: string): string {
	for (const list of LIST_NAMES) {
		if ((VOCABULARY[list] as readonly string[]).includes(text)) return valueLabel(lang, list, text);
	}
	return text;
}

const humanise = (code: string) =>
	code
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.replace(/[_.]/g, ' ')
		.toLowerCase();

export function auditActionInWords(lang: Lang, action: string): string {
	const key = `auditAction.${action}`;
	const found = translate(lang, key);
	if (found !== key) return found;
	if (action.startsWith('custody.'))
		return `${translate(lang, 'auditAction.custody')}: ${valueLabel(lang, 'custody', action.slice(8)).toLowerCase()}`;
	return humanise(action);
}

export function auditEntityInWords(lang: Lang, entityType: string | null | undefined): string {
	if (!entityType) return '';
	const key = `auditEntity.${entityType}`;
	const found = translate(lang, key);
	return found === key ? humanise(entityType) : found;
}

/** `{"sessions": 2, "from_status": "active"}` → "sessions: 2; from status: …". */
export function auditDetailsInWords(lang: Lang, details: unknown): string {
	if (details == null || typeof details !== 'object') return '';
	const parts: string[] = [];
	for (const [k, v] of Object.entries(details as Record<string, unknown>)) {
		const value =
			v !== null && typeof v === 'object' && !Array.isArray(v)
				? auditDetailsInWords(lang, v)
				: typeof v === 'string' && formatEvidenceValue(lang, k, v) === v
					? vocabularyWords(lang, v)
					: formatEvidenceValue(lang, k, v);
		const label = translate(lang, `evidence.${k}`);
		parts.push(`${label === `evidence.${k}` ? humanise(k) : label}: ${value}`);
	}
	return parts.join('; ');
}
