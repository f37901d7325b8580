// Answers that handles give themselves, before any route runs (the access guard, the form content
// type check). Returned rather than thrown, so the handles wrapped around them (security headers,
// session cookie) still see and finish the response. Shaped like SvelteKit's own error answers:
// JSON `{ message }` for data requests and clients that want JSON, a small page otherwise.
import type { RequestEvent } from '@sveltejs/kit';

function wantsHtml(event: Pick<RequestEvent, 'request' | 'isDataRequest'>): boolean {
	if (event.isDataRequest) return false;
	// No Accept header reads as a browser's, as SvelteKit's own error answers do.
	const accept = event.request.headers.get('accept') || 'text/html';
	const html = accept.indexOf('text/html');
	const json = accept.indexOf('application/json');
	return html >= 0 && (json < 0 || html < json);
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function refusal(
	event: Pick<RequestEvent, 'request' | 'isDataRequest'>,
	status: number,
	message: string
): Response {
	if (!wantsHtml(event)) return Response.json({ message }, { status });
	const page = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${status}</title></head>
<body><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Về trang chủ</a></p></body></html>
`;
	return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** A 303 to `location`; SvelteKit turns it into its JSON redirect for data requests. */
export function seeOther(location: string): Response {
	return new Response(null, { status: 303, headers: { location } });
}
