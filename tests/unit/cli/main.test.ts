import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main';
import { captureConsole } from '../../helpers/console-capture';

afterEach(() => vi.restoreAllMocks());

describe('kiem-ky dispatcher', () => {
	it('lists the commands found on disk with --help', async () => {
		const { out } = captureConsole();
		expect(await main(['--help'])).toBe(0);
		const text = out.join('\n');
		expect(text).toMatch(/migrate\s+Cập nhật cấu trúc/);
		expect(text).toMatch(/serve\s+/);
	});

	it('is a usage error without a command', async () => {
		captureConsole();
		expect(await main([])).toBe(2);
	});

	it('names an unknown command in one Vietnamese line, exit 2', async () => {
		const { err } = captureConsole();
		expect(await main(['khong-co'])).toBe(2);
		expect(err).toEqual(['kiem-ky: không có lệnh "khong-co". Xem: kiem-ky --help']);
	});

	it('refuses command names that are paths', async () => {
		const { err } = captureConsole();
		expect(await main(['../main'])).toBe(2);
		expect(err[0]).toContain('không có lệnh');
	});

	it('prints a command usage with --help', async () => {
		const { out } = captureConsole();
		expect(await main(['migrate', '--help'])).toBe(0);
		expect(out.join('\n')).toContain('kiem-ky migrate [--down]');
	});

	it('reports a bad option as one line and the usage exit code 2', async () => {
		const { err } = captureConsole();
		expect(await main(['migrate', '--nope'])).toBe(2);
		expect(err).toHaveLength(1);
		expect(err[0]).toBe('kiem-ky migrate: tham số không hợp lệ: không có tùy chọn --nope (xem --help)');
	});

	it('names a missing option value and an option that takes none in Vietnamese', async () => {
		const { err } = captureConsole();
		expect(await main(['seed', '--scale'])).toBe(2);
		expect(await main(['migrate', '--down=1'])).toBe(2);
		expect(err).toEqual([
			'kiem-ky seed: tham số không hợp lệ: tùy chọn --scale cần một giá trị',
			'kiem-ky migrate: tham số không hợp lệ: tùy chọn --down không nhận giá trị'
		]);
	});
});
