// `npm run bench -- lists-explain [--runs 3] [--only /co-quan,/ky-so] [--agency SYT]`: where a list
// page's time goes, for the province leader and for an agency's officer (Sở Y tế), on the database
// DATABASE_URL names (e.g. the web bench's). Runs each page's own server load (the route's
// +page.server.ts and the root layout's, as the server runs them, through getDb()) with every SQL
// statement logged, then each statement --runs times under EXPLAIN ANALYZE, and prints per page:
// the load's wall time, the statements' execution and planning time (median), and the size of the
// data the page serialises (JSON). What is left of a page's bench time is rendering and HTTP.
// Asserts nothing.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { getDb, closeDb } from '../../src/lib/server/db';
import { scopeFor } from '../../src/lib/server/auth/sessions';
import type { AuthUser, Role } from '../../src/lib/server/auth/roles';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '3' },
		only: { type: 'string' },
		agency: { type: 'string', default: 'SYT' }
	}
});
const RUNS = Number(values.runs);
const url = process.env.DATABASE_URL;
if (!url) {
	console.error('lists-explain: DATABASE_URL (PostgreSQL, a seeded database) is required');
	process.exit(2);
}

// Every statement any pooled client runs, with its parameters.
const logged: { sql: string; params: unknown[] }[] = [];
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
	const [text, params] = args;
	if (typeof text === 'string') logged.push({ sql: text, params: Array.isArray(params) ? params : [] });
	else if (text && typeof text === 'object' && 'text' in text)
		logged.push({
			sql: String(text.text),
			params: ((text as { values?: unknown[] }).values ?? []) as unknown[]
		});
	return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const PAGES: Record<string, string> = {
	'/co-quan': 'co-quan',
	'/co-quan?q=truong': 'co-quan',
	'/ky-so': 'ky-so',
	'/chung-thu': 'chung-thu',
	'/chung-thu?q=nguyen%20van': 'chung-thu',
	'/canh-bao': 'canh-bao',
	'/thiet-bi': 'thiet-bi',
	'/nhan-su': 'nhan-su',
	'/nhan-su?q=nguyen%20thi': 'nhan-su',
	'/yeu-cau': 'yeu-cau',
	'/luu-tru': 'luu-tru',
	'/quan-tri/nguoi-dung': 'quan-tri/nguoi-dung'
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const admin = new pg.Pool({ connectionString: url, max: 2 });
async function explain(q: { sql: string; params: unknown[] }) {
	const exec: number[] = [];
	const plan: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const r = await admin.query(`explain (analyze, format json) ${q.sql}`, q.params);
		const out = (r.rows[0] as { 'QUERY PLAN': { 'Execution Time': number; 'Planning Time': number }[] })[
			'QUERY PLAN'
		][0]!;
		exec.push(out['Execution Time']);
		plan.push(out['Planning Time']);
	}
	return { exec: median(exec), plan: median(plan) };
}

async function user(username: string): Promise<AuthUser> {
	const db = await getDb();
	const u = await db
		.selectFrom('users as u')
		.leftJoin('agencies as a', 'a.id', 'u.agency_id')
		.leftJoin('user_roles as r', 'r.user_id', 'u.id')
		.select(['u.id', 'u.username', 'u.display_name', 'u.agency_id', 'a.path', 'r.role'])
		.where('u.username', '=', username)
		.execute();
	if (!u.length) throw new Error(`no user ${username}`);
	const roles = u.map((r) => r.role).filter(Boolean) as Role[];
	const first = u[0]!;
	return {
		id: first.id,
		username: first.username,
		displayName: first.display_name,
		roles,
		agencyId: first.agency_id,
		scope: scopeFor(roles, first.agency_id, first.path),
		sessionId: 'bench'
	};
}

type Load = (event: unknown) => Promise<unknown>;

async function measure(path: string, who: AuthUser) {
	const route = PAGES[path]!;
	const { load } = (await import(`../../src/routes/${route}/+page.server.ts`)) as { load: Load };
	const { load: layout } = (await import('../../src/routes/+layout.server.ts')) as { load: Load };
	const event = { locals: { user: who, lang: 'vi' }, url: new URL(`http://localhost${path}`), params: {} };
	await Promise.all([load(event), layout(event)]); // warm: the same as the bench's first requests
	logged.length = 0;
	const t0 = performance.now();
	const [data] = await Promise.all([load(event), layout(event)]);
	const wall = performance.now() - t0;
	const statements = logged.filter((q) => /^\s*(select|with)/i.test(q.sql));
	const costs: { exec: number; plan: number; text: string }[] = [];
	for (const q of statements) costs.push({ ...(await explain(q)), text: q.sql.replace(/\s+/g, ' ') });
	const sum = (k: 'exec' | 'plan') => costs.reduce((s, c) => s + c[k], 0);
	const bytes = JSON.stringify(data).length;
	console.log(
		`\n${path} ${who.username}: load ${wall.toFixed(1)} ms wall, ${costs.length} statements: execution ${sum('exec').toFixed(1)} ms, planning ${sum('plan').toFixed(1)} ms; data ${(bytes / 1024).toFixed(0)} KB`
	);
	costs.sort((a, b) => b.exec - a.exec);
	for (const c of costs.slice(0, 8))
		console.log(
			`  ${c.exec.toFixed(1).padStart(8)} ${c.plan.toFixed(1).padStart(6)}  ${c.text.slice(0, 140)}`
		);
}

const db = await getDb();
const officerAgency = await db
	.selectFrom('users as u')
	.innerJoin('agencies as a', 'a.id', 'u.agency_id')
	.select('u.username')
	.where('a.code', '=', values.agency)
	.where('u.username', '=', 'coquan')
	.executeTakeFirst();
const viewers = [await user('lanhdao'), ...(officerAgency ? [await user('coquan')] : [])];
const adminUser = await user('admin');
const only = values.only?.split(',').map((t) => t.trim());
for (const path of Object.keys(PAGES).filter((p) => !only || only.some((t) => p.includes(t)))) {
	if (path.startsWith('/quan-tri')) await measure(path, adminUser);
	else for (const who of viewers) await measure(path, who);
}
await admin.end();
await closeDb();
