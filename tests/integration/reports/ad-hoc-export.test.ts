// The signing-events export's own keyset query: every event exactly once across page boundaries,
// including events that share a millisecond (the cursor keeps microseconds), newest first, scoped
// and filtered like the list; the streamed workbook has one row per event; and the bytes a reader
// receives are the bytes archived, the archive row written before the stream ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import {
	findList,
	listPages,
	startListExport,
	writeListExport
} from '../../../src/lib/server/reports/ad-hoc-export';
import { getReportContent } from '../../../src/lib/server/reports/report-archive';
import { signingExportPage } from '../../../src/lib/server/reports/export-queries';
import { signingFilterSchema } from '../../../src/lib/server/signing/filter';
import { seedReportFixtures } from './fixtures';

let h: DbHandle;
let cert: number;
beforeAll(async () => {
	h = await openTestDb();
	await seedReportFixtures(h.db);
	// A certificate of its own (Bệnh viện, agency 3), so that only these events are in the range.
	cert = (
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: 'keyset'.padEnd(64, '0'),
				serial_number: 'keyset',
				issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2',
				subject_dn: 'CN=Keyset',
				subject_cn: 'Keyset',
				kind: 'organisation',
				agency_id: 3,
				not_before: new Date('2026-01-01T00:00:00Z'),
				not_after: new Date('2028-01-01T00:00:00Z'),
				status: 'active',
				der: new Uint8Array([0x30, 0x00])
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	// 25 events, in pairs 300 µs apart inside one millisecond, plus one on a later day.
	await sql`insert into signing_events (signed_at, certificate_id, signing_form, document_number, channel, source_system, source_id)
		select timestamptz '2026-08-10 09:00:00.123100+07' + make_interval(secs => (g / 2) * 60 + (g % 2) * 0.0003),
			${cert}, 'own', g::text || '/QĐ-KEYSET', 'qlvb', 'keyset-test', g::text
		from generate_series(0, 23) g`.execute(h.db);
	await sql`insert into signing_events (signed_at, certificate_id, signing_form, document_number, channel, source_system, source_id)
		values (timestamptz '2026-08-12 10:00:00+07', ${cert}, 'kt', 'LAST/QĐ-KEYSET', 'dvc', 'keyset-test', 'last')`.execute(
		h.db
	);
});
afterAll(async () => {
	await h.close();
});

const filters = () => signingFilterSchema.parse({ from: '2026-08-01', to: '2026-08-31', certificate: cert });

describe('signing-events export', () => {
	it('pages by keyset without losing events that share a millisecond', async () => {
		const seen: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const page = await signingExportPage(h.db, { kind: 'all' }, filters(), cursor, 4);
			seen.push(...page.rows.map((r) => r.document_number!));
			cursor = page.next;
			pages++;
		} while (cursor);
		const expected = await sql<{ d: string }>`select document_number as d from signing_events
			where certificate_id = ${cert} and signed_at >= '2026-08-01T00:00:00+07' and signed_at < '2026-09-01T00:00:00+07'
			order by signed_at desc, id desc`.execute(h.db);
		expect(seen).toEqual(expected.rows.map((r) => r.d));
		expect(seen[0]).toBe('LAST/QĐ-KEYSET');
		expect(new Set(seen).size).toBe(seen.length);
		expect(pages).toBeGreaterThan(6);
	});

	it('labels the rows and honours the scope', async () => {
		const list = findList('signing-events');
		const all: Record<string, unknown>[] = [];
		for await (const page of listPages(h.db, { kind: 'all' }, list, filters(), 7)) all.push(...page);
		expect(all[0]).toMatchObject({
			document_number: 'LAST/QĐ-KEYSET',
			signing_form: 'KT. (ký thay)',
			direction: 'Đi'
		});
		const count = async (agencyId: number, path: string) => {
			let n = 0;
			for await (const page of listPages(h.db, { kind: 'subtree', agencyId, path }, list, filters(), 7))
				n += page.length;
			return n;
		};
		expect(await count(2, '/1/2/')).toBe(25); // Sở Y tế sees its Bệnh viện
		expect(await count(4, '/1/4/')).toBe(0); // Sở Tài chính does not
	});

	it('writes one sheet row per event', async () => {
		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c: Buffer) => chunks.push(c));
		const params = new URLSearchParams({ from: '2026-08-01', to: '2026-08-31', certificate: String(cert) });
		const r = await writeListExport(h.db, { list: 'signing-events', params, scope: { kind: 'all' } }, out);
		const n = await sql<{
			n: number;
		}>`select count(*)::int as n from signing_events where certificate_id = ${cert}
			and signed_at >= '2026-08-01T00:00:00+07' and signed_at < '2026-09-01T00:00:00+07'`.execute(h.db);
		expect(r.rows).toBe(n.rows[0]!.n);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const docs: unknown[] = [];
		wb.worksheets[0]!.eachRow((row) => {
			const v = row.getCell(8).value;
			if (typeof v === 'string' && v.endsWith('/QĐ-KEYSET')) docs.push(v);
		});
		expect(docs).toHaveLength(25);
	});

	it('streams to the reader the bytes it archives, and ends only once they are archived', async () => {
		const params = new URLSearchParams({ from: '2026-08-01', to: '2026-08-31', certificate: String(cert) });
		const exp = startListExport(h.db, {
			list: 'signing-events',
			params,
			scope: { kind: 'all' },
			actor: 'test'
		});
		const chunks: Buffer[] = [];
		for await (const chunk of exp.body) chunks.push(chunk as Buffer);
		// The stream has ended: the report must already be in the archive.
		const archivedAtEnd = await h.db
			.selectFrom('generated_reports')
			.select(['id', 'parameters'])
			.where('file_name', '=', exp.fileName)
			.orderBy('id', 'desc')
			.executeTakeFirst();
		const { report, content } = await exp.archived;
		expect(archivedAtEnd).toMatchObject({ id: report.id });
		const received = Buffer.concat(chunks);
		expect(received.equals(content)).toBe(true);
		const stored = await getReportContent(h.db, { kind: 'all' }, report.id);
		expect(Buffer.from(stored!.content).equals(received)).toBe(true);
		expect(report.sizeBytes).toBe(received.byteLength);
		expect(report.parameters).toMatchObject({ list: 'signing-events', rows: 25 });
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(received as unknown as ArrayBuffer);
		expect(wb.worksheets[0]!.rowCount).toBeGreaterThan(25);
	});

	it('checks the list before a byte is written, and archives nothing when the reader goes away', async () => {
		expect(() =>
			startListExport(h.db, { list: 'nope', params: new URLSearchParams(), scope: { kind: 'all' } })
		).toThrow(/Không có danh sách/);
		const before = await sql<{ n: number }>`select count(*)::int as n from generated_reports`.execute(h.db);
		const exp = startListExport(h.db, {
			list: 'signing-events',
			params: new URLSearchParams({ from: '2026-08-01', to: '2026-08-31' }),
			scope: { kind: 'all' }
		});
		exp.body.destroy(); // the browser closed the download
		await expect(exp.archived).rejects.toThrow();
		const after = await sql<{ n: number }>`select count(*)::int as n from generated_reports`.execute(h.db);
		expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
	});
});
