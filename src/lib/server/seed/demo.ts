// Demo data for a first start and for benchmarks: deterministic from a seed. This module orchestrates; the
// province, its certificates, events, archive and planted problems are built by the modules beside it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { hashPassword } from '../auth/passwords';
import type { Role } from '../auth/roles';
import { AppError } from '../../errors';
import { ensureSigningEventPartitions } from '../db/partitions';
import { HolidayCalendar, addDays } from './calendar';
import { startOfVietnamDay, vietnamDay } from '../../time/vietnam';
import { writeSettings } from '../settings/store';
import { buildWorld } from './build-world';
import { createDemoCrls, createDemoPki, issueLeaves } from './demo-pki';
import { resetIdentities, writeCertificates, writeCrls, writeOrganisation } from './write-world';
import { eventSink } from './event-sink';
import { bulkEventLoad } from './bulk-event-load';
import { withOwnSession } from '../db/own-session';
import { deferRollups, rebuildRollups, type RollupDifference } from '../rollups/rollups';
import { withIndexesDeferred } from '../db/deferred-indexes';
import { seedArchive } from './build-archive';
import { seedInspectionsAndTrainings } from './build-inspections';
import { DocumentNumbers, SourceIds, buildBaseEvents } from './build-events';

export interface SeedOptions {
	/** Size multiplier: 1 ≈ 2,000 certificates and 200,000 signing events. */
	scale?: number;
	seed?: number;
	log?: (message: string) => void;
	/** The day the data ends (defaults to now): certificates, events and deadlines are placed relative to it. */
	now?: Date;
	/** How the events are written: 'auto' streams them through COPY where the database is PostgreSQL (opened by
	 * openPostgres) and inserts them in large batches elsewhere; 'insert' always inserts (the two give the same rows). */
	eventWrites?: 'auto' | 'insert';
}

/**
 * The demo accounts' addresses: a reserved test domain (RFC 2606, RFC 6761 ".test"), which no real
 * mail system delivers to, so a demo with SMTP configured never writes to a real person.
 */
export const DEMO_MAIL_DOMAIN = 'kiemky.test';

export const DEMO_USERS = {
	password: 'KiemKy@2026',
	users: [
		{
			username: 'admin',
			email: `admin@${DEMO_MAIL_DOMAIN}`,
			displayName: 'Nguyễn Văn Quản',
			roles: ['admin'],
			agency: null,
			label: 'Quản trị hệ thống'
		},
		{
			username: 'thanhtra',
			email: `thanhtra@${DEMO_MAIL_DOMAIN}`,
			displayName: 'Trần Thị Thanh',
			roles: ['inspector'],
			agency: null,
			label: 'Thanh tra, kiểm tra'
		},
		{
			username: 'lanhdao',
			email: `lanhdao@${DEMO_MAIL_DOMAIN}`,
			displayName: 'Lê Minh Đạo',
			roles: ['leader'],
			agency: null,
			label: 'Lãnh đạo (chỉ xem)'
		},
		{
			username: 'baocao',
			email: `baocao@${DEMO_MAIL_DOMAIN}`,
			displayName: 'Phạm Thu Hà',
			roles: ['report_staff'],
			agency: null,
			label: 'Cán bộ báo cáo'
		},
		{
			username: 'coquan',
			email: `coquan@${DEMO_MAIL_DOMAIN}`,
			displayName: 'Võ Thị Vân',
			roles: ['agency_officer'],
			agency: 'SYT',
			label: 'Cán bộ Sở Y tế (chỉ thấy cơ quan mình)'
		}
	] satisfies {
		username: string;
		email: string;
		displayName: string;
		roles: Role[];
		agency: string | null;
		label: string;
	}[]
};

export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
	const row = await db
		.selectFrom('agencies')
		.select(sql<number>`count(*)::int`.as('n'))
		.executeTakeFirstOrThrow();
	return row.n === 0;
}

