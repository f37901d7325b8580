// Benchmark of the dashboard queries at the sizes issue 2 names: 100,000 certificates and
// 10,000,000 signing events (24 monthly partitions), on PostgreSQL. Demo data (small scale) gives
// the province, people and users; certificates and events are then multiplied in SQL
// (generate_series), which takes a minute or two instead of a scale-50 seed. The database is
// kept (kiemky_bench_dash) so later runs skip the fill.
// Figures: median of 3 runs per query, and the ratio to a baseline measured in the same run:
// a count(*) over the whole signing_events table (what any query without a signed_at bound pays).
// Run: npx tsx scripts/bench/dashboard.ts [--certs 100000] [--events 10000000] [--fresh]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { openPostgres } from '../../src/lib/server/db/connection';
import { Migrator } from 'kysely';
import { migrations } from '../../migrations/index';
import { seedDemoData } from '../../src/lib/server/seed/demo';
import { ensureSigningEventPartitions } from '../../src/lib/server/db/partitions';
import type { AgencyScope } from '../../src/lib/server/auth/roles';
import { loadOverview } from '../../src/lib/server/overview/overview';
import { listCertificates, certificateFilterSchema } from '../../src/lib/server/inventory/certificate-list';
import { agencyTree } from '../../src/lib/server/inventory/agencies';
import { parseQuery } from '../../src/lib/server/inventory/filters';
import { listSigningEvents, signingByAgency, signingSeries } from '../../src/lib/server/signing/activity';
import { resolveRange, signingFilterSchema } from '../../src/lib/server/signing/filter';

const { values } = parseArgs({
	options: {
		certs: { type: 'string', default: '100000' },
		events: { type: 'string', default: '10000000' },
		fresh: { type: 'boolean', default: false },
		url: {
			type: 'string',
			default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
		}
	}
});
const CERTS = Number(values.certs);
const EVENTS = Number(values.events);
const DB_NAME = 'kiemky_bench_dash';

async function admin(text: string) {
	const c = new pg.Client({ connectionString: values.url });
	await c.connect();
	try {
		return await c.query(text);
	} finally {
		await c.end();
	}
}

const exists = (await admin(`select 1 from pg_database where datname = '${DB_NAME}'`)).rowCount === 1;
if (values.fresh && exists) await admin(`drop database ${DB_NAME} with (force)`);
if (values.fresh || !exists) await admin(`create database ${DB_NAME}`);
const url = new URL(values.url);
url.pathname = `/${DB_NAME}`;
const h = openPostgres(url.toString(), 4);
const db = h.db;

const t0 = Date.now();
// Unordered: a kept benchmark database may hold migrations numbered after ones added later.
const outcome = await new Migrator({
	db,
	provider: { getMigrations: async () => migrations },
	allowUnorderedMigrations: true
}).migrateToLatest();
if (outcome.error) throw outcome.error;
const have = await db
	.selectFrom('agencies')
	.select(sql<number>`count(*)::int`.as('n'))
	.executeTakeFirstOrThrow();
if (have.n === 0) {
	console.log('seeding demo data (scale 0.2) …');
	await seedDemoData(db, { scale: 0.2 });
}
const now = new Date();
const countOf = async (table: 'certificates' | 'signing_events') =>
	(
		await db
			.selectFrom(table)
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow()
	).n;

