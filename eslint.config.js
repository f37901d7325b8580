import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';
import { architectureZones } from './eslint.architecture.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'dist/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'tmp/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-undef': 'off'
		}
	},
	{
		// A forgotten await loses errors in cron and request code, and in a test it can pass an assertion
		// that never ran (`expect(p).rejects…` not awaited).
		files: ['src/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', 'migrations/**/*.ts'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: { '@typescript-eslint/no-floating-promises': 'error' }
	},
	{
		// A promise where a void callback is expected (an async handler to an event emitter, a timer or a
		// forEach) matters in the application's code. It was half of lint's time (ESLint's TIMING), most
		// of it spent on the tests, where vitest awaits what a test returns.
		files: ['src/**/*.ts'],
		rules: { '@typescript-eslint/no-misused-promises': 'error' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: { 'svelte/no-navigation-without-resolve': 'off' }
	},
	// The layers' edges (docs/ARCHITECTURE.md): last, so that no block after them replaces them.
	...architectureZones
);
