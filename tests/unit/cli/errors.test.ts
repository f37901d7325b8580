// The CLI's one-line errors for the database problems an operator meets, from real driver errors.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { describeCliError } from '../../../src/cli/errors';
import { AppError } from '../../../src/lib/errors';
import { emptyPgliteTarball } from '../../helpers/db';

async function errorOf(p: Promise<unknown>): Promise<unknown> {
	try {
		await p;
	} catch (e) {
		return e;
	}
	throw new Error('expected a failure');
}

describe('describeCliError', () => {
	it('tells the operator to migrate when a table is missing', async () => {
		const db = new PGlite({ loadDataDir: emptyPgliteTarball() });
		const e = await errorOf(db.query('select * from audit_log'));
		await db.close();
		expect(describeCliError(e)).toBe(
			'cơ sở dữ liệu chưa có cấu trúc mới nhất (relation "audit_log" does not exist); chạy "kiem-ky migrate" trước'
		);
	});

	it('names the address when PostgreSQL refuses the connection', async () => {
		const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/x' });
		const e = await errorOf(client.connect());
		expect(describeCliError(e)).toBe(
			'không kết nối được PostgreSQL 127.0.0.1:1 (ECONNREFUSED); kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu'
		);
	});

	it('keeps an application error as it is, and any other message verbatim', () => {
		expect(describeCliError(new AppError('NOT_FOUND', 'Không tìm thấy báo cáo.'))).toBe(
			'Không tìm thấy báo cáo.'
		);
		expect(describeCliError(new Error('khác'))).toBe('khác');
		expect(describeCliError('chuỗi')).toBe('chuỗi');
	});
});
