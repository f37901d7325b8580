// adapter-node serves static files (sirv) before SvelteKit's hooks run, so the server's init sets
// the security headers on every Node HTTP request as defaults. Here a real server answers the way
// sirv (writeHead with its own headers) and SvelteKit (setHeader per header) do.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { installStaticSecurityHeaders } from '../../../src/lib/server/http/security-headers';

let server: http.Server | undefined;
beforeAll(() => {
	installStaticSecurityHeaders();
	installStaticSecurityHeaders(); // twice is once
});
afterEach(async () => {
	await new Promise((done) => server?.close(done) ?? done(undefined));
	server = undefined;
});

async function serve(handler: http.RequestListener): Promise<string> {
	server = http.createServer(handler);
	await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('security headers on every Node HTTP answer', () => {
	it('reach a static file written with writeHead, beside its own headers', async () => {
		const base = await serve((_req, res) => {
			res.writeHead(200, {
				'Content-Type': 'text/javascript',
				'Cache-Control': 'public,max-age=31536000,immutable'
			});
			res.end('export {}');
		});
		const res = await fetch(`${base}/_app/immutable/entry/start.js`);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
		expect(res.headers.get('permissions-policy')).toContain('camera=()');
		expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
		expect(res.headers.get('cache-control')).toBe('public,max-age=31536000,immutable');
		expect(res.headers.get('content-type')).toBe('text/javascript');
	});

	it('reach a 304 answer', async () => {
		const base = await serve((_req, res) => {
			res.writeHead(304);
			res.end();
		});
		const res = await fetch(`${base}/favicon.svg`);
		expect(res.status).toBe(304);
		expect(res.headers.get('x-frame-options')).toBe('DENY');
	});

	it('give way to the page’s own CSP', async () => {
		const base = await serve((_req, res) => {
			res.setHeader('content-security-policy', "default-src 'self'; frame-ancestors 'none'");
			res.writeHead(200);
			res.end('<!doctype html>');
		});
		const res = await fetch(base);
		expect(res.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'none'");
	});
});
