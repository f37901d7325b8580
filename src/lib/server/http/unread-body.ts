// A request answered without its body being read (a refused form post, a wrong content type, an
// unknown action) leaves the rest of the body in the connection; Node keeps the connection for the
// next request, which then meets a reset. Such answers close the connection instead, so the
// client's next request opens a new one.
import type { Handle } from '@sveltejs/kit';

export const closeAfterUnreadBody: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const request = event.request;
	if (request.body === null || request.bodyUsed) return response;
	try {
		response.headers.set('connection', 'close');
		return response;
	} catch {
		// Immutable headers (a response passed through from fetch): a copy with the header.
		const headers = new Headers(response.headers);
		headers.set('connection', 'close');
		return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
	}
};
