// PDF date strings (ISO 32000-1 section 7.9.4): "D:YYYYMMDDHHmmSSOHH'mm'", every field after the year optional,
// O being +, - or Z (absent: the time is taken as UTC, the standard leaves it unknown). Used for a signature
// dictionary's /M, the time of signing the signer's software claims.
const PDF_DATE =
	/^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([+\-Z])(?:(\d{2})'?(?:(\d{2})'?)?)?)?$/;

const field = (digits: string | undefined, absent: number) =>
	digits === undefined ? absent : Number(digits);

/** The instant a PDF date string names, or null when it is not one (or names an impossible date). */
export function parsePdfDate(text: string): Date | null {
	const m = PDF_DATE.exec(text.trim());
	if (!m) return null;
	// Fields read one by one (no closure and array per date: one of these per signature read).
	const year = Number(m[1]);
	const month = field(m[2], 1);
	const day = field(m[3], 1);
	const hour = field(m[4], 0);
	const minute = field(m[5], 0);
	const second = field(m[6], 0);
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
	const offsetMinutes =
		m[7] === '+' || m[7] === '-' ? (m[7] === '-' ? -1 : 1) * (field(m[8], 0) * 60 + field(m[9], 0)) : 0;
	if (Math.abs(offsetMinutes) > 14 * 60) return null;
	const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
	const d = new Date(utc);
	// Date.UTC rolls 31 February over into March: refuse dates that do not exist.
	const back = new Date(utc + offsetMinutes * 60_000);
	if (back.getUTCDate() !== day || back.getUTCMonth() !== month - 1) return null;
	return d;
}
