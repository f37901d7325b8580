// Reading a date and time a user typed, in Vietnam time (UTC+7 all year, no daylight saving):
// dd/MM/yyyy HH:mm as every page shows it (seconds allowed), or the yyyy-MM-ddTHH:mm of a
// datetime-local field. Strict like parseDayInput: 30/02/2026 10:00 and 24:00 are refused.
import { parseDayInput } from './day-input';

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The instant, or null when the text is not a real date and time. */
export function parseDateTimeInput(text: string): Date | null {
	const m = /^(.+?)[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
	if (!m) return null;
	const day = parseDayInput(m[1]!);
	const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
	if (!day || h > 23 || mi > 59 || s > 59) return null;
	const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - VIETNAM_OFFSET_MS);
}

/** dd/MM/yyyy HH:mm in Vietnam time: what parseDateTimeInput reads back. */
export function formatDateTimeInput(date: Date): string {
	const v = new Date(date.getTime() + VIETNAM_OFFSET_MS);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}`;
}
