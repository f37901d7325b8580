// Vietnamese formats: dd/MM/yyyy, 24-hour time, Asia/Ho_Chi_Minh, '.' for thousands.
export const APP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateFmt = new Intl.DateTimeFormat('vi-VN', {
	timeZone: APP_TIME_ZONE,
	day: '2-digit',
	month: '2-digit',
	year: 'numeric'
});
const timeFmt = new Intl.DateTimeFormat('vi-VN', {
	timeZone: APP_TIME_ZONE,
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hour12: false
});
const numberFmt = new Intl.NumberFormat('vi-VN');

function parts(d: Date) {
	const p = Object.fromEntries(dateFmt.formatToParts(d).map((x) => [x.type, x.value]));
	return { day: p.day!, month: p.month!, year: p.year! };
}

/** 25/11/2026. A 'YYYY-MM-DD' string is a calendar date and is not shifted by time zone. */
export function formatDate(value: Date | string | null | undefined): string {
	if (value == null || value === '') return '';
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
		const [y, m, d] = value.split('-');
		return `${d}/${m}/${y}`;
	}
	const date = typeof value === 'string' ? new Date(value) : value;
	if (Number.isNaN(date.getTime())) return '';
	const { day, month, year } = parts(date);
	return `${day}/${month}/${year}`;
}

/** 25/11/2026 14:05:09 in Vietnam time. */
export function formatDateTime(value: Date | string | null | undefined): string {
	if (value == null || value === '') return '';
	const date = typeof value === 'string' ? new Date(value) : value;
	if (Number.isNaN(date.getTime())) return '';
	return `${formatDate(date)} ${timeFmt.format(date)}`;
}

/** ISO 8601 with Vietnam's offset, as Điều 13 shows signing times: 2025-12-20T09:15:03+07:00. */
export function formatIsoVietnam(date: Date): string {
	const shifted = new Date(date.getTime() + 7 * 3600_000);
	return shifted.toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

export function formatNumber(n: number | null | undefined): string {
	return n == null ? '' : numberFmt.format(n);
}

/** The calendar date (YYYY-MM-DD) of an instant in Vietnam. */
export function vietnamDay(date: Date): string {
	const { day, month, year } = parts(date);
	return `${year}-${month}-${day}`;
}
