// `npm run bench -- web [--scale 1] [--connections 4] [--requests 60] [--warmup 20] [--port 5180] [--fresh]
// [--only PATH,…]`:
// the built server (`node build`, after `vite build` when the sources are newer) on PostgreSQL
// (DATABASE_URL names the server; the database is kk_bench_web, or BENCH_DB) seeded with the demo
// province at --scale (kept between runs; --fresh seeds again, and prints the seed's phases and
// time). Signs in as the province leader (lanhdao) and as Sở Y tế's officer (coquan, scoped
// view), then drives each main page over HTTP with --connections concurrent clients, --requests
// per page, after a warm-up, and prints p50/p95 per page next to a static asset of the same server
// (the floor: what any request costs before the page's own work), each page's size in KB and the
// server process's CPU time per request (Linux /proc: the Node side only, loads' JavaScript,
// serialisation and rendering, not PostgreSQL's; steadier than wall time on a busy machine).
// `/__data.json` is the overview's data without the HTML (SvelteKit runs the same loads and
// serialises their result, but renders nothing): the difference with `/` is the rendering.
// It asserts nothing.
import { parseArgs } from 'node:util';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openPostgres } from '../../src/lib/server/db/connection';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { seedDemoData, DEMO_USERS } from '../../src/lib/server/seed/demo';
import { buildIsStale } from '../../src/cli/commands/serve';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session-token';

const { values } = parseArgs({
	options: {
		scale: { type: 'string', default: '1' },
		connections: { type: 'string', default: '4' },
		requests: { type: 'string', default: '60' },
		// Rounds of every page and viewer before anything is timed: a server measured in its first requests charges
		// V8's compilation of the whole app (loads, queries, rendering) to whichever page comes first. The first
		// page's figures during these rounds are printed too.
		warmup: { type: 'string', default: '20' },
		port: { type: 'string', default: '5180' },
		fresh: { type: 'boolean', default: false },
		// Only the pages whose path contains this text (e.g. `--only /nhan-su`), to iterate on one.
		only: { type: 'string' }
	}
});
const base = process.env.DATABASE_URL;
if (!base) {
	console.error('bench web: DATABASE_URL (PostgreSQL) is required');
	process.exit(2);
}
const SCALE = Number(values.scale);
const CONNECTIONS = Number(values.connections);
const REQUESTS = Number(values.requests);
const WARMUP = Number(values.warmup);
const PORT = Number(values.port);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const dbName = process.env.BENCH_DB ?? 'kk_bench_web';
const dbUrl = new URL(base);
dbUrl.pathname = `/${dbName}`;

async function prepareDatabase(): Promise<void> {
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 1;
	let seeded = false;
	if (exists && !values.fresh) {
		const probe = new pg.Client({ connectionString: dbUrl.toString() });
		await probe.connect();
		const r = await probe
			.query(`select value #>> '{}' as scale from settings where key = 'bench.web.scale'`)
			.catch(() => ({ rows: [] as { scale: string }[] }));
		await probe.end();
		seeded = Number(r.rows[0]?.scale) === SCALE;
	}
	if (!seeded) {
		await admin.query(`drop database if exists "${dbName}" with (force)`);
		await admin.query(`create database "${dbName}"`);
	}
	await admin.end();
	if (seeded) return console.log(`database ${dbName} (scale ${SCALE}) kept from an earlier run`);
	const h = await openPostgres(dbUrl.toString());
	const outcome = await migrateToLatest(h.db);
	if (outcome.error) throw outcome.error;
	const t0 = performance.now();
	const summary = await seedDemoData(h.db, { scale: SCALE, log: (m) => console.log(`  seed: ${m}`) });
	const seconds = (performance.now() - t0) / 1000;
	console.log(
		`seeded scale ${SCALE} in ${seconds.toFixed(0)} s: ${summary.signing_events} events, ${summary.certificates} certificates`
	);
	await h.db
		.insertInto('settings')
		.values({ key: 'bench.web.scale', value: JSON.stringify(String(SCALE)) })
		.execute();
	await h.close();
}

function ensureBuild(): void {
	const root = process.cwd();
	if (!buildIsStale(root)) return;
	console.log('building (vite build) …');
	const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		stdio: ['ignore', 'ignore', 'inherit']
	});
	if (r.status !== 0) throw new Error('vite build failed');
}

async function startServer(): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['build'], {
		env: {
			...process.env,
			DATABASE_URL: dbUrl.toString(),
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN,
			KIEMKY_SCHEDULER: 'off',
			KIEMKY_LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; i < 600; i++) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
		const ok = await fetch(`${ORIGIN}/readyz`)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return child;
		await new Promise((r) => setTimeout(r, 500));
	}
	child.kill();
	throw new Error('server not ready after 5 minutes');
}

async function signIn(username: string): Promise<string> {
	const res = await fetch(`${ORIGIN}/dang-nhap`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password: DEMO_USERS.password })
	});
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (!cookie) throw new Error(`sign-in as ${username} failed (${res.status})`);
	return cookie;
}

const served: { pid?: number } = {};

