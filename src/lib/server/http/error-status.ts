// Errors that are not server faults answer with their own status: a lost database 503
// (db/outage-response.ts), a value the database refused 400 (bad-input.ts). SvelteKit's
// handleError shapes an unexpected error's body but cannot choose its status (always 500), so
// handleError remembers the request (`body`) and the kind's handle sets the status on what
// SvelteKit rendered; a throw from a handle below it is answered directly.
import type { Handle, RequestEvent } from '@sveltejs/kit';

type Answered = Pick<RequestEvent, 'request' | 'url' | 'isDataRequest'>;

export interface ErrorStatusKind<B> {
	status: number;
	matches: (error: unknown) => boolean;
	/** The JSON body (handleError's return value). */
	body: B;
	/** The page for a request that does not want JSON. */
	page: string;
	/** Headers of the answer this module writes. */
	headers: Record<string, string>;
	/** Headers added to a JSON body SvelteKit already wrote (its status changed). */
	renderedHeaders: Record<string, string>;
	log: (event: Pick<RequestEvent, 'request' | 'url'>, error: unknown) => void;
}

export interface ErrorStatus<B> {
	/** handleError's mapping: the body when the error is of this kind (the request remembered), else null. */
	body: (error: unknown, event: Pick<RequestEvent, 'request' | 'url'>) => B | null;
	/** The answer written here: JSON for the API, data and form requests, the page otherwise. */
	response: (event: Answered) => Response;
	handle: Handle;
}

/** Whether the request expects JSON: the API, a data request, or an Accept that asks for it. */
export function wantsJson(event: Answered): boolean {
	if (event.isDataRequest || event.url.pathname === '/api' || event.url.pathname.startsWith('/api/'))
		return true;
	const accept = event.request.headers.get('accept') ?? '';
	return accept.includes('application/json') && !accept.includes('text/html');
}

export function errorStatus<B>(kind: ErrorStatusKind<B>): ErrorStatus<B> {
	// Keyed by the request object, so nothing outlives the request.
	const remembered = new WeakSet<Request>();
	const body: ErrorStatus<B>['body'] = (error, event) => {
		if (!kind.matches(error)) return null;
		remembered.add(event.request);
		kind.log(event, error);
		return kind.body;
	};
	const response = (event: Answered) =>
		wantsJson(event)
			? Response.json(kind.body, { status: kind.status, headers: kind.headers })
			: new Response(kind.page, {
					status: kind.status,
					headers: { ...kind.headers, 'Content-Type': 'text/html; charset=utf-8' }
				});
	const handle: Handle = async ({ event, resolve }) => {
		let rendered: Response;
		try {
			rendered = await resolve(event);
		} catch (e) {
			if (!body(e, event)) throw e;
			return response(event);
		}
		if (rendered.status < 500 || !remembered.has(event.request)) return rendered;
		// A JSON body already carries handleError's body (and a form's devalue envelope must stay as
		// SvelteKit wrote it); an HTML error page is replaced, since it would show "500".
		if ((rendered.headers.get('content-type') ?? '').includes('application/json')) {
			const headers = new Headers(rendered.headers);
			for (const [name, value] of Object.entries(kind.renderedHeaders)) headers.set(name, value);
			return new Response(rendered.body, { status: kind.status, headers });
		}
		await rendered.body?.cancel();
		return response(event);
	};
	return { body, response, handle };
}
