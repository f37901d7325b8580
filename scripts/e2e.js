#!/usr/bin/env node
// Runs the Playwright end-to-end tests in Debian's Chromium against the built server on a fresh
// database: a new PGlite directory, or a new PostgreSQL database when DATABASE_URL is set.
import { existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const chromium = process.env.KIEMKY_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
	console.error(`
End-to-end tests need Chromium at ${chromium}, and it is missing. Install Debian's package:

    sudo apt-get update && sudo apt-get install -y chromium

(or point KIEMKY_CHROMIUM at another Chromium binary). Do not run 'npx playwright install':
this project uses the system browser.`);
	process.exit(1);
}
const buildDir = process.env.KIEMKY_BUILD_DIR ?? 'build';
const port = process.env.KIEMKY_E2E_PORT ?? '4173';
if (!existsSync(`${buildDir}/index.js`)) {
	console.error(`scripts/e2e.js: ${buildDir}/ is missing; run \`npm run build\` first.`);
	process.exit(1);
}

const env = { ...process.env };
let dropDatabase;
rmSync(`tmp/e2e-data-${port}`, { recursive: true, force: true });
if (process.env.DATABASE_URL) {
	const base = new URL(process.env.DATABASE_URL);
	const name = `${base.pathname.slice(1) || 'postgres'}_e2e_${port}`;
	const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
	await admin.connect();
	await admin.query(`drop database if exists "${name}" with (force)`);
	await admin.query(`create database "${name}"`);
	await admin.end();
	const url = new URL(process.env.DATABASE_URL);
	url.pathname = `/${name}`;
	env.KIEMKY_E2E_DATABASE_URL = url.toString();
	dropDatabase = async () => {
		const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
		await c.connect();
		await c.query(`drop database if exists "${name}" with (force)`);
		await c.end();
	};
	console.log(`e2e: PostgreSQL database ${name}`);
} else {
	console.log(`e2e: embedded PGlite in tmp/e2e-data-${port}`);
}

const r = spawnSync(
	process.execPath,
	['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)],
	{
		stdio: 'inherit',
		env
	}
);
if (dropDatabase) await dropDatabase();
process.exit(r.status ?? 1);
