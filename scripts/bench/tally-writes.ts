// `npm run bench -- tally-writes [--rows N]`: what the certificate and device tallies' triggers
// (migrations 2026_12_13_0100, _0110, _0120: agency_certificate_tally, agency_active_certificates,
// agency_token_tally) add to the writes of a certificate import and a subscriber list, on BENCH_DB
// (a seeded database; DATABASE_URL names the server). N certificates inserted (copies of the
// database's own rows, new fingerprint and serial, linked to their agencies), then N devices each
// with the custody event that hands it to a person of an agency: one row per statement, as
// commitCertificateImport and writeSubscribers wrote until 06/12/2026, and many rows a statement,
// as they write since. Each once with every trigger and once with the tallies' triggers disabled
// (the other roll-ups' triggers stay), alternating, median of 3, each round in a transaction rolled
// back so that every round starts from the same state. Prints µs per row and the ratio. It asserts
// nothing.
import { loadavg } from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';
import { openPostgres } from '../../src/lib/server/db/connection';
import type { Database } from '../../src/lib/server/db/schema';

const base = process.env.DATABASE_URL;
const dbName = process.env.BENCH_DB;
if (!base || !dbName) {
	console.error('bench tally-writes: DATABASE_URL and BENCH_DB (a seeded database) are required');
	process.exit(2);
}
const at = process.argv.indexOf('--rows');
const rows = at > 0 ? Number(process.argv[at + 1]) : 2000;
const url = new URL(base);
url.pathname = `/${dbName}`;
const handle = openPostgres(url.toString(), 2);
const db = handle.db;

const CERTIFICATE_TALLIES: Record<string, string[]> = {
	certificates: [
		'agency_certificate_tally_insert',
		'agency_certificate_tally_delete',
		'agency_certificate_tally_update',
		'agency_active_certificates_insert',
		'agency_active_certificates_delete',
		'agency_active_certificates_update'
	]
};
const TOKEN_TALLIES: Record<string, string[]> = {
	tokens: ['agency_token_tally_insert', 'agency_token_tally_delete'],
	token_custody_state: ['agency_token_tally_insert', 'agency_token_tally_delete', 'agency_token_tally_update']
};

class Rollback extends Error {}

async function disable(trx: Transaction<Database>, triggers: Record<string, string[]>): Promise<void> {
	for (const [table, names] of Object.entries(triggers))
		for (const name of names)
			await sql`alter table ${sql.table(table)} disable trigger ${sql.ref(name)}`.execute(trx);
}

/** Runs `write` in a transaction that is rolled back; the time of `write` alone, in ms. */
async function timed(
	tallies: Record<string, string[]> | null,
	write: (trx: Transaction<Database>) => Promise<void>
): Promise<number> {
	let ms = 0;
	try {
		await db.transaction().execute(async (trx) => {
			if (tallies) await disable(trx, tallies);
			const t0 = performance.now();
			await write(trx);
			ms = performance.now() - t0;
			throw new Rollback();
		});
	} catch (e) {
		if (!(e instanceof Rollback)) throw e;
	}
	return ms;
}

// The columns of a certificate row copied as they are (the rest: id, generated and folded columns, set by defaults).
async function certificateColumns(k: Kysely<Database>): Promise<string[]> {
	const { rows: cols } = await sql<{ column_name: string }>`
		select column_name from information_schema.columns
		where table_schema = 'public' and table_name = 'certificates'
			and is_generated = 'NEVER' and is_identity = 'NO' and column_default is null and column_name not in ('fingerprint_sha256', 'serial_number')
		order by ordinal_position`.execute(k);
	return cols.map((c) => c.column_name);
}

