import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../../src/cli/commands/verify';

afterEach(() => vi.restoreAllMocks());

describe('kiem-ky verify on files it cannot read', () => {
	it('reports a missing file and a folder in Vietnamese as FORMAT_FAILURE, exit 1', async () => {
		const lines: string[] = [];
		vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
		vi.spyOn(console, 'error').mockImplementation(() => {});
		expect(await command.run(['--json', '/khong/co/tep.pdf', 'tests'])).toBe(1);
		const [missing, folder] = lines.map((l) => JSON.parse(l) as { subIndication: string; error: string });
		expect(missing).toMatchObject({
			subIndication: 'FORMAT_FAILURE',
			error: 'không đọc được tệp: không tìm thấy tệp'
		});
		expect(folder!.error).toBe('không đọc được tệp: đây là thư mục, không phải tệp');
	});
});
