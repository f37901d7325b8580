// `npm run bench -- overview-explain [--runs 3] [--query ky=y2026] [--agency SYT]`: what each
// statement of the overview `/` and of an agency's page `/co-quan/[id]` costs, for the province
// leader and for Sở Y tế's officer, on the database DATABASE_URL names (e.g. the web bench's,
// seeded with `npm run bench -- web`). Runs each page's loader once with a query log (the page's
// own statements: the loader, the agency drop-down, the header's bell), then every logged
// statement --runs times under EXPLAIN ANALYZE, and prints the median execution time, planning
// time and JIT time per statement (timing off: per-node clocks inflate row-heavy plans), largest first (`--plan`: and the costliest one's plan). The server's own time, without HTTP,
// rendering or the pool's wait. Asserts nothing.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { AgencyScope } from '../../src/lib/server/auth/roles';
import { agencyAuditLists, getAgency } from '../../src/lib/server/inventory/agencies';
import { agencyFilterChoices } from '../../src/lib/server/inventory/agency-choices';
import { loadOverview } from '../../src/lib/server/overview/overview';
import { overviewFigures } from '../../src/lib/server/overview/queries';
import { DORMANT_SHOWN, RANKED_SHOWN, SILENT_SHOWN } from '../../src/lib/server/overview/page-data';
import { resolveRange } from '../../src/lib/server/signing/filter';
import { signingAggregates } from '../../src/lib/server/signing/activity';
import { agencyHistory } from '../../src/lib/server/organisation/agencies';
import { unreadCount } from '../../src/lib/server/notifications/centre';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '3' },
		query: { type: 'string', default: '' },
		agency: { type: 'string', default: 'SYT' },
		// Print the text plan of each page's costliest statement.
		plan: { type: 'boolean', default: false },
		// Every statement without JIT, as the page runs its adoption statement (set local jit = off).
		'no-jit': { type: 'boolean', default: false }
	}
});
const RUNS = Number(values.runs);
const url = process.env.DATABASE_URL;
if (!url) {
	console.error('overview-explain: DATABASE_URL (PostgreSQL, a seeded database) is required');
	process.exit(2);
}

const logged: CompiledQuery[] = [];
const pool = new pg.Pool({
	connectionString: url,
	max: 10,
	options: `-c TimeZone=Asia/Ho_Chi_Minh${values['no-jit'] ? ' -c jit=off' : ''}`
});
const db = new Kysely<Database>({
	dialect: new PostgresDialect({ pool }),
	log: (e) => {
		if (e.level === 'query') logged.push(e.query);
	}
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Cost {
	exec: number;
	plan: number;
	jit: number;
}

async function explain(q: CompiledQuery): Promise<Cost> {
	const runs: Cost[] = [];
	for (let i = 0; i < RUNS; i++) {
		const r = await pool.query(
			`explain (analyze, timing off, format json) ${q.sql}`,
			q.parameters as unknown[]
		);
		const out = (
			r.rows[0] as {
				'QUERY PLAN': {
					'Execution Time': number;
					'Planning Time': number;
					JIT?: { Timing: { Total: number } };
				}[];
			}
		)['QUERY PLAN'][0]!;
		runs.push({
			exec: out['Execution Time'],
			plan: out['Planning Time'],
			jit: out.JIT?.Timing.Total ?? 0
		});
	}
	return {
		exec: median(runs.map((r) => r.exec)),
		plan: median(runs.map((r) => r.plan)),
		jit: median(runs.map((r) => r.jit))
	};
}

async function page(name: string, load: () => Promise<unknown>): Promise<void> {
	logged.length = 0;
	const t0 = performance.now();
	await load();
	const wall = performance.now() - t0;
	const statements = logged.filter((q) => /^\s*(select|with)/i.test(q.sql));
	const rows: { cost: Cost; text: string }[] = [];
	for (const q of statements) rows.push({ cost: await explain(q), text: q.sql.replace(/\s+/g, ' ') });
	const sum = (k: keyof Cost) => rows.reduce((s, r) => s + r.cost[k], 0);
	console.log(
		`\n${name}: ${rows.length} statements, loader ${wall.toFixed(1)} ms wall; execution ${sum('exec').toFixed(1)} ms, planning ${sum('plan').toFixed(1)} ms, of it JIT ${sum('jit').toFixed(1)} ms`
	);
	rows.sort((a, b) => b.cost.exec - a.cost.exec);
	if (values.plan && rows[0]) {
		const top = statements.find((q) => q.sql.replace(/\s+/g, ' ') === rows[0]!.text)!;
		const r = await pool.query(`explain (analyze, buffers) ${top.sql}`, top.parameters as unknown[]);
		console.log(r.rows.map((x: Record<string, string>) => `    | ${x['QUERY PLAN']}`).join('\n'));
	}
	for (const r of rows)
		console.log(
			`  ${r.cost.exec.toFixed(1).padStart(8)} ${r.cost.plan.toFixed(1).padStart(6)} ${r.cost.jit.toFixed(1).padStart(6)}  ${r.text.slice(0, 150)}`
		);
}

const all: AgencyScope = { kind: 'all' };
const target = await db
	.selectFrom('agencies')
	.select(['id', 'path'])
	.where('code', '=', values.agency)
	.executeTakeFirstOrThrow();
const officer: AgencyScope = { kind: 'subtree', agencyId: target.id, path: target.path };
const leaderUser = await db
	.selectFrom('users')
	.select('id')
	.where('username', '=', 'lanhdao')
	.executeTakeFirst();
const params = new URLSearchParams(values.query);
console.log(
	`/${values.query ? `?${values.query}` : ''} and /co-quan/${target.id}; ${RUNS} runs, median (ms: execution, planning, JIT)`
);

const overviewPage = (scope: AgencyScope) => () =>
	Promise.all([
		// The page's own call: the agencies' shortlist (+page.server.ts), not every agency (the workbook's).
		loadOverview(db, scope, params, new Date(), {
			ranked: RANKED_SHOWN,
			silent: SILENT_SHOWN,
			dormant: DORMANT_SHOWN
		}),
		agencyFilterChoices(db, scope, 'inventory', null),
		leaderUser ? unreadCount(db, leaderUser.id) : null
	]);
// What /co-quan/[id]'s load sends (without the edit forms' agency choices: leaders and officers
// do not get them).
const agencyPage = (viewer: AgencyScope) => async () => {
	const agency = await getAgency(db, viewer, target.id);
	if (!agency) throw new Error('agency not visible');
	const scope: AgencyScope = { kind: 'subtree', agencyId: agency.id, path: agency.path };
	const range = resolveRange({});
	await Promise.all([
		agencyAuditLists(db, agency.id),
		overviewFigures(db, scope),
		signingAggregates(db, scope, { bucket: 'month' }, range, 'month'),
		agencyHistory(db, agency.id)
	]);
};
await page('/ leader', overviewPage(all));
await page('/ officer', overviewPage(officer));
await page(`/co-quan/${target.id} leader`, agencyPage(all));
await page(`/co-quan/${target.id} officer`, agencyPage(officer));
await db.destroy();
