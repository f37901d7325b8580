// One measured phase of `npm run bench -- import-files`, run in a process of its own so that its
// peak RSS (getrusage's maxrss) is its own: generating the files, reading one with the readers
// alone, importing one end to end (readers, mapping, ingestion pipeline), or the COPY floor. Prints
// one JSON line: { rows, seconds, peakRssMb, ... }.
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { openPglite, openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import { ensureSigningEventPartitions } from '../../../src/lib/server/db/partitions';
import { ingestSigningEvents } from '../../../src/lib/server/import/event-ingest';
import type { IngestMode } from '../../../src/lib/server/import/ingest-types';
import { exportFileOnDisk } from '../../../src/lib/server/import/event-upload/disk-file';
import { readFileShape } from '../../../src/lib/server/import/event-upload/file-shape';
import { toRecords } from '../../../src/lib/server/import/mapping/event-records';
import { ENCODING_LABELS } from '../../../src/lib/server/import/readers/decoder';
import { openTable } from '../../../src/lib/server/import/readers/table-rows';
import { detectMapping } from '../../../src/lib/server/import/mapping/column-mapping';
import { writeCopyCsv, writeCsv, writeXlsx, type Refs } from './generate';

export interface PhaseArgs {
	phase: 'generate' | 'readers' | 'import' | 'copy';
	file?: string;
	files?: { csv: string; xlsx: string; copy: string };
	rows?: number;
	refs?: Refs & { certificateIds?: number[]; agencyIds?: number[] };
	db?: { url?: string; pgliteDir?: string };
	mode?: IngestMode;
}

const args = JSON.parse(process.argv[2]!) as PhaseArgs;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function openDb(): Promise<DbHandle> {
	if (args.db?.url) return openPostgres(args.db.url, 4);
	return openPglite({ dataDir: args.db!.pgliteDir! });
}

/**
 * Empties the table between phases, so each starts from the same state. TRUNCATE fires no row or statement
 * delete triggers: the table of (source_system, source_id) keys they keep is emptied with it when it exists.
 */
async function emptyEvents(handle: DbHandle): Promise<void> {
	const keys = (
		await sql<{ t: string | null }>`select to_regclass('signing_event_keys')::text as t`.execute(handle.db)
	).rows[0]!.t;
	await sql.raw(`truncate signing_events${keys ? ', signing_event_keys' : ''}`).execute(handle.db);
}

const settings = {
	encoding: null,
	sheet: null,
	mapping: null,
	constants: {},
	mode: 'all-or-nothing' as IngestMode
};

async function run(): Promise<Record<string, unknown>> {
	const t0 = performance.now();
	const seconds = () => (performance.now() - t0) / 1000;
	if (args.phase === 'generate') {
		const { files, rows, refs } = args;
		await writeCsv(files!.csv, rows!, refs!);
		const csvSeconds = seconds();
		await writeXlsx(files!.xlsx, rows!, refs!);
		const xlsxSeconds = seconds() - csvSeconds;
		if (refs!.certificateIds) await writeCopyCsv(files!.copy, rows!, refs!);
		return { csvSeconds, xlsxSeconds };
	}
	if (args.phase === 'readers') {
		// The readers and the mapping, every record built, nothing stored (no database).
		const file = await exportFileOnDisk(args.file!);
		const table = await openTable({ ...file, encoding: file.detected ?? undefined });
		const shape = {
			format: file.format,
			headers: table.headers,
			mapping: detectMapping(table.headers),
			constants: {}
		};
		const f = { table, shape };
		let rows = 0;
		let problems = 0;
		for await (const r of toRecords(f.table.rows(), f.shape)) {
			rows++;
			if (r.problem) problems++;
		}
		return { rows, problems, seconds: seconds(), peakRssMb: peakRssMb() };
	}
	const handle = await openDb();
	try {
		if (args.phase === 'copy') {
			// The floor: PostgreSQL's COPY FROM of the same rows (ids already resolved) into the same table.
			await ensureSigningEventPartitions(
				handle.db,
				new Date('2024-12-01T00:00:00Z'),
				new Date('2026-02-01T00:00:00Z')
			);
			const t = performance.now();
			execFileSync('psql', [
				args.db!.url!,
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				`\\copy signing_events (signed_at, certificate_id, acting_title, signing_form, document_number, document_agency_id, channel, direction, source_system, source_id) from '${args.file}' with (format csv)`
			]);
			const s = (performance.now() - t) / 1000;
			const n = (await sql<{ n: number }>`select count(*)::int as n from signing_events`.execute(handle.db))
				.rows[0]!.n;
			await emptyEvents(handle);
			return { rows: n, seconds: s, method: 'psql \\copy (COPY FROM STDIN)' };
		}
		const file = await exportFileOnDisk(args.file!);
		const f = await readFileShape(handle.db, file, settings);
		if (f.problems.length) throw new Error(f.problems.map((p) => p.messageEn).join(' '));
		const t = performance.now();
		const result = await ingestSigningEvents(handle.db, toRecords(f.table.rows(), f.shape), {
			mode: args.mode ?? 'all-or-nothing',
			who: { userId: null, actor: 'bench', ip: null },
			origin: {
				kind: 'cli',
				fileName: file.fileName,
				encoding: f.encoding ? ENCODING_LABELS[f.encoding] : undefined
			}
		});
		const s = (performance.now() - t) / 1000;
		await emptyEvents(handle);
		return {
			rows: result.rows,
			inserted: result.inserted,
			rejected: result.rejected,
			committed: result.committed,
			seconds: s,
			peakRssMb: peakRssMb()
		};
	} finally {
		await handle.close();
	}
}

run().then(
	(r) => {
		console.log(JSON.stringify(r));
		process.exit(0);
	},
	(e: unknown) => {
		console.error(e);
		process.exit(1);
	}
);
