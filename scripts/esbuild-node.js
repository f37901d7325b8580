// The esbuild options the product's Node bundles are built with: scripts/build-cli.js (dist/cli) and the verify
// benchmark's bundled verifier (scripts/bench/verify/verifier-form.ts), so that the benchmark measures the code as
// it ships. No keepNames and no minification, as esbuild's defaults are.
/** @type {import('esbuild').BuildOptions} */
export const nodeBundleOptions = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// Packages are bundled too (one file read instead of hundreds of module look-ups), except those with native code,
	// WASM or files of their own, and the database and workbook libraries only some commands load.
	external: [
		'@electric-sql/pglite',
		'@node-rs/argon2',
		'pg',
		'pg-native',
		'exceljs',
		'date-holidays',
		'kysely',
		'kysely-pglite-dialect',
		'tsx',
		'pino',
		'node-cron',
		'@sveltejs/kit',
		'svelte'
	],
	alias: { $lib: './src/lib' },
	// Some packages (pkijs, pino) expect `require` in scope when loaded from an ES module bundle.
	banner: {
		js: "import { createRequire as __kkRequire } from 'node:module'; const require = __kkRequire(import.meta.url);"
	}
};
