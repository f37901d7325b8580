// The error pages speak the user's language: every status gets a title in words (never "Not Found"),
// and the access guard's own page says the same and offers a way back.
import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/lib/i18n/catalogue';
import { errorHint, errorTitle } from '../../../src/lib/i18n/error-words';
import { refusal } from '../../../src/lib/server/http/refusal';

const vi = (key: string) => translate('vi', key);
const en = (key: string) => translate('en', key);

describe('error page words', () => {
	it('names the common statuses in Vietnamese, with what to do', () => {
		expect(errorTitle(404, vi)).toBe('Không tìm thấy trang');
		expect(errorTitle(403, vi)).toBe('Không có quyền truy cập');
		expect(errorTitle(500, vi)).toBe('Lỗi hệ thống');
		for (const status of [403, 404, 500]) expect(errorHint(status, vi)).toMatch(/\p{L}/u);
	});

	it('falls back to the family of an unlisted status, never to a raw key', () => {
		expect(errorTitle(418, vi)).toBe('Yêu cầu không hợp lệ');
		expect(errorTitle(502, vi)).toBe('Lỗi hệ thống');
		expect(errorHint(502, vi)).toBe(vi('error.hint.500'));
		expect(errorHint(400, vi)).toBeNull();
		for (const status of [400, 401, 403, 404, 413, 429, 500, 503, 418, 504])
			expect(errorTitle(status, vi)).not.toMatch(/^error\./);
	});

	it('has English words when the page is in English', () => {
		expect(errorTitle(404, en)).toBe('Page not found');
	});
});

describe('the access guard page', () => {
	function request(headers: Record<string, string>) {
		return {
			request: new Request('http://localhost/quan-tri', { headers: { accept: 'text/html', ...headers } }),
			isDataRequest: false
		};
	}

	it('is Vietnamese, fits a phone and links home and back to the page the user came from', async () => {
		const res = refusal(request({ referer: 'http://localhost/chung-thu?q=a' }), 403, 'Bạn không có quyền.');
		const html = await res.text();
		expect(res.status).toBe(403);
		expect(html).toContain('Không có quyền truy cập (403)');
		expect(html).toContain('name="viewport"');
		expect(html).toContain('<a href="/">Về trang chủ</a>');
		expect(html).toContain('<a href="/chung-thu?q=a">Quay lại trang trước</a>');
		expect(html).not.toMatch(/Forbidden/);
	});

	it('offers no back link to another site', async () => {
		const html = await refusal(request({ referer: 'https://evil.example/x' }), 403, 'x').text();
		expect(html).not.toContain('evil.example');
		expect(html).not.toContain('Quay lại');
	});
});