export async function seedDemoUsers(db: Kysely<Database>): Promise<number> {
	const passwordHash = await hashPassword(DEMO_USERS.password);
	for (const u of DEMO_USERS.users) {
		const agency = u.agency
			? await db.selectFrom('agencies').select('id').where('code', '=', u.agency).executeTakeFirst()
			: undefined;
		const user = await db
			.insertInto('users')
			.values({
				username: u.username,
				display_name: u.displayName,
				email: u.email,
				password_hash: passwordHash,
				agency_id: agency?.id ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('user_roles')
			.values(u.roles.map((role) => ({ user_id: user.id, role })))
			.execute();
	}
	await writeSettings(db, { demo_mode: true });
	return DEMO_USERS.users.length;
}

export interface SeedSummary {
	[table: string]: number;
}

/**
 * Seeds the demo province into an empty database: agencies, people, certificates (real DER from the demo CA),
 * tokens, requests, two years of signing events, archive, planted problems, inspections, trainings, demo users.
 * Deterministic: the same seed, scale and day give the same rows.
 */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions = {}): Promise<SeedSummary> {
	const scale = options.scale ?? 1;
	const seed = options.seed ?? DEFAULT_SEED;
	if (!(scale > 0) || scale > 200)
		throw new AppError('INVALID_INPUT', `Hệ số quy mô không hợp lệ: ${scale} (cần lớn hơn 0, tối đa 200).`);
	const log = options.log ?? (() => {});
	const today = startOfVietnamDay(options.now ?? new Date());
	const timer = phaseTimer(log);

	const { world, plantedEvents } = buildWorld(scale, seed, today);
	timer(
		'plan',
		`${world.agencies.length} agencies, ${world.people.length} people, ${world.certificates.length} certificates`
	);

	const pki = await createDemoPki();
	await issueLeaves(pki, world.certificates);
	timer('certificates issued');

	await writeOrganisation(db, world);
	await writeCertificates(db, world, pki);
	await writeCrls(db, await createDemoCrls(pki, world.certificates, today));
	const eventsFrom = timer('inventory written');

	await ensureSigningEventPartitions(db, addDays(world.windowStart, -31), addDays(today, 62));
	const cal = new HolidayCalendar(vnYear(world.windowStart) - 1, vnYear(today) + 1);
	const numbers = new DocumentNumbers();
	// The roll-up triggers are off on the one session that loads the events; the roll-ups are
	// computed once from them afterwards (one grouped read instead of an upsert per batch); the
	// event indexes, references and key register are dealt with once after the load (bulkEventLoad).
	// On PostgreSQL the events stream in through COPY as they are generated (event-sink.ts).
	const events = await withOwnSession(db, async ({ db: conn, client }) => {
		await deferRollups(conn, true);
		try {
			return await bulkEventLoad(
				conn,
				async (trx) => {
					const sink = eventSink(trx, options.eventWrites === 'insert' ? null : client);
					try {
						await buildBaseEvents({ world, cal, sink, numbers, ids: new SourceIds(), seed, scale });
						for (const e of plantedEvents(numbers)) await sink.add(e);
						await sink.flush();
						timer('  events generated and sent', sink.describe());
					} catch (e) {
						await sink.abort();
						throw e;
					}
					return sink.count;
				},
				(step) => timer(`  ${step}`)
			);
		} finally {
			await deferRollups(conn, false);
		}
	});
	timer('signing events', `${events}`, eventsFrom);
	// The roll-ups are empty here and nearly as many rows as the events: their indexes and keys too are built
	// once after they are filled (the keys then check every row), in the rebuild's transaction.
	await db
		.transaction()
		.execute((trx) => withIndexesDeferred(trx, ROLLUP_TABLES, () => rebuildRollups(trx), { keys: true }));
	timer('roll-ups');

	const archived = await seedArchive(db, world, pki, cal, numbers, scale, seed);
	timer('archive', `${archived} documents`);
	await seedInspectionsAndTrainings(db, world, seed);

	await resetIdentities(db);
	const users = await seedDemoUsers(db);
	// Every page of a table just loaded is still "not all-visible", so each index-only scan of the roll-ups
	// (the overview, the lists' counts) reads the table too, and the planner has no statistics until
	// autovacuum comes by: the leader's overview at --scale 50 answered in 317 ms (p50) right after the seed
	// and in 103 ms after one `vacuum (analyze)` of 23 s (06/12/2026). Outside any transaction (VACUUM refuses
	// one): `db` is the database, not a transaction, as the roll-ups' transaction above already requires.
	await sql`vacuum (analyze)`.execute(db);
	timer('vacuum and analyze');
	return countRows(db, users);
}

export const DEFAULT_SEED = 20251220;

const ROLLUP_TABLES: readonly RollupDifference['table'][] = [
	'signing_daily_summary',
	'signing_monthly_summary',
	'signing_monthly_agency',
	'signing_monthly_agency_total',
	'certificate_daily_use',
	'certificate_last_use',
	'signing_document_state',
	'signing_event_groups'
];

function vnYear(d: Date): number {
	return Number(vietnamDay(d).slice(0, 4));
}

/** Logs a phase with the time since the previous one (or since `from`, a Date.now() taken earlier) and the
 * CPU time this process spent in it (on a shared machine the difference is mostly waiting: for the database,
 * or for a core). */
function phaseTimer(log: (m: string) => void): (phase: string, detail?: string, from?: number) => number {
	let last = Date.now();
	let cpu = process.cpuUsage();
	const marks = new Map<number, NodeJS.CpuUsage>();
	return (phase, detail, from = last) => {
		const now = Date.now();
		const since = process.cpuUsage(marks.get(from) ?? cpu);
		const cpuSeconds = (since.user + since.system) / 1e6;
		log(
			`${phase}${detail ? `: ${detail}` : ''} (${((now - from) / 1000).toFixed(1)} s, ${cpuSeconds.toFixed(1)} s CPU here)`
		);
		last = now;
		cpu = process.cpuUsage();
		marks.set(now, cpu);
		return now;
	};
}

async function countRows(db: Kysely<Database>, users: number): Promise<SeedSummary> {
	const tables = [
		'agencies',
		'people',
		'certificates',
		'tokens',
		'token_custody_events',
		'lifecycle_requests',
		'clerk_appointments',
		'signing_events',
		'archived_documents',
		'inspections',
		'trainings',
		'findings'
	] as const;
	const out: SeedSummary = {};
	for (const t of tables) {
		const r = await db
			.selectFrom(t)
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		out[t] = r.n;
	}
	out.users = users;
	return out;
}
