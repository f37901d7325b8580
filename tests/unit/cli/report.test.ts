// `kiem-ky report`: a bad period, recipient or --out path is a usage error (exit 2) found before the
// database is opened, so no report is generated, archived and audited that the operator never gets.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main';

// A database nobody listens for: opening it is the one failure that names this address.
const NOWHERE = 'postgres://kiemky@127.0.0.1:9/kiemky_report_test';
beforeEach(() => vi.stubEnv('DATABASE_URL', NOWHERE));
afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllEnvs();
});

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
		expect(err).toHaveLength(1);
		expect(err[0]).toMatch(/127\.0\.0\.1:9|ECONNREFUSED/);
	});
});
