// Signing-event import: idempotent on (source_system, source_id, signed_at), partitions made first,
// and a file with a bad row imports nothing and reports each bad row by line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { commitCertificateImport } from '../../../src/lib/server/import/certificates';
import { importSigningEvents } from '../../../src/lib/server/import/events';
import { existingPartitions } from '../../../src/lib/server/db/partitions';
import { buildImportTestPki, type ImportTestPki } from './test-pki';

let h: DbHandle;
let pki: ImportTestPki;
const who = { userId: null, actor: 'test', ip: null };
const count = async () =>
	(await sql<{ n: number }>`select count(*)::int as n from signing_events`.execute(h.db)).rows[0]!.n;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	pki = await buildImportTestPki();
	await commitCertificateImport(h.db, [{ name: 'org.der', bytes: pki.orgSyt.der }], who);
});
afterAll(async () => h?.close());

describe('signing event import', () => {
	it('imports CSV once, creating the monthly partitions, and a second run inserts nothing', async () => {
		const fp = (await h.db.selectFrom('certificates').select('fingerprint_sha256').executeTakeFirstOrThrow())
			.fingerprint_sha256;
		const csv = [
			'source_system,source_id,signed_at,certificate_fingerprint,channel,signing_form,document_number,document_agency_code',
			`qlvb,VB-1,2012-01-15 09:15:03,${fp},qlvb,org,"15/QĐ-SYT",SYT`,
			`qlvb,VB-2,2012-02-01T08:00:00+07:00,${fp},email,org,"05/SYT-VP",SYT`,
			`qlvb,VB-3,2012-02-02T23:30:00Z,${fp.toUpperCase()},dvc,,,`
		].join('\r\n');
		const before = await count();
		const first = await importSigningEvents(h.db, { name: 'events.csv', text: csv }, who);
		expect(first).toMatchObject({ rows: 3, inserted: 3, alreadyPresent: 0, errors: [] });
		expect(await count()).toBe(before + 3);
		const parts = await existingPartitions(h.db);
		expect(parts).toEqual(expect.arrayContaining(['signing_events_y201201', 'signing_events_y201202']));
		const row = await h.db
			.selectFrom('signing_events')
			.select(['signed_at', 'document_number'])
			.where('source_id', '=', 'VB-1')
			.executeTakeFirstOrThrow();
		expect(row.signed_at.toISOString()).toBe('2012-01-15T02:15:03.000Z'); // no offset: Vietnam time
		expect(row.document_number).toBe('15/QĐ-SYT');
		const second = await importSigningEvents(h.db, { name: 'events.csv', text: csv }, who);
		expect(second).toMatchObject({ rows: 3, inserted: 0, alreadyPresent: 3, errors: [] });
		expect(await count()).toBe(before + 3);
	});

	it('refuses a file with bad rows, reporting each by line, and writes nothing', async () => {
		const fp = (await h.db.selectFrom('certificates').select('fingerprint_sha256').executeTakeFirstOrThrow())
			.fingerprint_sha256;
		const lines = [
			JSON.stringify({
				source_system: 'dvc',
				source_id: 'A-1',
				signed_at: '2012-03-01T09:00:00+07:00',
				certificate_fingerprint: fp,
				channel: 'dvc'
			}),
			JSON.stringify({
				source_system: 'dvc',
				source_id: 'A-2',
				signed_at: '2012-03-01T09:00:00+07:00',
				certificate_fingerprint: fp,
				channel: 'fax'
			}),
			'{not json',
			JSON.stringify({
				source_system: 'dvc',
				source_id: 'A-4',
				signed_at: 'hôm qua',
				certificate_fingerprint: 'ab'.repeat(32),
				channel: 'dvc'
			}),
			JSON.stringify({
				source_system: 'dvc',
				source_id: 'A-5',
				signed_at: '2012-03-01T09:00:00+07:00',
				certificate_fingerprint: 'cd'.repeat(32),
				channel: 'dvc',
				document_agency_code: 'KHONGCO'
			})
		];
		const before = await count();
		const r = await importSigningEvents(h.db, { name: 'events.jsonl', text: lines.join('\n') }, who);
		expect(r.inserted).toBe(0);
		expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
		expect(r.errors[0]!.message).toBe('channel: phải là một trong: qlvb, dvc, email, portal, other');
		expect(r.errors[1]!.message).toBe('không phải JSON hợp lệ');
		expect(r.errors[2]!.message).toContain('thời điểm không hợp lệ');
		// An unknown certificate is no error (the event would be kept); an unknown agency code is.
		expect(r.errors[3]!.message).toBe('document_agency_code: không có cơ quan mã "KHONGCO"');
		expect(await count()).toBe(before);
		expect(await existingPartitions(h.db)).not.toContain('signing_events_y201203');
	});
	it('refuses in-file duplicates, impossible dates and non-object lines, each in Vietnamese', async () => {
		const fp = (await h.db.selectFrom('certificates').select('fingerprint_sha256').executeTakeFirstOrThrow())
			.fingerprint_sha256;
		const ev = (o: Record<string, unknown>) =>
			JSON.stringify({
				source_system: 'dvc',
				signed_at: '2012-04-01T09:00:00+07:00',
				certificate_fingerprint: fp,
				channel: 'dvc',
				...o
			});
		const lines = [
			ev({ source_id: 'D-1', document_number: '1/SYT' }),
			ev({ source_id: 'D-1', document_number: '2/SYT' }),
			ev({ source_id: 'D-3', signed_at: '2012-02-30T09:00:00' }),
			'[1,2]',
			ev({ source_id: 'D-5', signing_form: 'ky-nhay', source_system: undefined })
		];
		const before = await count();
		const r = await importSigningEvents(h.db, { name: 'events.jsonl', text: lines.join('\n') }, who);
		expect(r.inserted).toBe(0);
		expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
		expect(r.errors[0]!.message).toBe('source_id: trùng với dòng 1 (cùng source_system, source_id)');
		expect(r.errors[1]!.message).toBe('signed_at: ngày giờ không tồn tại: 2012-02-30T09:00:00');
		expect(r.errors[2]!.message).toBe('mỗi sự kiện phải là một đối tượng JSON ({…})');
		expect(r.errors[3]!.message).toBe(
			'signing_form: phải là một trong: own, kt, tl, tuq, tm, q, org, copy, attachment; source_system: thiếu giá trị'
		);
		expect(await count()).toBe(before);
	});

	it('refuses signing times outside the window (a mistyped year would create a partition per month)', async () => {
		const fp = (await h.db.selectFrom('certificates').select('fingerprint_sha256').executeTakeFirstOrThrow())
			.fingerprint_sha256;
		const ev = (id: string, at: string) =>
			JSON.stringify({
				source_system: 'dvc',
				source_id: id,
				signed_at: at,
				certificate_fingerprint: fp,
				channel: 'dvc'
			});
		const partitionsBefore = (await existingPartitions(h.db)).length;
		const before = await count();
		const r = await importSigningEvents(
			h.db,
			{
				name: 'events.jsonl',
				text: [ev('W-1', '1926-05-04T09:00:00+07:00'), ev('W-2', '2126-05-04T09:00:00+07:00')].join('\n')
			},
			who
		);
		expect(r.inserted).toBe(0);
		expect(r.errors.map((e) => e.line)).toEqual([1, 2]);
		expect(r.errors[0]!.message).toMatch(
			/^signed_at: 04\/05\/1926 nằm ngoài khoảng cho phép \(01\/01\/2010 đến \d{2}\/\d{2}\/\d{4}\)$/
		);
		expect(r.errors[1]!.message).toContain('04/05/2126 nằm ngoài khoảng cho phép');
		expect(await count()).toBe(before);
		expect((await existingPartitions(h.db)).length).toBe(partitionsBefore);
	});
});
