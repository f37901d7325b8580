// A schedule in words beside its cron expression ("02:00 hằng ngày", "Thứ Hai hằng tuần lúc
// 03:00"). Covers the shapes the project's schedules take — a fixed time on every day, on some
// weekdays, on a day of the month or of some months — and answers null for anything else, so the
// page then shows the expression alone rather than a wrong sentence.
import type { Lang } from './catalogue';

const DAYS: Record<Lang, string[]> = {
	vi: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'],
	en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
};
const MONTHS_EN = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

function int(field: string, min: number, max: number): number | null {
	if (!/^\d{1,2}$/.test(field)) return null;
	const n = Number(field);
	return n >= min && n <= max ? n : null;
}

/** A list ("1,4,7"), a range ("1-5") or one value, each value within [min, max]; null otherwise. */
function values(field: string, min: number, max: number): { list: number[]; range: boolean } | null {
	const range = /^(\d{1,2})-(\d{1,2})$/.exec(field);
	if (range) {
		const a = int(range[1]!, min, max);
		const b = int(range[2]!, min, max);
		if (a === null || b === null || a >= b) return null;
		return { list: Array.from({ length: b - a + 1 }, (_, i) => a + i), range: true };
	}
	const list = field.split(',').map((f) => int(f, min, max));
	if (list.some((n) => n === null)) return null;
	return { list: list as number[], range: false };
}

const pad = (n: number) => String(n).padStart(2, '0');

function joinVi(items: string[]): string {
	return items.length > 1 ? `${items.slice(0, -1).join(', ')} và ${items.at(-1)}` : items[0]!;
}
function joinEn(items: string[]): string {
	return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0]!;
}

export function cronInWords(cron: string, lang: Lang): string | null {
	const fields = cron.trim().split(/\s+/);
	if (fields.length !== 5) return null;
	const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
	const m = int(min, 0, 59);
	// Every hour at one minute (notifications-refresh).
	if (m !== null && hour === '*' && dom === '*' && month === '*' && dow === '*')
		return lang === 'vi' ? `phút ${pad(m)} hằng giờ` : `hourly at minute ${pad(m)}`;
	const h = int(hour, 0, 23);
	if (m === null || h === null) return null;
	const time = `${pad(h)}:${pad(m)}`;
	const vi = lang === 'vi';

	if (dom === '*' && month === '*' && dow === '*') return vi ? `${time} hằng ngày` : `daily at ${time}`;

	if (dom === '*' && month === '*') {
		const d = values(dow, 0, 7);
		if (!d) return null;
		const names = d.list.map((n) => DAYS[lang][n]!);
		if (d.range)
			return vi
				? `${time} từ ${names[0]} đến ${names.at(-1)} hằng tuần`
				: `${names[0]} to ${names.at(-1)} at ${time}`;
		return vi ? `${joinVi(names)} hằng tuần lúc ${time}` : `every ${joinEn(names)} at ${time}`;
	}

	if (dow !== '*') return null;
	const day = int(dom, 1, 31);
	if (day === null) return null;
	if (month === '*') return vi ? `${time} ngày ${day} hằng tháng` : `monthly on day ${day} at ${time}`;
	const mo = values(month, 1, 12);
	if (!mo) return null;
	if (mo.list.length === 1)
		return vi
			? `${time} ngày ${day} tháng ${mo.list[0]} hằng năm`
			: `yearly on ${MONTHS_EN[mo.list[0]! - 1]} ${day} at ${time}`;
	return vi
		? `${time} ngày ${day} các tháng ${joinVi(mo.list.map(String))}`
		: `${time} on day ${day} of ${joinEn(mo.list.map((n) => MONTHS_EN[n - 1]!))}`;
}
