import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: {
		// Native and WASM packages must be loaded from node_modules at run time, not bundled.
		external: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'exceljs', 'date-holidays']
	},
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'src/**/*.test.ts'],
		globalSetup: ['tests/helpers/global-setup.ts'],
		// Tests assert behaviour, not time: on the 2-core CI machine with every stage running at once
		// (load 10-17), tests that migrate or open a PGlite database took 62-73 s on 05/12/2026.
		testTimeout: 180_000,
		hookTimeout: 180_000,
		// Each PGlite instance holds a few hundred MB: keep few open at once on 2 cores.
		maxWorkers: 2,
		pool: 'forks',
		// The files of a worker share one module registry instead of importing the app's modules again each
		// (a third of the CPU time of the integration tests on PGlite: docs/testing.md). So a test file must
		// not vi.mock a module (the mock would reach the files after it) and must undo what it changes in
		// the process: environment variables, spies, the database handle it gives the routes (setDbHandle).
		isolate: false,
		// The audit log's HMAC key (see src/lib/server/audit/audit-key.ts): fixed, so that tests do not
		// create ./data/audit.key in the checkout.
		env: { KIEMKY_AUDIT_KEY: 'kiem-ky test audit key, not a secret, 32+ chars' }
	}
});