async function main(): Promise<void> {
	const cols = await certificateColumns(db);
	const sources = (
		await db
			.selectFrom('certificates')
			.select('id')
			.where('agency_id', 'is not', null)
			.where('status', '=', 'active')
			.orderBy('id')
			.limit(rows)
			.execute()
	).map((r) => r.id);
	const holders = await db
		.selectFrom('people')
		.select(['id', 'agency_id'])
		.where('agency_id', 'is not', null)
		.orderBy('id')
		.limit(rows)
		.execute();
	if (sources.length < rows || holders.length < rows) {
		console.error(
			`bench tally-writes: BENCH_DB holds fewer than ${rows} certificates or people; seed it first`
		);
		process.exit(2);
	}
	const list = sql.join(cols.map((c) => sql.ref(c)));
	const certificates = async (trx: Transaction<Database>) => {
		for (let i = 0; i < rows; i++)
			await sql`insert into certificates (fingerprint_sha256, serial_number, ${list})
				select md5(${`bench ${i}`}) || md5(${`bench ${i} b`}), ${`bench-${i}`}, ${list}
				from certificates where id = ${sources[i]!}`.execute(trx);
	};
	const devices = async (trx: Transaction<Database>) => {
		for (let i = 0; i < rows; i++) {
			const t = await trx
				.insertInto('tokens')
				.values({ serial: `BENCH-${i}`, device_type: 'pki_token' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('token_custody_events')
				.values({
					token_id: t.id,
					event: 'handed_over',
					occurred_at: new Date(),
					to_person_id: holders[i]!.id,
					agency_id: holders[i]!.agency_id,
					recorded_by: 'bench',
					note: 'bench'
				})
				.execute();
		}
	};
	// As the imports write since 06/12/2026: many rows a statement (certificates 500, devices and custody events 1,000).
	const certificatesBatched = async (trx: Transaction<Database>) => {
		for (let i = 0; i < rows; i += 500) {
			const ids = sources.slice(i, i + 500);
			await sql`insert into certificates (fingerprint_sha256, serial_number, ${list})
				select md5('bench ' || (s.i + ${i})) || md5('bench ' || (s.i + ${i}) || ' b'), 'bench-' || (s.i + ${i}), ${list}
				from unnest(${ids}::int[]) with ordinality s(id, i) join certificates c on c.id = s.id`.execute(trx);
		}
	};
	const devicesBatched = async (trx: Transaction<Database>) => {
		for (let i = 0; i < rows; i += 1000) {
			const n = Math.min(1000, rows - i);
			const tokens = await trx
				.insertInto('tokens')
				.values(
					Array.from({ length: n }, (_, k) => ({
						serial: `BENCH-${i + k}`,
						device_type: 'pki_token' as const
					}))
				)
				.returning('id')
				.execute();
			await trx
				.insertInto('token_custody_events')
				.values(
					tokens.map((t, k) => ({
						token_id: t.id,
						event: 'handed_over' as const,
						occurred_at: new Date(),
						to_person_id: holders[i + k]!.id,
						agency_id: holders[i + k]!.agency_id,
						recorded_by: 'bench',
						note: 'bench'
					}))
				)
				.execute();
		}
	};
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
	const lines: string[] = [];
	for (const [label, tallies, write] of [
		['certificates, one INSERT each', CERTIFICATE_TALLIES, certificates],
		['certificates, 500 a statement', CERTIFICATE_TALLIES, certificatesBatched],
		['devices + custody events, two INSERTs each', TOKEN_TALLIES, devices],
		['devices + custody events, 1,000 a statement', TOKEN_TALLIES, devicesBatched]
	] as const) {
		await timed(null, write); // warm-up: caches, plans
		const withTallies: number[] = [];
		const without: number[] = [];
		for (let round = 0; round < 3; round++) {
			withTallies.push(await timed(null, write));
			without.push(await timed(tallies, write));
		}
		const a = (median(withTallies) * 1000) / rows;
		const b = (median(without) * 1000) / rows;
		lines.push(
			`${label.padEnd(44)} with the tallies ${a.toFixed(0).padStart(5)} µs/row   without ${b.toFixed(0).padStart(5)} µs/row   ${(a / b).toFixed(2)}×  (+${(a - b).toFixed(0)} µs/row)`
		);
	}
	console.log(
		`Kiểm Ký: tally write cost on ${dbName}, ${rows} rows a round (load average ${loadavg()
			.map((x) => x.toFixed(1))
			.join(' ')})`
	);
	for (const l of lines) console.log(l);
}

try {
	await main();
} finally {
	await handle.close();
}
