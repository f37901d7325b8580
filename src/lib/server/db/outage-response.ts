// How a request that lost the database answers: 503 with a Vietnamese body (JSON for the API,
// data and form requests, a small page otherwise), never a 500 and never a dead process.
// SvelteKit's handleError shapes the body but cannot choose the status (an unexpected error is
// always 500 there), so handleError remembers the request and the handle below sets the status.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { ERROR_TABLE } from '../../errors';
import { isConnectionLost } from './connection-errors';
import { logger } from '../logging/logger';

const MESSAGE = `${ERROR_TABLE.DATABASE_UNAVAILABLE.vi} Vui lòng thử lại sau ít phút.`;
const RETRY_AFTER_S = '10';

export const DATABASE_UNAVAILABLE_BODY = { message: MESSAGE, code: 'DATABASE_UNAVAILABLE' } as const;

// Requests whose load, action or endpoint failed on a lost connection (keyed by the request
// object, so nothing outlives the request).
const lostRequests = new WeakSet<Request>();

/**
 * handleError's mapping: for a lost connection, the 503 body (and the request is remembered so
 * that handleDatabaseOutage turns SvelteKit's 500 into 503); null for any other error.
 */
export function databaseErrorBody(
	error: unknown,
	event: Pick<RequestEvent, 'request' | 'url'>
): typeof DATABASE_UNAVAILABLE_BODY | null {
	if (!isConnectionLost(error)) return null;
	lostRequests.add(event.request);
	logger.error(
		{ method: event.request.method, path: event.url.pathname, err: error },
		'database unavailable'
	);
	return DATABASE_UNAVAILABLE_BODY;
}

/** Whether the request expects JSON: the API, a data request, or an Accept that asks for it. */
export function wantsJson(event: Pick<RequestEvent, 'request' | 'url' | 'isDataRequest'>): boolean {
	if (event.isDataRequest || event.url.pathname === '/api' || event.url.pathname.startsWith('/api/'))
		return true;
	const accept = event.request.headers.get('accept') ?? '';
	return accept.includes('application/json') && !accept.includes('text/html');
}

const PAGE = `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tạm thời gián đoạn — Kiểm Ký</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Tạm thời gián đoạn</h1>
<p>${MESSAGE}</p>
<p><a href="">Tải lại trang</a></p>
</body>
</html>
`;

export function databaseUnavailableResponse(
	event: Pick<RequestEvent, 'request' | 'url' | 'isDataRequest'>
): Response {
	const headers = { 'Retry-After': RETRY_AFTER_S, 'Cache-Control': 'no-store' };
	if (wantsJson(event)) return Response.json(DATABASE_UNAVAILABLE_BODY, { status: 503, headers });
	return new Response(PAGE, {
		status: 503,
		headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' }
	});
}

/**
 * Answers 503 when a handle below (the session lookup) throws a lost connection, and turns the
 * 500 that SvelteKit rendered for a load, action or endpoint that hit one into a 503.
 */
export const handleDatabaseOutage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (e) {
		if (!isConnectionLost(e)) throw e;
		databaseErrorBody(e, event);
		return databaseUnavailableResponse(event);
	}
	if (response.status < 500 || !lostRequests.has(event.request)) return response;
	// JSON bodies already carry handleError's body (and a form's devalue envelope must stay as
	// SvelteKit wrote it); an HTML error page is replaced, since it would show "500".
	if ((response.headers.get('content-type') ?? '').includes('application/json')) {
		const headers = new Headers(response.headers);
		headers.set('Retry-After', RETRY_AFTER_S);
		return new Response(response.body, { status: 503, headers });
	}
	await response.body?.cancel();
	return databaseUnavailableResponse(event);
};