let certs = await countOf('certificates');
if (certs < CERTS) {
	console.log(`filling certificates ${certs} → ${CERTS} …`);
	// Copies of existing rows with new identities, spread over agencies, statuses and expiry dates.
	await sql`
		insert into certificates (fingerprint_sha256, serial_number, issuer_dn, subject_dn, subject_cn, kind, agency_id,
			person_id, not_before, not_after, status, revoked_at, revocation_reason, token_id, public_ca, der)
		select md5('c' || g) || md5('d' || g), 'b' || to_hex(g), src.issuer_dn, src.subject_dn, src.subject_cn || ' #' || g,
			src.kind, src.agency_id, src.person_id,
			now() - (g % 1500) * interval '1 day', now() - (g % 1500) * interval '1 day' + interval '3 years',
			case when g % 50 = 0 then 'revoked' when g % 1500 > 1095 then 'expired' else 'active' end,
			case when g % 50 = 0 then now() - interval '10 days' end, case when g % 50 = 0 then 'bench' end,
			src.token_id, false, src.der
		from generate_series(1, ${CERTS - certs}) g
		join lateral (select * from certificates c where c.id = 1 + (g % ${certs}) limit 1) src on true
	`.execute(db);
	certs = await countOf('certificates');
}
let events = await countOf('signing_events');
if (events < EVENTS) {
	console.log(`filling signing events ${events} → ${EVENTS} (24 months) …`);
	await ensureSigningEventPartitions(
		db,
		new Date(now.getTime() - 731 * 86400_000),
		new Date(now.getTime() + 40 * 86400_000)
	);
	const maxCert = (
		await db
			.selectFrom('certificates')
			.select(sql<number>`max(id)::int`.as('n'))
			.executeTakeFirstOrThrow()
	).n;
	const batch = 1_000_000;
	for (let done = events; done < EVENTS; done += batch) {
		const n = Math.min(batch, EVENTS - done);
		await sql`
			insert into signing_events (signed_at, certificate_id, signing_form, channel, document_number, source_system, source_id)
			select now() - (random() * 730) * interval '1 day', c.id,
				(array['own','kt','tl','org','copy'])[1 + (g % 5)], (array['qlvb','qlvb','qlvb','dvc','email','portal'])[1 + (g % 6)],
				g || '/QĐ-BENCH', 'bench', ${String(done)} || '-' || g
			from generate_series(1, ${n}) g
			join certificates c on c.id = 1 + ((g::bigint * 7919) % ${maxCert})
		`.execute(db);
		console.log(`  … ${done + n}`);
	}
	await sql`analyze`.execute(db);
	events = await countOf('signing_events');
}
console.log(
	`data ready in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${certs} certificates, ${events} signing events`
);

async function median(label: string, fn: () => Promise<unknown>): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < 3; i++) {
		const s = performance.now();
		await fn();
		times.push(performance.now() - s);
	}
	const m = times.sort((a, b) => a - b)[1]!;
	return m;
}

const ALL: AgencyScope = { kind: 'all' };
const syt = await db
	.selectFrom('agencies')
	.select(['id', 'path'])
	.where('code', '=', 'SYT')
	.executeTakeFirstOrThrow();
const SYT: AgencyScope = { kind: 'subtree', agencyId: syt.id, path: syt.path };
const cf = (q: Record<string, string>) => parseQuery(certificateFilterSchema, new URLSearchParams(q)).value;
const sf = (q: Record<string, string>) => parseQuery(signingFilterSchema, new URLSearchParams(q)).value;
const year = resolveRange({}, now);
const month = resolveRange({ from: year.to.slice(0, 8) + '01', to: year.to }, now);

const baseline = await median('baseline', () => sql`select count(*) from signing_events`.execute(db));
const rows: [string, () => Promise<unknown>][] = [
	['overview, province (12 months)', () => loadOverview(db, ALL, new URLSearchParams(), now)],
	['overview, Sở Y tế officer', () => loadOverview(db, SYT, new URLSearchParams(), now)],
	['certificates: page 1, default sort', () => listCertificates(db, ALL, cf({}), now)],
	['certificates: search "nguyễn"', () => listCertificates(db, ALL, cf({ q: 'nguyễn' }), now)],
	[
		'certificates: expiring 30 days, page 20',
		() => listCertificates(db, ALL, cf({ expiring: '30', page: '20' }), now)
	],
	[
		'certificates: Sở Y tế subtree, by name',
		() => listCertificates(db, SYT, cf({ sort: 'subject_cn' }), now)
	],
	['agency tree with counts', () => agencyTree(db, ALL)],
	['signing: monthly series, 12 months', () => signingSeries(db, ALL, sf({}), year, 'month')],
	['signing: daily series, this month', () => signingSeries(db, ALL, sf({}), month, 'day')],
	['signing: by agency, 12 months', () => signingByAgency(db, ALL, sf({}), year)],
	['signing: Sở Y tế monthly series', () => signingSeries(db, SYT, sf({}), year, 'month')],
	[
		'  same monthly series from the events (no summary)',
		() =>
			sql`select to_char(date_trunc('month', signed_at), 'YYYY-MM') m, channel, count(*) from signing_events where signed_at >= ${year.start} and signed_at < ${year.end} group by 1, 2`.execute(
				db
			)
	],
	['signing: event list page 1', () => listSigningEvents(db, ALL, sf({}), year)],
	[
		'signing: event list, channel dvc, officer',
		() => listSigningEvents(db, SYT, sf({ channel: 'dvc' }), year)
	]
];
console.log(
	`\nbaseline: count(*) over all ${events.toLocaleString('en')} signing events: ${baseline.toFixed(0)} ms\n`
);
console.log('query'.padEnd(46) + 'median ms'.padStart(10) + '  × baseline');
for (const [label, fn] of rows) {
	const ms = await median(label, fn);
	console.log(label.padEnd(46) + ms.toFixed(0).padStart(10) + '  ' + (ms / baseline).toFixed(2));
}
await h.close();
