// How a request that lost the database answers: 503 with a Vietnamese body (JSON for the API,
// data and form requests, a small page otherwise), never a 500 and never a dead process.
// The status is set as http/error-status.ts does for every such kind.
import type { Handle } from '@sveltejs/kit';
import { errorStatus } from '../http/error-status';
import { ERROR_TABLE } from '../../errors';
import { isConnectionLost } from './connection-errors';
import { logger } from '../logging/logger';

const MESSAGE = `${ERROR_TABLE.DATABASE_UNAVAILABLE.vi} Vui lòng thử lại sau ít phút.`;
const RETRY_AFTER_S = '10';

export const DATABASE_UNAVAILABLE_BODY = { message: MESSAGE, code: 'DATABASE_UNAVAILABLE' } as const;

const outage = errorStatus({
	status: 503,
	matches: isConnectionLost,
	body: DATABASE_UNAVAILABLE_BODY,
	page: `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tạm thời gián đoạn — Kiểm Ký</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Tạm thời gián đoạn</h1>
<p>${MESSAGE}</p>
<p><a href="">Tải lại trang</a></p>
</body>
</html>
`,
	headers: { 'Retry-After': RETRY_AFTER_S, 'Cache-Control': 'no-store' },
	renderedHeaders: { 'Retry-After': RETRY_AFTER_S },
	log: (event, err) =>
		logger.error({ method: event.request.method, path: event.url.pathname, err }, 'database unavailable')
});

/** handleError's mapping: for a lost connection, the 503 body (the request remembered); null otherwise. */
export const databaseErrorBody = outage.body;
export const databaseUnavailableResponse = outage.response;
/**
 * Answers 503 when a handle below (the session lookup) throws a lost connection, and turns the
 * 500 that SvelteKit rendered for a load, action or endpoint that hit one into a 503.
 */
export const handleDatabaseOutage: Handle = outage.handle;
