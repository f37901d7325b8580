// The one ingestion pipeline of signing events: all-or-nothing against valid-rows, idempotency by
// (source_system, source_id) whatever the signing time of a resend, duplicates within one input
// (also across chunks, through the staging table), rejected records and progress kept with the
// run outside the import's transaction, and a reader that dies mid-way leaving nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { ingestSigningEvents, INGEST_CHUNK } from '../../../src/lib/server/import/event-ingest';
import type { RawEventRecord } from '../../../src/lib/server/import/ingest-types';
import { countEvents, ingestFixtures, records, sytEvent, who, type IngestFixtures } from './ingest-fixtures';

let h: DbHandle;
let f: IngestFixtures;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	f = await ingestFixtures(h.db);
});
afterAll(async () => h?.close());

const run = (id: number) =>
	h.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const rejections = (id: number) =>
	h.db
		.selectFrom('import_run_rejections')
		.select(['line', 'field', 'message_vi', 'message_en', 'values'])
		.where('run_id', '=', id)
		.orderBy('line')
		.orderBy('id')
		.execute();
const stageTables = async () =>
	(
		await sql<{
			n: number;
		}>`select count(*)::int as n from pg_class where relname like 'import_stage_%'`.execute(h.db)
	).rows[0]!.n;

describe('modes', () => {
	const mixed = () => [
		sytEvent(f, 'M-1'),
		sytEvent(f, 'M-2', { signed_at: '2026-02-30T09:00:00' }),
		sytEvent(f, 'M-3', { channel: 'fax' }),
		sytEvent(f, 'M-1', { document_number: 'again' }),
		sytEvent(f, 'M-5', { acting_person_national_id: '000000000000' }),
		sytEvent(f, 'M-6', { document_agency_code: 'KHONGCO' }),
		sytEvent(f, 'M-7')
	];

	it('all-or-nothing refuses the whole input, reports every error, and keeps the rejections with the run', async () => {
		const r = await ingestSigningEvents(h.db, records(mixed()), {
			mode: 'all-or-nothing',
			who,
			origin: { kind: 'upload', fileName: 'hon-hop.csv', encoding: 'UTF-8' }
		});
		expect(r).toMatchObject({ rows: 7, inserted: 0, alreadyPresent: 0, rejected: 5, committed: false });
		expect(r.errors.map((e) => [e.line, e.field])).toEqual([
			[2, 'signed_at'],
			[3, 'channel'],
			[4, 'source_id'],
			[5, 'acting_person_national_id'],
			[6, 'document_agency_code']
		]);
		expect(r.errors[0]).toMatchObject({
			messageVi: 'ngày giờ không tồn tại: 2026-02-30T09:00:00',
			messageEn: 'no such date or time: 2026-02-30T09:00:00'
		});
		expect(r.errors[2]).toMatchObject({
			code: 'DUPLICATE',
			messageVi: 'trùng với dòng 1 (cùng source_system, source_id)'
		});
		expect(await countEvents(h.db, 'QLVB-TEST')).toBe(0);
		expect(await run(r.runId)).toMatchObject({
			status: 'rejected',
			origin: 'upload',
			file_name: 'hon-hop.csv',
			encoding: 'UTF-8',
			mode: 'all-or-nothing',
			rows_read: 7,
			inserted: 0,
			rejected: 5
		});
		const kept = await rejections(r.runId);
		expect(kept.map((k) => k.line)).toEqual([2, 3, 4, 5, 6]);
		expect(kept[1]).toMatchObject({
			field: 'channel',
			message_vi: 'phải là một trong: qlvb, dvc, email, portal, other',
			message_en: 'must be one of: qlvb, dvc, email, portal, other',
			values: expect.objectContaining({ source_id: 'M-3', channel: 'fax' })
		});
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id', 'details'])
			.where('action', '=', 'signing_event.import')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.entity_id).toBe(String(r.runId));
		expect(audit.details).toMatchObject({
			runId: r.runId,
			status: 'rejected',
			rejected: 5,
			origin: 'upload'
		});
	});

	it('valid-rows stores the valid events and reports each rejected one', async () => {
		const r = await ingestSigningEvents(h.db, records(mixed()), {
			mode: 'valid-rows',
			who,
			origin: { kind: 'cli' }
		});
		expect(r).toMatchObject({ rows: 7, inserted: 2, alreadyPresent: 0, rejected: 5, committed: true });
		expect(await countEvents(h.db, 'QLVB-TEST')).toBe(2);
		const stored = await h.db
			.selectFrom('signing_events')
			.select(['source_id', 'document_number', 'certificate_id', 'document_agency_id', 'signed_at'])
			.where('source_system', '=', 'QLVB-TEST')
			.orderBy('source_id')
			.execute();
		expect(stored.map((s) => s.source_id)).toEqual(['M-1', 'M-7']);
		// The first of two lines with one key is kept, never the later one.
		expect(stored[0]).toMatchObject({
			document_number: 'M-1/SYT-VP',
			certificate_id: f.sytCert.id,
			document_agency_id: f.syt.id
		});
		expect(stored[0]!.signed_at.toISOString()).toBe('2025-06-10T02:15:03.000Z');
		expect(await run(r.runId)).toMatchObject({
			status: 'committed',
			inserted: 2,
			rejected: 5,
			mode: 'valid-rows'
		});
		expect(await stageTables()).toBe(0);
	});
});

