// `kiem-ky worker` before it opens anything: its help, and the refusals that need no database
// (PGlite serves one process, so a worker beside a server on it is refused; a bad environment is
// named in one line). Running a real worker is tests/integration/jobs/worker.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main';
import { captureConsole } from '../../helpers/console-capture';

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllEnvs();
});

describe('kiem-ky worker', () => {
	it('is listed, and says what it is for with --help', async () => {
		const { out } = captureConsole();
		expect(await main(['--help'])).toBe(0);
		expect(out.join('\n')).toMatch(/worker\s+Chạy bộ lập lịch và các tác vụ, không phục vụ trang web/);
		expect(await main(['worker', '--help'])).toBe(0);
		expect(out.join('\n')).toMatch(/KIEMKY_SCHEDULER=off/);
	});

	it('refuses to start on PGlite, naming DATABASE_URL (exit 2)', async () => {
		vi.stubEnv('DATABASE_URL', '');
		const { err } = captureConsole();
		expect(await main(['worker'])).toBe(2);
		expect(err).toEqual([
			'kiem-ky worker: cần DATABASE_URL (PostgreSQL): PGlite chỉ phục vụ một tiến trình, khi đó dùng kiem-ky serve'
		]);
	});

	it('refuses a bad environment in one line, and stray arguments', async () => {
		vi.stubEnv('KIEMKY_SCHEDULER', 'tat');
		const { err } = captureConsole();
		expect(await main(['worker'])).toBe(2);
		expect(err[0]).toBe('kiem-ky worker: Cấu hình không hợp lệ: KIEMKY_SCHEDULER phải là on hoặc off.');
		vi.unstubAllEnvs();
		expect(await main(['worker', 'them'])).toBe(2);
		expect(err[1]).toContain('thừa tham số');
	});
});
