// A job's result (the counts its handler returns, stored as JSON on the run) as one sentence in
// words, and a running time as "3 phút 05 giây": what the jobs pages show instead of raw JSON.
import { translate, type Lang } from './catalogue';

const numberFmt = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

function fill(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** "Xét 120 trường hợp; 3 cảnh báo mới, …" — the counts in catalogue order of the keys given. */
export function jobResultInWords(lang: Lang, counts: unknown): string {
	if (counts == null || typeof counts !== 'object') return '';
	const parts: string[] = [];
	let full = false;
	for (const [key, value] of Object.entries(counts as Record<string, unknown>)) {
		if (key === 'full') {
			full = value === 1 || value === true;
			continue;
		}
		if (typeof value !== 'number') continue;
		const n = numberFmt[lang].format(value);
		const phraseKey = `jobs.result.${key}`;
		const phrase = translate(lang, phraseKey);
		parts.push(
			phrase === phraseKey
				? fill(translate(lang, 'jobs.result.other'), { key: readableKey(key), n })
				: fill(phrase, { n })
		);
	}
	if (!parts.length) return translate(lang, 'jobs.result.none');
	const sentence = parts.join(', ');
	const text = sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
	return full ? `${translate(lang, 'jobs.result.fullRun')}: ${text}` : text;
}

/** A count the catalogue does not know yet, split into words rather than shown as a code. */
function readableKey(key: string): string {
	return key
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.replace(/_/g, ' ')
		.toLowerCase();
}

/** An elapsed time: "45 giây", "3 phút 05 giây", "1 giờ 02 phút". */
export function durationInWords(lang: Lang, ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const sec = s % 60;
	const u = lang === 'vi' ? { h: 'giờ', m: 'phút', s: 'giây' } : { h: 'h', m: 'min', s: 's' };
	const p = (n: number) => String(n).padStart(2, '0');
	if (h) return `${h} ${u.h} ${p(m)} ${u.m}`;
	if (m) return `${m} ${u.m} ${p(sec)} ${u.s}`;
	return `${sec} ${u.s}`;
}
