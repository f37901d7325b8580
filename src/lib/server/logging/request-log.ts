// The first handle of every request: a request id (the proxy's X-Request-Id when it is a sane
// token, else a new UUID), kept in the logging context for every line logged while serving the
// request, sent back in the X-Request-Id header, and one access line when the answer is ready.
import { randomUUID } from 'node:crypto';
import type { Handle } from '@sveltejs/kit';
import type { Logger } from 'pino';
import { logger as defaultLogger, requestContext } from './logger';

const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFor(header: string | null): string {
	return header && SANE_ID.test(header) ? header : randomUUID();
}

export function requestLogHandle(log: Logger = defaultLogger): Handle {
	return ({ event, resolve }) => {
		const requestId = requestIdFor(event.request.headers.get('x-request-id'));
		event.locals.requestId = requestId;
		return requestContext.run({ requestId }, async () => {
			const started = performance.now();
			const response = await resolve(event);
			// Some answers (redirects built by SvelteKit) have immutable headers.
			try {
				response.headers.set('x-request-id', requestId);
			} catch {
				/* immutable headers: the id is still in the log */
			}
			log.info(
				{
					method: event.request.method,
					path: event.url.pathname,
					status: response.status,
					ms: Math.round(performance.now() - started)
				},
				'request'
			);
			return response;
		});
	};
}
