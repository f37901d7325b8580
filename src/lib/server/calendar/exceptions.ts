// The administrator's exceptions to the working-day calendar (/quan-tri/ngay-nghi): days off the
// statutory list does not know (Tết moved by the Prime Minister's decision, a day off swapped with a
// Saturday) and the Saturdays worked in exchange. Each change is audited; the deadlines of the
// jobs and pages read them through load.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { isCalendarDay } from '../../time/vietnam';
import { recordAudit, type AuditInput } from '../audit/log';
import { statutoryHolidays, WorkingCalendar, type DayKind } from './working-days';

type Who = Pick<AuditInput, 'userId' | 'actor' | 'ip'>;

export interface ExceptionRow {
	day: string;
	kind: DayKind;
	note: string;
}

export interface YearCalendar {
	year: number;
	exceptions: ExceptionRow[];
	/** The statutory holidays of the year (Labour Code Art. 112) with the compensatory days. */
	holidays: { day: string; name: string; overridden: boolean }[];
}

export async function yearCalendar(db: Kysely<Database>, year: number): Promise<YearCalendar> {
	const exceptions = (await db
		.selectFrom('calendar_exceptions')
		.select(['day', 'kind', 'note'])
		.where('day', '>=', `${year}-01-01`)
		.where('day', '<=', `${year}-12-31`)
		.orderBy('day')
		.execute()) as ExceptionRow[];
	const overridden = new Set(exceptions.map((e) => e.day));
	const holidays = [...statutoryHolidays(year).entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([day, name]) => ({ day, name, overridden: overridden.has(day) }));
	return { year, exceptions, holidays };
}

/** Reads the form's day: YYYY-MM-DD (a date input) or dd/MM/yyyy. */
function parseDay(raw: string): string {
	const text = raw.trim();
	const day = /^\d{2}\/\d{2}\/\d{4}$/.test(text) ? text.split('/').reverse().join('-') : text;
	if (!isCalendarDay(day))
		throw new AppError('INVALID_INPUT', `Ngày "${text}" không phải là một ngày có thật (dd/MM/yyyy).`, {
			field: 'day'
		});
	return day;
}

/** Adds or replaces the exception of a day. */
export async function setCalendarException(
	db: Kysely<Database>,
	input: { day: string; kind: string; note: string },
	who: Who
): Promise<ExceptionRow> {
	const day = parseDay(input.day);
	if (input.kind !== 'day_off' && input.kind !== 'working_day')
		throw new AppError('INVALID_INPUT', 'Chọn "ngày nghỉ" hoặc "ngày làm việc".', { field: 'kind' });
	const note = input.note.trim();
	if (!note)
		throw new AppError('INVALID_INPUT', 'Ghi rõ căn cứ (ví dụ: số văn bản cho phép nghỉ bù, làm bù).', {
			field: 'note'
		});
	if (note.length > 200) throw new AppError('INVALID_INPUT', 'Ghi chú tối đa 200 ký tự.', { field: 'note' });
	const row: ExceptionRow = { day, kind: input.kind, note };
	await db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('calendar_exceptions')
			.select(['kind', 'note'])
			.where('day', '=', day)
			.executeTakeFirst();
		await trx
			.insertInto('calendar_exceptions')
			.values(row)
			.onConflict((oc) => oc.column('day').doUpdateSet({ kind: row.kind, note: row.note }))
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'calendar.exception_set',
			entityType: 'calendar',
			entityId: day,
			details: {
				before: before ?? null,
				after: { kind: row.kind, note: row.note },
				// What the deadlines now see for that day.
				working_day: new WorkingCalendar([row]).isWorkingDay(day)
			}
		});
	});
	return row;
}

export async function removeCalendarException(db: Kysely<Database>, rawDay: string, who: Who): Promise<void> {
	const day = parseDay(rawDay);
	await db.transaction().execute(async (trx) => {
		const gone = await trx
			.deleteFrom('calendar_exceptions')
			.where('day', '=', day)
			.returning(['kind', 'note'])
			.executeTakeFirst();
		if (!gone) throw new AppError('NOT_FOUND', `Không có ngoại lệ nào cho ngày ${rawDay.trim()}.`);
		await recordAudit(trx, {
			...who,
			action: 'calendar.exception_remove',
			entityType: 'calendar',
			entityId: day,
			details: { before: gone }
		});
	});
}
