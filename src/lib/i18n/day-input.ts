// Reading a calendar day a user typed. Users write dd/MM/yyyy (what every page shows); programs and
// imports may pass YYYY-MM-DD. Parsing is strict: 30/02/2026 is not quietly read as 02/03/2026.

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
	if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return null;
	// Day 0 of the next month is the last day of this one (UTC, so no time zone can shift it).
	const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	if (d > last) return null;
	return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
