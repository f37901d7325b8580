// `npm run bench -- signing-explain [--runs 5] [--all]`: EXPLAIN ANALYZE of the signing statements the
// heavy pages send (`/ky-so` and `/co-quan/4` aggregates, the overview `/`), for the province
// leader and Sở Y tế's officer, on the database DATABASE_URL names (e.g. the web bench's, seeded
// with `npm run bench -- web`). Runs each page's loader once with a query log, then each logged
// statement that reads a signing roll-up --runs times under EXPLAIN ANALYZE, and prints the
// median execution and planning time per statement and per page. The server's own time, without
// HTTP, rendering or the pool's wait, so a shared machine's load moves it less. Asserts nothing.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { AgencyScope } from '../../src/lib/server/auth/roles';
import { resolveRange } from '../../src/lib/server/signing/filter';
import { listSigningEvents, signingAggregates } from '../../src/lib/server/signing/activity';
import { agencyOptions } from '../../src/lib/server/inventory/agencies';
import { loadOverview } from '../../src/lib/server/overview/overview';

const { values } = parseArgs({
	options: { runs: { type: 'string', default: '5' }, all: { type: 'boolean', default: false } }
});
const RUNS = Number(values.runs);
const url = process.env.DATABASE_URL;
if (!url) {
	console.error('signing-explain: DATABASE_URL (PostgreSQL, a seeded database) is required');
	process.exit(2);
}

const logged: CompiledQuery[] = [];
const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c TimeZone=Asia/Ho_Chi_Minh' });
const db = new Kysely<Database>({
	dialect: new PostgresDialect({ pool }),
	log: (e) => {
		if (e.level === 'query') logged.push(e.query);
	}
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function explain(q: CompiledQuery): Promise<{ exec: number; plan: number }> {
	const exec: number[] = [];
	const plan: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const r = await pool.query(`explain (analyze, format json) ${q.sql}`, q.parameters as unknown[]);
		const out = (r.rows[0] as { 'QUERY PLAN': { 'Execution Time': number; 'Planning Time': number }[] })[
			'QUERY PLAN'
		][0]!;
		exec.push(out['Execution Time']);
		plan.push(out['Planning Time']);
	}
	return { exec: median(exec), plan: median(plan) };
}

/** What a logged statement answers, for the printout. */
function what(text: string): string {
	if (/with held/.test(text)) return 'agency standings';
	if (/grouping sets/.test(text)) return 'grouping sets';
	if (/date_trunc/.test(text)) return 'series';
	if (/"agencies"/.test(text) && /signing_/.test(text)) return 'by agency';
	if (/group by "s"."channel"/.test(text)) return 'by channel';
	if (/signing_/.test(text)) return 'total';
	return text.replace(/\s+/g, ' ').slice(0, 70);
}

async function page(name: string, load: () => Promise<unknown>): Promise<void> {
	logged.length = 0;
	await load();
	// --all: every statement the loader sent (the overview's certificate and finding counts too).
	const statements = logged.filter((q) =>
		values.all ? /^\s*(select|with)/i.test(q.sql) : /signing_(daily|monthly)/.test(q.sql)
	);
	let exec = 0;
	let plan = 0;
	const lines: string[] = [];
	for (const q of statements) {
		const t = await explain(q);
		exec += t.exec;
		plan += t.plan;
		const tables = [...new Set(q.sql.match(/signing_(daily|monthly)_\w+/g))].join(' + ') || '-';
		lines.push(
			`    ${t.exec.toFixed(1).padStart(8)} ${t.plan.toFixed(1).padStart(6)}  ${what(q.sql)}: ${tables}`
		);
	}
	console.log(
		`${name.padEnd(34)} ${statements.length} statements, execution ${exec.toFixed(1)} ms, planning ${plan.toFixed(1)} ms`
	);
	for (const l of lines) console.log(l);
}

const all: AgencyScope = { kind: 'all' };
const syt = await db
	.selectFrom('agencies')
	.select(['id', 'path'])
	.where('id', '=', 4)
	.executeTakeFirstOrThrow();
const officer: AgencyScope = { kind: 'subtree', agencyId: syt.id, path: syt.path };
const range = resolveRange({});
console.log(`range ${range.from} … ${range.to}; ${RUNS} runs, median (ms: execution, planning)`);
// What /ky-so's load sends (with --all, the event list and the agency drop-down too).
const signingPage = (scope: AgencyScope) =>
	Promise.all([
		signingAggregates(db, scope, { bucket: 'month' }, range, 'month', 20),
		listSigningEvents(db, scope, { bucket: 'month' }, range),
		agencyOptions(db, scope)
	]);
await page('/ky-so leader', () => signingPage(all));
await page('/ky-so officer', () => signingPage(officer));
await page('/ky-so?bucket=week leader', () =>
	signingAggregates(db, all, { bucket: 'week' }, range, 'week', 20)
);
await page('/co-quan/4 (either)', () => signingAggregates(db, officer, { bucket: 'month' }, range, 'month'));
await page('/ leader', () => loadOverview(db, all, new URLSearchParams()));
await page('/ officer', () => loadOverview(db, officer, new URLSearchParams()));
await page('/?ky=y2026 leader', () => loadOverview(db, all, new URLSearchParams('ky=y2026')));
await page('/?ky=y2026 officer', () => loadOverview(db, officer, new URLSearchParams('ky=y2026')));
await db.destroy();
