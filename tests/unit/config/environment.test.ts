// The start-up configuration check: each mistake is one Vietnamese sentence naming the variable.
import { describe, expect, it } from 'vitest';
import { environmentError, environmentProblems } from '../../../src/lib/server/config/environment';

describe('environment check', () => {
	it('accepts the documented settings and empty values', () => {
		expect(
			environmentProblems({
				DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/kiemky',
				PORT: '3000',
				ORIGIN: 'https://kiemky.dongthap.gov.vn',
				KIEMKY_SMTP_URL: 'smtps://mailer:secret@mail.dongthap.gov.vn:465',
				KIEMKY_DEMO: '0',
				KIEMKY_SCHEDULER: 'off',
				BODY_SIZE_LIMIT: '25M',
				XFF_DEPTH: '1',
				KIEMKY_EVENTS_EARLIEST: '2015-01-01'
			})
		).toEqual([]);
		expect(environmentProblems({ DATABASE_URL: '', PORT: '' })).toEqual([]);
	});

	it('names each wrong variable in one line', () => {
		expect(environmentProblems({ DATABASE_URL: 'mysql://root@localhost/x' })).toEqual([
			'DATABASE_URL phải có dạng postgres://người_dùng@máy:5432/tên_csdl (để trống để dùng PGlite)'
		]);
		expect(environmentProblems({ PORT: '70000' })).toEqual(['PORT phải là số cổng từ 1 đến 65535']);
		expect(environmentProblems({ ORIGIN: 'kiemky.dongthap.gov.vn' })[0]).toMatch(/^ORIGIN phải là/);
		expect(environmentProblems({ ORIGIN: 'https://kiemky.dongthap.gov.vn/app' })[0]).toMatch(/^ORIGIN/);
		expect(environmentProblems({ KIEMKY_SMTP_URL: 'mail.dongthap.gov.vn:25' })[0]).toMatch(
			/^KIEMKY_SMTP_URL/
		);
		expect(environmentProblems({ KIEMKY_AUDIT_KEY: 'short' })[0]).toMatch(/^KIEMKY_AUDIT_KEY/);
		const line = environmentError({ PORT: 'abc', KIEMKY_SCHEDULER: 'no' });
		expect(line).toBe(
			'Cấu hình không hợp lệ: PORT phải là số cổng từ 1 đến 65535; KIEMKY_SCHEDULER phải là on hoặc off.'
		);
		expect(line).not.toContain('\n');
	});
});