describe('idempotency by (source_system, source_id)', () => {
	it('a repeated input changes nothing and says how many were already there, even with another signing time', async () => {
		const batch = [sytEvent(f, 'I-1'), sytEvent(f, 'I-2', { channel: 'email' })];
		const opts = { mode: 'all-or-nothing' as const, who, origin: { kind: 'api' as const } };
		const first = await ingestSigningEvents(h.db, records(batch), opts);
		expect(first).toMatchObject({ inserted: 2, alreadyPresent: 0, committed: true });
		const summaryBefore = await sql<{
			n: number;
		}>`select coalesce(sum(n), 0)::int as n from signing_daily_summary`.execute(h.db);
		const again = await ingestSigningEvents(h.db, records(batch), opts);
		expect(again).toMatchObject({ inserted: 0, alreadyPresent: 2, committed: true, errors: [] });
		const moved = batch.map((e) => ({
			...e,
			signed_at: '2025-07-01T10:00:00+07:00',
			document_number: 'changed'
		}));
		const resent = await ingestSigningEvents(h.db, records(moved), opts);
		expect(resent).toMatchObject({ inserted: 0, alreadyPresent: 2, committed: true });
		const rows = await h.db
			.selectFrom('signing_events')
			.select(['document_number', 'signed_at'])
			.where('source_id', 'in', ['I-1', 'I-2'])
			.execute();
		expect(rows.map((r) => r.document_number).sort()).toEqual(['I-1/SYT-VP', 'I-2/SYT-VP']);
		const summaryAfter = await sql<{
			n: number;
		}>`select coalesce(sum(n), 0)::int as n from signing_daily_summary`.execute(h.db);
		expect(summaryAfter.rows[0]!.n).toBe(summaryBefore.rows[0]!.n);
	});

	it('the key table refuses a second event of one source record whoever writes it', async () => {
		const e = await h.db
			.selectFrom('signing_events')
			.selectAll()
			.where('source_id', '=', 'I-1')
			.executeTakeFirstOrThrow();
		const { id: _, imported_at: __, ...copy } = e;
		await expect(
			h.db
				.insertInto('signing_events')
				.values({ ...copy, signed_at: new Date('2025-08-01T00:00:00Z') })
				.execute()
		).rejects.toThrow(/signing_event_keys/);
	});
});

