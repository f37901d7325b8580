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
		// Promise misuse matters most in cron and request code: a forgotten await loses errors.
		files: ['src/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', 'migrations/**/*.ts'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error'
		}
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
	{
		// The test files of a vitest worker share one module registry (isolate: false in vite.config.ts):
		// a module mock would reach the files that run after the one that made it.
		files: ['tests/**/*.ts', 'src/**/*.test.ts'],
		rules: {
			'no-restricted-properties': [
				'error',
				...['mock', 'doMock', 'hoisted'].map((property) => ({
					object: 'vi',
					property,
					message: 'Test files share their modules (isolate: false): pass the dependency in instead.'
				}))
			]
		}
	},
	// The layers' edges (docs/ARCHITECTURE.md): last, so that no block after them replaces them.
	...architectureZones
);
