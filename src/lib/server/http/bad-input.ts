// Requests whose values the database cannot hold answer 400 with a Vietnamese message, never 500.
// Two layers: the edges refuse what no route can use (a NUL character anywhere in the address:
// PostgreSQL text cannot contain one), and the routes read ids and numbers through bounded
// parsers (route-kit's idParam, query-values.ts); behind them, a value that still reaches
// PostgreSQL and is refused there as a data exception (SQLSTATE class 22: a NUL in a form field,
// a number out of its column's range, a malformed date) is answered as bad input rather than as
// a server fault. As with a lost database (db/outage-response.ts), the status is set as
// error-status.ts does for every such kind.
import type { Handle } from '@sveltejs/kit';
import { ERROR_TABLE } from '../../errors';
import { logger } from '../logging/logger';
import { errorStatus } from './error-status';

const MESSAGE = `${ERROR_TABLE.INVALID_INPUT.vi} Một giá trị trong địa chỉ hoặc biểu mẫu không đúng dạng (số quá lớn, ngày sai hoặc ký tự không được phép).`;
export const BAD_INPUT_BODY = { message: MESSAGE, code: 'INVALID_INPUT' } as const;

/** True for a PostgreSQL (or PGlite) data exception: the statement was refused for a value it was given. */
export function isDataException(e: unknown, depth = 0): boolean {
	if (depth > 4 || typeof e !== 'object' || e === null) return false;
	const code = (e as { code?: unknown }).code;
	if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
	return isDataException((e as { cause?: unknown }).cause, depth + 1);
}

const badInput = errorStatus({
	status: 400,
	matches: isDataException,
	body: BAD_INPUT_BODY,
	page: `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Yêu cầu không hợp lệ — Kiểm Ký</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Yêu cầu không hợp lệ</h1>
<p>${MESSAGE}</p>
<p><a href="/">Về trang tổng quan</a></p>
</body>
</html>
`,
	headers: { 'Cache-Control': 'no-store' },
	renderedHeaders: {},
	log: (event, err) =>
		logger.warn(
			{ method: event.request.method, path: event.url.pathname, err },
			'value refused by the database'
		)
});

/** handleError's mapping for a data exception: the 400 body, the request remembered; null otherwise. */
export const badInputBody = badInput.body;
export const badInputResponse = badInput.response;

/** A NUL character in the path or the query, raw or percent-encoded. */
function hasNul(url: URL): boolean {
	return /%00/.test(url.pathname + url.search) || (url.pathname + url.search).includes('\u0000');
}

/**
 * Refuses an address holding a NUL character before any route reads it, and turns the 500 that
 * SvelteKit rendered for a load, action or endpoint whose value the database refused into a 400
 * (a throw from a handle below too: the scope check reads the record a route names).
 */
export const handleBadInput: Handle = (input) =>
	hasNul(input.event.url) ? badInputResponse(input.event) : badInput.handle(input);
