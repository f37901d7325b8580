// An audit entry in words: its action, the kind of record it touched, and its details as
// "field: value" pairs rather than JSON. Codes no catalogue names yet become plain words.
import { translate, type Lang } from './catalogue';
import { valueLabel } from './values';
import { formatEvidenceValue } from './evidence';
import { LIST_NAMES, VOCABULARY } from '../domain/vocabulary';
import { PROFILE_RULES } from '../pki/profile-rules';

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

/** One value of the details: a nested object in words, a list item by item, a stored code as its label. */
function detailValueInWords(lang: Lang, key: string, v: unknown): string {
	if (Array.isArray(v)) return v.map((item) => detailValueInWords(lang, key, item)).join(', ');
	if (v !== null && typeof v === 'object') return auditDetailsInWords(lang, v);
	if (typeof v === 'string' && formatEvidenceValue(lang, key, v) === v) {
		// A validation policy level (FAIL, WARN, INFORM, IGNORE) as the settings page names it.
		const level = translate(lang, `policy.level.${v}`);
		return level !== `policy.level.${v}` ? level : vocabularyWords(lang, v);
	}
	return formatEvidenceValue(lang, key, v);
}

/** A key of the details: its evidence label, else the check it names in the verification settings'
 * levels (`profile.<rule>`), else the label of the code it is (counts by severity or by kind are keyed
 * by code), else the key in words. */
function detailKeyInWords(lang: Lang, key: string): string {
	const label = translate(lang, `evidence.${key}`);
	if (label !== `evidence.${key}`) return label;
	const rule = key.startsWith('profile.') ? key.slice('profile.'.length) : null;
	if (lang === 'vi' && rule && Object.hasOwn(PROFILE_RULES, rule))
		return PROFILE_RULES[rule as keyof typeof PROFILE_RULES].vi;
	const code = vocabularyWords(lang, key);
	return code !== key ? code : humanise(key);
}

/** A detail the catalogue words for this action alone (`auditDetail.<action>.<key>`), else null. */
function actionDetailInWords(lang: Lang, action: string, key: string, v: unknown): string | null {
	const keyCode = `auditDetail.${action}.${key}`;
	const label = translate(lang, keyCode);
	if (label === keyCode) return null;
	const valueCode = `${keyCode}.${String(v)}`;
	const value = translate(lang, valueCode);
	return `${label}: ${value !== valueCode ? value : detailValueInWords(lang, key, v)}`;
}

/** `{"sessions": 2, "from_status": "active"}` → "sessions: 2; from status: …". `action`, when given, lets a
 * key mean what it means in that entry (a failed sign-in's `reason` is no revocation reason). */
export function auditDetailsInWords(lang: Lang, details: unknown, action?: string): string {
	if (details == null || typeof details !== 'object') return '';
	const parts: string[] = [];
	for (const [k, v] of Object.entries(details as Record<string, unknown>))
		parts.push(
			(action ? actionDetailInWords(lang, action, k, v) : null) ??
				`${detailKeyInWords(lang, k)}: ${detailValueInWords(lang, k, v)}`
		);
	return parts.join('; ');
}
