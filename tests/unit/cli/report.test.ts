// `kiem-ky report`: a bad period, recipient or --out path is a usage error (exit 2) found before the
// database is opened, so no report is generated, archived and audited that the operator never gets.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/lib/server/db/connection', () => ({
	openDatabaseFromEnv: vi.fn(async () => {
		throw new Error('database opened');
	})
}));

const { main } = await import('../../../src/cli/main');

afterEach(() => vi.restoreAllMocks());

function capture() {
	const err: string[] = [];
	vi.spyOn(console, 'log').mockImplementation(() => {});
	vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
	return err;
}

describe('kiem-ky report argument checks', () => {
	it('refuses a bad period with exit 2 before opening the database', async () => {
		const err = capture();
		expect(
			await main(['report', 'usage', '--period', '2026-Q9', '--recipient', 'ubnd', '--out', 'tmp/x.xlsx'])
		).toBe(2);
		expect(err).toEqual([
			'kiem-ky report: Kỳ báo cáo "2026-Q9" không hợp lệ: dùng dạng 2026-Q3, 2026-H1, 2026 hoặc 2026-11.'
		]);
		expect(await main(['report', 'expiry', '--period', 'quý 4', '--out', 'tmp/x.xlsx'])).toBe(2);
	});

	it('refuses a bad recipient with exit 2', async () => {
		const err = capture();
		expect(
			await main(['report', 'usage', '--period', '2026-Q3', '--recipient', 'xyz', '--out', 'tmp/x.xlsx'])
		).toBe(2);
		expect(err[0]).toContain('Nơi nhận "xyz" không hợp lệ');
	});

	it('refuses an --out in a missing directory in Vietnamese, exit 2, before generating anything', async () => {
		const err = capture();
		expect(await main(['report', 'expiry', '--period', '2026-Q4', '--out', '/nonexistent/dir/x.xlsx'])).toBe(
			2
		);
		expect(err).toEqual(['kiem-ky report: --out: thư mục "/nonexistent/dir" không tồn tại']);
	});

	it('refuses an --out that is a directory', async () => {
		const err = capture();
		expect(await main(['report', 'expiry', '--period', '2026-Q4', '--out', '/tmp'])).toBe(2);
		expect(err[0]).toContain('là một thư mục');
	});

	it('opens the database only once the arguments are good', async () => {
		const err = capture();
		expect(
			await main(['report', 'expiry', '--period', '2026-Q4', '--out', '/tmp/kiemky-report-test.xlsx'])
		).toBe(1);
		expect(err).toEqual(['kiem-ky report: database opened']);
	});
});