/** CPU time (ms) the server process has used so far; NaN where /proc is missing. */
function serverCpuMs(): number {
	try {
		const stat = readFileSync(`/proc/${served.pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime, fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return Number.NaN;
	}
}

/** One GET: its wall time in ms, status and size. */
async function timedGet(
	pathname: string,
	cookie: string | null
): Promise<{ ms: number; status: number; bytes: number }> {
	const t = performance.now();
	const r = await fetch(`${ORIGIN}${pathname}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
	const bytes = (await r.arrayBuffer()).byteLength;
	return { ms: performance.now() - t, status: r.status, bytes };
}

const quantile = (sorted: number[], q: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(
	pathname: string,
	cookie: string | null
): Promise<{ p50: number; p95: number; status: number; bytes: number; cpu: number }> {
	let status = 0;
	let bytes = 0;
	const once = async () => {
		const r = await timedGet(pathname, cookie);
		bytes = r.bytes;
		status = r.status;
		return r.ms;
	};
	for (let i = 0; i < Math.min(5, REQUESTS); i++) await once();
	const times: number[] = [];
	const cpu0 = serverCpuMs();
	let left = REQUESTS;
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			while (left > 0) {
				left -= 1;
				times.push(await once());
			}
		})
	);
	const cpu = (serverCpuMs() - cpu0) / REQUESTS;
	times.sort((a, b) => a - b);
	return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), status, bytes, cpu };
}

// Every list page, the signing page and the overview; `admin: true` where the leader may not open
// the page (the audit log, users, job runs): the admin's session measures it in the leader's column.
const PAGES: { path: string; admin?: boolean }[] = [
	{ path: '/' },
	{ path: '/__data.json' },
	{ path: '/ky-so' },
	{ path: '/chung-thu' },
	{ path: '/chung-thu?q=nguyen%20van' },
	{ path: '/canh-bao' },
	{ path: '/co-quan' },
	{ path: '/co-quan?q=truong' },
	{ path: '/co-quan/{SYT}' },
	{ path: '/thiet-bi' },
	{ path: '/nhan-su' },
	{ path: '/nhan-su?q=nguyen%20thi' },
	{ path: '/yeu-cau' },
	{ path: '/luu-tru' },
	{ path: '/thanh-tra' },
	{ path: '/thanh-tra/dao-tao' },
	{ path: '/nhat-ky', admin: true },
	{ path: '/quan-tri/nguoi-dung', admin: true },
	{ path: '/tac-vu', admin: true }
];

await prepareDatabase();
ensureBuild();
const server = await startServer();
served.pid = server.pid;
try {
	const h = await openPostgres(dbUrl.toString());
	const syt = await h.db
		.selectFrom('agencies')
		.select('id')
		.where('code', '=', 'SYT')
		.executeTakeFirstOrThrow();
	await h.close();
	// --only takes several texts separated by commas; "/" alone (which every path contains) means the overview.
	const only = values.only?.split(',').map((t) => t.trim());
	const pages = PAGES.map((p) => ({ ...p, path: p.path.replace('{SYT}', String(syt.id)) })).filter(
		(p) =>
			!only ||
			only.some((t) => (t === '/' ? p.path === '/' || p.path === '/__data.json' : p.path.includes(t)))
	);
	const load = () =>
		loadavg()
			.map((l) => l.toFixed(1))
			.join(' ');
	console.log(
		`\nscale ${SCALE}, ${CONNECTIONS} connections, ${REQUESTS} requests per page (ms; p50 / p95); load average ${load()}`
	);
	const floor = await measure('/favicon.svg', null);
	console.log(
		`${'static /favicon.svg (floor)'.padEnd(34)} ${floor.p50.toFixed(1).padStart(7)} ${floor.p95.toFixed(1).padStart(7)}`
	);
	const viewers = [
		['lanhdao', 'province leader'],
		['coquan', 'officer, Sở Y tế']
	] as const;
	const [leader, officer, admin] = await Promise.all(['lanhdao', 'coquan', 'admin'].map((u) => signIn(u)));
	if (WARMUP > 0 && pages.length > 0) {
		// Round-robin over pages and viewers, so that no page is warmed more than another.
		const t0 = performance.now();
		const first: number[] = [];
		for (let round = 0; round < WARMUP; round++)
			for (const p of pages)
				for (const cookie of [p.admin ? admin! : leader!, officer!]) {
					const r = await timedGet(p.path, cookie);
					if (p === pages[0] && cookie === (p.admin ? admin : leader)) first.push(r.ms);
				}
		first.sort((a, b) => a - b);
		console.log(
			`warm-up: ${WARMUP} rounds of every page and viewer (${((performance.now() - t0) / 1000).toFixed(0)} s); ${pages[0]!.path} (${pages[0]!.admin ? 'admin' : 'leader'}) in them, from the server's first request: p50 ${quantile(first, 0.5).toFixed(1)}, p95 ${quantile(first, 0.95).toFixed(1)}, worst ${Math.max(...first).toFixed(1)}`
		);
	}
	console.log(`${'page'.padEnd(34)} ${viewers.map(([, l]) => l.padStart(42)).join(' ')}`);
	console.log(`${''.padEnd(34)} ${'p50     p95    size  node ms/req'.padStart(42).repeat(2)}`);
	for (const p of pages) {
		const cells: string[] = [];
		for (const cookie of [p.admin ? admin! : leader!, officer!]) {
			const m = await measure(p.path, cookie);
			// A page the viewer may not open (403, or a redirect) has no figure of its own.
			const cell =
				m.status === 200
					? `${m.p50.toFixed(1).padStart(7)} ${m.p95.toFixed(1).padStart(7)} ${`${(m.bytes / 1024).toFixed(0)} KB`.padStart(7)} ${`${m.cpu.toFixed(1)} cpu`.padStart(9)}`
					: `(${m.status})`;
			cells.push(cell.padStart(42));
		}
		console.log(`${(p.admin ? `${p.path} (admin)` : p.path).padEnd(34)} ${cells.join(' ')}`);
	}
	console.log(`load average at the end ${load()}`);
} finally {
	server.kill('SIGTERM');
}
process.exit(0);
