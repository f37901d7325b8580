// Reading a date and time a user typed, in Vietnam time: dd/MM/yyyy HH:mm as every page shows it
// (seconds allowed), or the yyyy-MM-ddTHH:mm of a datetime-local field. Strict like
// parseDayInput: 30/02/2026 10:00 and 24:00 are refused.
import { parseDayInput } from './day-input';
import { formatDate, vietnamInstant, vietnamWallClock } from '../time/vietnam';

/** The instant, or null when the text is not a real date and time. */
export function parseDateTimeInput(text: string): Date | null {
	const m = /^(.+?)[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
	const day = m ? parseDayInput(m[1]!) : null;
	return day ? vietnamInstant(day, Number(m![2]), Number(m![3]), Number(m![4] ?? 0)) : null;
}

/** dd/MM/yyyy HH:mm in Vietnam time: what parseDateTimeInput reads back. */
export function formatDateTimeInput(date: Date): string {
	const c = vietnamWallClock(date);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${formatDate(date)} ${p(c.hour)}:${p(c.minute)}`;
}