describe('large inputs', () => {
	const many = (n: number, from = 0, prefix = 'L') =>
		Array.from({ length: n }, (_, i) =>
			sytEvent(f, `${prefix}-${from + i}`, {
				source_system: 'QLVB-BIG',
				signed_at: new Date(Date.parse('2025-01-01T00:00:00Z') + (from + i) * 60_000).toISOString()
			})
		);

	it('streams more than one chunk through the staging table, finds a duplicate across chunks, and reports progress', async () => {
		const progress: number[] = [];
		const rowsReadSeen: number[] = [];
		const total = INGEST_CHUNK + 1500;
		const db = h.db;
		async function* input(): AsyncGenerator<RawEventRecord> {
			const events = many(total);
			events[total - 1] = sytEvent(f, 'L-3', { source_system: 'QLVB-BIG' });
			for (const [i, values] of events.entries()) {
				if (i === INGEST_CHUNK + 10) {
					const running = await db
						.selectFrom('import_runs')
						.select(['rows_read', 'status'])
						.orderBy('id', 'desc')
						.executeTakeFirstOrThrow();
					rowsReadSeen.push(running.rows_read);
					expect(running.status).toBe('running');
				}
				yield { line: i + 2, values };
			}
		}
		const r = await ingestSigningEvents(db, input(), {
			mode: 'valid-rows',
			who,
			origin: { kind: 'upload', fileName: 'lon.csv' },
			onProgress: (n) => progress.push(n)
		});
		expect(r).toMatchObject({ rows: total, inserted: total - 1, rejected: 1, committed: true });
		expect(r.errors).toEqual([
			expect.objectContaining({
				line: total + 1,
				field: 'source_id',
				messageVi: 'trùng với dòng 5 (cùng source_system, source_id)'
			})
		]);
		expect(progress).toEqual([INGEST_CHUNK, total]);
		expect(rowsReadSeen).toEqual([INGEST_CHUNK]);
		expect(await countEvents(db, 'QLVB-BIG')).toBe(total - 1);
		expect(await stageTables()).toBe(0);
	});

	it('a reader that throws mid-way leaves nothing stored, the run failed and no staging table behind', async () => {
		const before = await countEvents(h.db, 'QLVB-BIG');
		function* broken(): Generator<RawEventRecord> {
			// Past two chunks, so the staging table holds the first ones when the reader dies.
			const events = many(2 * INGEST_CHUNK + 500, 100_000);
			for (const [i, values] of events.entries()) {
				if (i === 2 * INGEST_CHUNK + 100) throw new Error('tệp bị cắt giữa chừng');
				yield { line: i + 1, values };
			}
		}
		await expect(
			ingestSigningEvents(h.db, broken(), {
				mode: 'valid-rows',
				who,
				origin: { kind: 'upload', fileName: 'cut.csv' }
			})
		).rejects.toThrow('tệp bị cắt giữa chừng');
		expect(await countEvents(h.db, 'QLVB-BIG')).toBe(before);
		const last = await h.db
			.selectFrom('import_runs')
			.selectAll()
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(last).toMatchObject({
			status: 'failed',
			file_name: 'cut.csv',
			inserted: 0,
			error: 'tệp bị cắt giữa chừng'
		});
		expect(last.rows_read).toBe(2 * INGEST_CHUNK);
		expect(await stageTables()).toBe(0);
		const audit = await h.db
			.selectFrom('audit_log')
			.select('details')
			.where('action', '=', 'signing_event.import')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.details).toMatchObject({ runId: last.id, status: 'failed' });
	});

	it('keeps at most the configured errors in the result but counts them all', async () => {
		const bad = Array.from({ length: 30 }, (_, i) => sytEvent(f, `E-${i}`, { channel: 'fax' }));
		const r = await ingestSigningEvents(h.db, records(bad), {
			mode: 'all-or-nothing',
			who,
			origin: { kind: 'cli' },
			maxErrors: 10
		});
		expect(r).toMatchObject({ rejected: 30, errorsTruncated: true, committed: false });
		expect(r.errors).toHaveLength(10);
		expect(await rejections(r.runId)).toHaveLength(30);
	});
});

describe('what the schema refuses', () => {
	it('refuses an empty input, control characters and times outside the window, each by field', async () => {
		const empty = await ingestSigningEvents(h.db, [], { mode: 'valid-rows', who, origin: { kind: 'cli' } });
		expect(empty).toMatchObject({
			rows: 0,
			committed: false,
			errors: [expect.objectContaining({ messageVi: 'không có sự kiện nào để nhập' })]
		});
		const r = await ingestSigningEvents(
			h.db,
			records([
				sytEvent(f, 'S-1', { document_number: 'a\u0000b' }),
				sytEvent(f, 'S-2', { signed_at: '1926-05-04T09:00:00+07:00' }),
				sytEvent(f, 'S-3', { certificate_fingerprint: undefined }),
				sytEvent(f, 'S-4', { accepted: true }),
				[1, 2] as unknown as Record<string, unknown>
			]),
			{ mode: 'all-or-nothing', who, origin: { kind: 'api' } }
		);
		expect(r.errors.map((e) => [e.line, e.field, e.messageEn])).toEqual([
			[1, 'document_number', 'contains control characters'],
			[
				2,
				'signed_at',
				expect.stringMatching(/^04\/05\/1926 is outside the accepted range \(01\/01\/2010 to /)
			],
			[3, 'certificate_fingerprint', 'certificate_fingerprint or certificate_serial is required'],
			[
				4,
				'direction',
				'incoming_indication and accepted apply to incoming documents only (direction = incoming)'
			],
			[5, null, 'each event must be a JSON object ({…})']
		]);
	});

	it('keeps a rejected record whose text or keys jsonb cannot hold (a lone surrogate, a NUL in a key)', async () => {
		const r = await ingestSigningEvents(
			h.db,
			records([
				// Refused for their time; their values are kept with the refusal.
				sytEvent(f, 'S-1', { document_number: 'a\ud800b', signed_at: '1926-05-04T09:00:00+07:00' }),
				{ ...sytEvent(f, 'S-2', { signed_at: '1926-05-04T09:00:00+07:00' }), 'x\u0000y': 'z\udc00' }
			]),
			{ mode: 'valid-rows', who, origin: { kind: 'api' } }
		);
		expect(r.errors.map((e) => e.field)).toEqual(['signed_at', 'signed_at']);
		const kept = (await rejections(r.runId)) as { values: Record<string, unknown> | null }[];
		expect(kept.length).toBe(r.errors.length);
		const text = JSON.stringify(kept.map((k) => k.values));
		expect(text).not.toMatch(/\\u0000|\\ud800|\\udc00/i);
		expect(text).toContain('a\ufffdb');
	});
});
