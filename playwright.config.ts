import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium (never a downloaded browser) against the built
// server, started by scripts/e2e.js: one on a fresh database with demo data (project "demo"),
// one on an empty database started with KIEMKY_DEMO=0 whose only account is an administrator
// made with the CLI (project "fresh", specs named fresh-*.spec.ts). The "phone" project runs the
// phone spec and two read-only journeys again at 390×844 on the demo server (running every
// journey twice would double CI time, and the state-changing ones cannot run twice).
const executablePath = process.env.KIEMKY_CHROMIUM ?? '/usr/bin/chromium';
const port = Number(process.env.KIEMKY_E2E_PORT ?? 4173);
const freshPort = Number(process.env.KIEMKY_E2E_FRESH_PORT ?? port + 1);
const buildDir = process.env.KIEMKY_BUILD_DIR ?? 'build';

export default defineConfig({
	testDir: 'tests/e2e',
	// Generous on purpose: CI shares 2 cores between this, two vitest runs, lint and type checks, and a
	// step that takes 3 s on a quiet machine took over 15 s there. A passing test never waits for these.
	timeout: 120_000,
	expect: { timeout: 30_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: process.env.KIEMKY_E2E_RESULTS ?? 'tmp/results/e2e.json' }]],
	outputDir: `tmp/playwright-${port}`,
	use: {
		baseURL: `http://localhost:${port}`,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{ name: 'demo', testIgnore: /(fresh-.*|phone)\.spec\.ts$/ },
		{
			name: 'phone',
			testMatch: /(phone|overview)\.spec\.ts$/,
			use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
		},
		{
			name: 'fresh',
			testMatch: /fresh-.*\.spec\.ts$/,
			use: { baseURL: `http://localhost:${freshPort}` }
		}
	],
	webServer: [
		{
			command: `node ${buildDir}/index.js`,
			url: `http://localhost:${port}/dang-nhap`,
			timeout: 300_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: {
				PORT: String(port),
				ORIGIN: `http://localhost:${port}`,
				KIEMKY_SCHEDULER: 'off',
				// The specs run the scans themselves, from a known state.
				KIEMKY_DEMO_SCANS: '0',
				BODY_SIZE_LIMIT: '25M',
				...(process.env.KIEMKY_E2E_DATABASE_URL
					? { DATABASE_URL: process.env.KIEMKY_E2E_DATABASE_URL }
					: { DATABASE_URL: '', KIEMKY_DATA_DIR: `tmp/e2e-data-${port}` })
			}
		},
		{
			command: `node ${buildDir}/index.js`,
			url: `http://localhost:${freshPort}/dang-nhap`,
			timeout: 300_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: {
				PORT: String(freshPort),
				ORIGIN: `http://localhost:${freshPort}`,
				KIEMKY_SCHEDULER: 'off',
				KIEMKY_DEMO: '0',
				BODY_SIZE_LIMIT: '25M',
				...(process.env.KIEMKY_E2E_FRESH_DATABASE_URL
					? { DATABASE_URL: process.env.KIEMKY_E2E_FRESH_DATABASE_URL }
					: { DATABASE_URL: '', KIEMKY_DATA_DIR: `tmp/e2e-data-${freshPort}` })
			}
		}
	]
});
