// The security headers every response carries (docs/security.md): pages, endpoints, downloads, the
// access guard's redirects and refusals, and the static files adapter-node serves before SvelteKit
// sees the request. The page CSP itself comes from kit.csp in svelte.config.js (it needs nonces);
// elsewhere a bare "frame-ancestors 'none'" still forbids framing.
import type { Handle } from '@sveltejs/kit';
import diagnostics_channel from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=()'
};
const FALLBACK_CSP = "frame-ancestors 'none'";

/** `response` with the headers added; a copy when its headers are immutable (a fetched Response). */
export function withSecurityHeaders(response: Response, opts: { signedIn: boolean }): Response {
	try {
		setAll(response.headers, opts);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		setAll(copy.headers, opts);
		return copy;
	}
}

function setAll(headers: Headers, { signedIn }: { signedIn: boolean }): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
	if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', FALLBACK_CSP);
	// What a signed-in user sees must not linger in shared or back-button caches.
	if (signedIn && !headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
}

/**
 * First in the handle sequence, so it also covers what later handles answer themselves (the
 * access guard returns its refusals rather than throwing them past this handle).
 */
export const securityHeadersHandle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return withSecurityHeaders(response, { signedIn: !!event.locals.user });
};

/**
 * For the Node server: adapter-node serves static files (`/_app/immutable/**`, `static/`) with sirv
 * before SvelteKit's hooks run, however it is started (`node build/index.js`, `kiem-ky serve`).
 * Node announces every incoming request on the `http.server.request.start` diagnostics channel
 * before any handler sees it, so the headers are set there as defaults; what a handler writes itself
 * wins (Node merges setHeader defaults under writeHead's and later setHeader calls).
 */
export function installStaticSecurityHeaders(): void {
	if (installed) return;
	diagnostics_channel.subscribe('http.server.request.start', setDefaults);
	installed = true;
}

// Once per process: the hook's init may run again (dev server reloads), the channel is global.
let installed = false;

function setDefaults(message: unknown): void {
	const { response } = message as { response: ServerResponse };
	if (response.headersSent) return;
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
	response.setHeader('Content-Security-Policy', FALLBACK_CSP);
}
