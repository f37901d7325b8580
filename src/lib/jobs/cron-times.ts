// Cron arithmetic in Vietnam time (UTC+07:00 all year, no daylight saving): validation with a
// Vietnamese message, the next tick after an instant (for "next run" and for the scheduler) and
// the latest tick at or before an instant (the tick a cron firing belongs to, and the tick a
// catch-up at start looks for). Same field semantics as node-cron (day of month AND weekday).
import { parse, validateDetailed } from 'node-cron';
import { DAY_MS, VIETNAM_UTC_OFFSET_MS as VN_OFFSET_MS } from '../time/vietnam';

const MAX_DAYS = 366 * 5;

interface Fields {
	second: number[];
	minute: number[];
	hour: number[];
	dayOfMonth: Set<number>;
	month: Set<number>;
	dayOfWeek: Set<number>;
}

const cache = new Map<string, Fields>();

const FIELD_VI: Record<string, string> = {
	second: 'giây',
	minute: 'phút',
	hour: 'giờ',
	dayOfMonth: 'ngày trong tháng',
	month: 'tháng',
	dayOfWeek: 'thứ trong tuần'
};

/** null when valid, else a Vietnamese message saying what is wrong. */
export function cronError(pattern: string): string | null {
	const p = pattern.trim();
	if (!p) return 'Biểu thức lịch chạy (cron) không được để trống.';
	const n = p.split(/\s+/).length;
	if (n !== 5 && n !== 6)
		return 'Biểu thức cron phải có 5 trường (phút giờ ngày tháng thứ) hoặc 6 trường (thêm giây ở đầu).';
	let detail;
	try {
		detail = validateDetailed(p);
	} catch (e) {
		return `Biểu thức cron không hợp lệ: ${(e as Error).message}`;
	}
	if (!detail.valid) {
		const first = detail.errors[0];
		return first
			? `Biểu thức cron không hợp lệ ở trường ${FIELD_VI[first.field] ?? first.field}${first.value ? ` ("${first.value}")` : ''}.`
			: 'Biểu thức cron không hợp lệ.';
	}
	const f = parse(p);
	if ([...f.dayOfMonth, ...f.dayOfWeek].some((v) => typeof v !== 'number'))
		return 'Chỉ hỗ trợ cron cơ bản: số, dấu *, danh sách (,), khoảng (-) và bước (/).';
	return null;
}

function fields(pattern: string): Fields {
	let f = cache.get(pattern);
	if (f) return f;
	const err = cronError(pattern);
	if (err) throw new Error(err);
	const p = parse(pattern.trim());
	const sorted = (a: (number | string)[]) => [...new Set(a.map(Number))].sort((x, y) => x - y);
	f = {
		second: sorted(p.second),
		minute: sorted(p.minute),
		hour: sorted(p.hour),
		dayOfMonth: new Set(sorted(p.dayOfMonth)),
		month: new Set(sorted(p.month)),
		dayOfWeek: new Set(sorted(p.dayOfWeek).map((d) => d % 7))
	};
	cache.set(pattern, f);
	return f;
}

function dayMatches(f: Fields, localMidnight: number): boolean {
	const d = new Date(localMidnight);
	return (
		f.month.has(d.getUTCMonth() + 1) && f.dayOfMonth.has(d.getUTCDate()) && f.dayOfWeek.has(d.getUTCDay())
	);
}

/** The first tick strictly after `after`, or null if none within five years. */
export function nextTick(pattern: string, after: Date): Date | null {
	const f = fields(pattern);
	const local = after.getTime() + VN_OFFSET_MS;
	const startDay = Math.floor(local / DAY_MS) * DAY_MS;
	for (let i = 0; i < MAX_DAYS; i++) {
		const day = startDay + i * DAY_MS;
		if (!dayMatches(f, day)) continue;
		for (const h of f.hour)
			for (const m of f.minute)
				for (const s of f.second) {
					const t = day + ((h * 60 + m) * 60 + s) * 1000 - VN_OFFSET_MS;
					if (t > after.getTime()) return new Date(t);
				}
	}
	return null;
}

/** The latest tick at or before `at`, or null if none within five years. */
export function previousTick(pattern: string, at: Date): Date | null {
	const f = fields(pattern);
	const local = at.getTime() + VN_OFFSET_MS;
	const startDay = Math.floor(local / DAY_MS) * DAY_MS;
	const hours = [...f.hour].reverse();
	const minutes = [...f.minute].reverse();
	const seconds = [...f.second].reverse();
	for (let i = 0; i < MAX_DAYS; i++) {
		const day = startDay - i * DAY_MS;
		if (!dayMatches(f, day)) continue;
		for (const h of hours)
			for (const m of minutes)
				for (const s of seconds) {
					const t = day + ((h * 60 + m) * 60 + s) * 1000 - VN_OFFSET_MS;
					if (t <= at.getTime()) return new Date(t);
				}
	}
	return null;
}
