import { describe, expect, it } from 'vitest';
import { cronInWords } from '../../../src/lib/i18n/cron-words';
import { JOB_CATALOGUE } from '../../../src/lib/jobs/catalogue';

describe('cronInWords', () => {
	it('names a daily time', () => {
		expect(cronInWords('0 2 * * *', 'vi')).toBe('02:00 hằng ngày');
		expect(cronInWords('30 1 * * *', 'en')).toBe('daily at 01:30');
	});

	it('names an hourly minute', () => {
		expect(cronInWords('15 * * * *', 'vi')).toBe('phút 15 hằng giờ');
		expect(cronInWords('5 * * * *', 'en')).toBe('hourly at minute 05');
	});

	it('names weekdays, one, a list or a range', () => {
		expect(cronInWords('0 3 * * 1', 'vi')).toBe('Thứ Hai hằng tuần lúc 03:00');
		expect(cronInWords('0 3 * * 0', 'vi')).toBe('Chủ Nhật hằng tuần lúc 03:00');
		expect(cronInWords('0 3 * * 7', 'en')).toBe('every Sunday at 03:00');
		expect(cronInWords('15 8 * * 1,3', 'vi')).toBe('Thứ Hai và Thứ Tư hằng tuần lúc 08:15');
		expect(cronInWords('0 7 * * 1-5', 'vi')).toBe('07:00 từ Thứ Hai đến Thứ Sáu hằng tuần');
		expect(cronInWords('0 7 * * 1-5', 'en')).toBe('Monday to Friday at 07:00');
	});

	it('names a day of the month, of some months, of one month', () => {
		expect(cronInWords('0 6 1 * *', 'vi')).toBe('06:00 ngày 1 hằng tháng');
		expect(cronInWords('0 6 2 1,4,7,10 *', 'vi')).toBe('06:00 ngày 2 các tháng 1, 4, 7 và 10');
		expect(cronInWords('0 6 2 1,4,7,10 *', 'en')).toBe('06:00 on day 2 of January, April, July and October');
		expect(cronInWords('0 6 15 1 *', 'vi')).toBe('06:00 ngày 15 tháng 1 hằng năm');
	});

	it('gives null for what it cannot say exactly', () => {
		for (const cron of [
			'*/5 * * * *',
			'0 */2 * * *',
			'0 1 * * 1 extra',
			'0 25 * * *',
			'0 1 1 * 1',
			'0 1 * * 5-1',
			'x'
		])
			expect(cronInWords(cron, 'vi'), cron).toBeNull();
	});

	it('says every default schedule of the project in words', () => {
		for (const job of JOB_CATALOGUE) expect(cronInWords(job.defaultCron, 'vi'), job.name).not.toBeNull();
	});
});
