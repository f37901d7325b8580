// Runs a request to /api/v1/signing-events as the server does: the request handles of
// hooks.server.ts in order (identity by API key or session, the route's access rule), then the
// endpoint's handler, on a test database.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import { requestHandles } from '../../../src/lib/server/http/pipeline';
import { postSigningEvents } from '../../../src/lib/server/api/signing-events';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session-token';

export interface ApiRequest {
	key?: string;
	session?: string;
	body?: BodyInit;
	contentType?: string | null;
}

function requestEvent(r: ApiRequest): RequestEvent {
	const url = new URL('http://localhost/api/v1/signing-events');
	const headers: Record<string, string> = {};
	if (r.contentType !== null) headers['content-type'] = r.contentType ?? 'application/json';
	if (r.key) headers.authorization = `Bearer ${r.key}`;
	if (r.session) headers.cookie = `${SESSION_COOKIE}=${r.session}`;
	return {
		request: new Request(url, { method: 'POST', headers, body: r.body, duplex: 'half' } as RequestInit),
		url,
		route: { id: '/api/v1/signing-events' },
		params: {},
		locals: { user: null, lang: 'vi' },
		cookies: {
			get: (n: string) => (n === SESSION_COOKIE ? r.session : undefined),
			getAll: () => (r.session ? [{ name: SESSION_COOKIE, value: r.session }] : []),
			set: () => {},
			delete: () => {},
			serialize: (n: string, v: string) => `${n}=${v}; Path=/`
		},
		getClientAddress: () => '10.1.2.3',
		setHeaders: () => {},
		fetch,
		platform: undefined,
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false
	} as unknown as RequestEvent;
}

export async function postEvents(db: Kysely<Database>, r: ApiRequest): Promise<Response> {
	const handles: Handle[] = requestHandles(async () => db);
	const at = (i: number, event: RequestEvent): Promise<Response> =>
		Promise.resolve(
			i === handles.length
				? postSigningEvents(db, event)
				: handles[i]!({ event, resolve: (e) => at(i + 1, e) })
		);
	return at(0, requestEvent(r));
}

export const json = (value: unknown) => JSON.stringify(value);
