import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The CSRF origin check is done by src/lib/server/http/csrf.ts (the same check, except for
		// /api requests carrying an API key, which no browser can forge); never trust origins here.
		csrf: { trustedOrigins: ['*'] },
		// KIEMKY_BUILD_DIR lets two builds share a checkout (the e2e tests of parallel work).
		adapter: adapter({ out: process.env.KIEMKY_BUILD_DIR ?? 'build' }),
		// A vitest run writes SvelteKit's generated files to a directory of its own, so that it never rewrites
		// .svelte-kit/ while svelte-check and ESLint read it (npm test runs them side by side: docs/testing.md).
		outDir: process.env.KIEMKY_BUILD_DIR
			? `${process.env.KIEMKY_BUILD_DIR}-kit`
			: process.env.VITEST
				? `.svelte-kit/vitest-${process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'}`
				: '.svelte-kit',
		// Content Security Policy (docs/security.md): SvelteKit adds a nonce to its own inline
		// scripts; nothing loads from other origins; no page may be framed (clickjacking).
		// Styles allow 'unsafe-inline' because server-rendered style="" attributes need it.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
