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
const freshPort = String(Number(port) + 1);
const dropDatabases = [];

// Two servers: one on the demo data (most specs), one on an empty database started with
// KIEMKY_DEMO=0 (the fresh-deployment specs), whose first administrator is made with the CLI as
// an operator would (README: "Outside demo mode there is no default password").
async function freshDatabase(suffix) {
	const base = new URL(process.env.DATABASE_URL);
	const name = `${base.pathname.slice(1) || 'postgres'}_${suffix}`;
	const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
	await admin.connect();
	await admin.query(`drop database if exists "${name}" with (force)`);
	await admin.query(`create database "${name}"`);
	await admin.end();
	dropDatabases.push(async () => {
		const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
		await c.connect();
		await c.query(`drop database if exists "${name}" with (force)`);
		await c.end();
	});
	const url = new URL(process.env.DATABASE_URL);
	url.pathname = `/${name}`;
	console.log(`e2e: PostgreSQL database ${name}`);
	return url.toString();
}

rmSync(`tmp/e2e-data-${port}`, { recursive: true, force: true });
rmSync(`tmp/e2e-data-${freshPort}`, { recursive: true, force: true });
const freshEnv = { ...process.env, KIEMKY_DEMO: '0' };
if (process.env.DATABASE_URL) {
	env.KIEMKY_E2E_DATABASE_URL = await freshDatabase(`e2e_${port}`);
	env.KIEMKY_E2E_FRESH_DATABASE_URL = await freshDatabase(`e2e_${freshPort}`);
	freshEnv.DATABASE_URL = env.KIEMKY_E2E_FRESH_DATABASE_URL;
} else {
	console.log(`e2e: embedded PGlite in tmp/e2e-data-${port} and tmp/e2e-data-${freshPort}`);
	freshEnv.DATABASE_URL = '';
	freshEnv.KIEMKY_DATA_DIR = `tmp/e2e-data-${freshPort}`;
}

function cli(args, input) {
	const out = spawnSync(process.execPath, ['bin/kiem-ky.js', ...args], {
		env: freshEnv,
		input,
		encoding: 'utf8'
	});
	if (out.status !== 0) {
		console.error(`e2e: kiem-ky ${args.join(' ')} failed:\n${out.stdout}${out.stderr}`);
		process.exit(1);
	}
}
cli(['migrate']);
cli(
	[
		'user',
		'add',
		'--username',
		'quantri',
		'--name',
		'Quản trị hệ thống',
		'--role',
		'admin',
		'--password-stdin'
	],
	'KiemKy@Fresh2026'
);
env.KIEMKY_E2E_FRESH_PORT = freshPort;

const r = spawnSync(
	process.execPath,
	['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)],
	{
		stdio: 'inherit',
		env
	}
);
for (const drop of dropDatabases) await drop();
process.exit(r.status ?? 1);
