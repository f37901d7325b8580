import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// SvelteKit's CSRF origin check stays on (the default); never add trusted origins lightly.
		// KIEMKY_BUILD_DIR lets two builds share a checkout (the e2e tests of parallel work).
		adapter: adapter({ out: process.env.KIEMKY_BUILD_DIR ?? 'build' }),
		outDir: process.env.KIEMKY_BUILD_DIR ? `${process.env.KIEMKY_BUILD_DIR}-kit` : '.svelte-kit'
	}
};

export default config;
