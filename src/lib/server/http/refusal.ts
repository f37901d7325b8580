// Answers that handles give themselves, before any route runs (the access guard, the form content
// type check). Returned rather than thrown, so the handles wrapped around them (security headers,
// session cookie) still see and finish the response. Shaped like SvelteKit's own error answers:
// JSON `{ message }` for data requests and clients that want JSON, a small page otherwise.
import type { RequestEvent } from '@sveltejs/kit';
import { translate } from '$lib/i18n/catalogue';
import { errorTitle } from '$lib/i18n/error-words';

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
	const vi = (key: string) => translate('vi', key);
	const title = escapeHtml(errorTitle(status, vi));
	// The way back without a script: the page the browser came from, when it is one of ours.
	const back = sameOriginReferrer(event.request);
	const backLink = back ? ` · <a href="${escapeHtml(back)}">${vi('error.back')}</a>` : '';
	const page = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} ${title} — Kiểm Ký</title></head>
<body style="font-family:sans-serif;margin:1rem;overflow-wrap:anywhere"><h1>${title} (${status})</h1>
<p>${escapeHtml(message)}</p><p><a href="/">${vi('error.home')}</a>${backLink}</p></body></html>
`;
	return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function sameOriginReferrer(request: Pick<Request, 'headers' | 'url'>): string | null {
	const referrer = request.headers.get('referer');
	if (!referrer) return null;
	try {
		const from = new URL(referrer);
		return from.origin === new URL(request.url).origin ? from.pathname + from.search : null;
	} catch {
		return null;
	}
}

/** A 303 to `location`; SvelteKit turns it into its JSON redirect for data requests. */
export function seeOther(location: string): Response {
	return new Response(null, { status: 303, headers: { location } });
}
