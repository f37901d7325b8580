// Reading a calendar day a user typed. Users write dd/MM/yyyy (what every page shows); programs and
// imports may pass YYYY-MM-DD. Parsing is strict: 30/02/2026 is not quietly read as 02/03/2026.
import { calendarDay } from '../time/vietnam';

/** Years a typed day may fall in: anything else is a typing slip (2062 for 2026, 0226). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/** The day as 'YYYY-MM-DD', or null when the text is not a real calendar day. */
export function parseDayInput(text: string): string | null {
	const s = text.trim();
	let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
	let y: number, mo: number, d: number;
	if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
	else {
		m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
		if (!m) return null;
		[y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	}
	return y < MIN_YEAR || y > MAX_YEAR ? null : calendarDay(y, mo, d);
}

/**
 * For a schema's preprocess: a typed day as 'YYYY-MM-DD' when it is one, otherwise the text as it
 * was typed (trimmed), so the schema's own check refuses it with its message.
 */
export function dayOrText(value: unknown): unknown {
	return typeof value === 'string' ? (parseDayInput(value) ?? value.trim()) : value;
}
