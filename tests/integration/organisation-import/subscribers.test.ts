// Importing the CA's subscriber list: certificates already in the inventory get their holder,
// managing agency and key device; each new device gets its first custody event; serials the
// inventory lacks are reported per row and skipped; re-importing changes nothing; a new holder
// becomes a hand-over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { applyImportFile, previewImportFile } from '../../../src/lib/server/organisation-import';
import { importedRows } from './snapshot';
import { CERT_NOT_BEFORE, insertCertificate, PUBLIC_CA } from './inventory';
import {
	day,
	organisationFile,
	PROVINCE_AGENCIES,
	PROVINCE_PEOPLE,
	subscriberFile,
	type SubscriberCells
} from './workbooks';

const NOW = new Date('2026-11-20T03:00:00Z');
const who = { userId: null, actor: 'admin', ip: null };
let h: DbHandle;
const cert: Record<string, number> = {};
const person: Record<string, number> = {};
const agency: Record<string, number> = {};

beforeAll(async () => {
	h = await openTestDb();
	await applyImportFile(
		h.db,
		'organisation',
		{ name: 'to-chuc.xlsx', bytes: await organisationFile(PROVINCE_AGENCIES, PROVINCE_PEOPLE) },
		who,
		{ now: NOW }
	);
	for (const p of await h.db.selectFrom('people').select(['id', 'national_id']).execute())
		person[p.national_id!] = p.id;
	for (const a of await h.db.selectFrom('agencies').select(['id', 'code']).execute()) agency[a.code] = a.id;
	cert.hung = await insertCertificate(h.db, { serial: '5e00a1', cn: 'Nguyễn Văn Hùng', kind: 'individual' });
	cert.syt = await insertCertificate(h.db, { serial: '5e00a2', cn: 'Sở Y tế', kind: 'organisation' });
	cert.tam = await insertCertificate(h.db, { serial: '5e00a3', cn: 'Lê Minh Tâm', kind: 'individual' });
	cert.hoa = await insertCertificate(h.db, { serial: '5e00a4', cn: 'Phạm Thị Hoa', kind: 'individual' });
	cert.hoaPublic = await insertCertificate(h.db, {
		serial: '5e00a4',
		cn: 'Phạm Thị Hoa',
		kind: 'individual',
		issuer: PUBLIC_CA
	});
	cert.unlisted = await insertCertificate(h.db, { serial: '5e00a9', cn: 'Sở KH&CN', kind: 'organisation' });
	cert.expired = await insertCertificate(h.db, {
		serial: '5e00aa',
		cn: 'Cũ',
		kind: 'organisation',
		status: 'expired'
	});
});
afterAll(async () => h?.close());

let rows: SubscriberCells[] = [
	['5E 00 A1', null, 'Nguyễn Văn Hùng', '082000000001', 'SYT', 'TK-0001', 'Token PKI', '05/01/2025'],
	['5e00a2', null, 'Trần Thị Lan', '082000000002', 'SYT', 'TK-0002', 'token pki', null],
	['05E00A3', null, 'Lê Minh Tâm', '082000000003', 'BVDK', 'SIM-0003', 'SIM PKI', day(2025, 2, 10)],
	['5e00a4', 'Ban Cơ yếu Chính phủ', 'Phạm Thị Hoa', '082000000004', 'SKHCN', 'HSM-01', 'HSM', null],
	['ffff01', null, 'Võ Thành Nam', '087000000005', 'P-CAOLANH', 'TK-0009', 'Token PKI', null]
];
const file = async () => ({ name: 'thue-bao.xlsx', bytes: await subscriberFile(rows) });

describe('subscriber list import', () => {
	it('links certificates to holders, agencies and devices, issuing each new device to its holder', async () => {
		const f = await file();
		const preview = await previewImportFile(h.db, 'subscribers', f, NOW);
		expect(preview.errors).toBe(0);
		expect(preview.issues).toEqual([
			expect.objectContaining({
				severity: 'warning',
				sheet: 'Thuê bao',
				row: 5,
				column: 'D',
				message: expect.stringContaining('Nghỉ hưu (từ 30/06/2026)')
			}),
			expect.objectContaining({
				severity: 'warning',
				sheet: 'Thuê bao',
				row: 6,
				column: 'A',
				header: 'Số hiệu chứng thư',
				message: expect.stringContaining('chưa có trong kho')
			})
		]);
		expect(preview.counts.subscriber).toEqual({ new: 4, changed: 0, unchanged: 0, missing: 2 });
		expect(preview.missing.map((m) => m.key).sort()).toEqual(['5e00a4', '5e00a9']);
		expect(preview.entries.find((e) => e.key === '5E 00 A1')?.changes).toEqual([
			{ field: 'Người giữ chứng thư', before: null, after: 'Nguyễn Văn Hùng' },
			{ field: 'Cơ quan', before: null, after: 'SYT' },
			{ field: 'Thiết bị', before: null, after: 'TK-0001 (mới)' },
			{ field: 'Loại thiết bị', before: null, after: 'Token PKI' },
			{ field: 'Người giữ thiết bị', before: null, after: 'Nguyễn Văn Hùng' }
		]);

		await applyImportFile(h.db, 'subscribers', f, who, { now: NOW });
		const tokens = await h.db.selectFrom('tokens').selectAll().orderBy('serial').execute();
		expect(tokens.map((t) => [t.serial, t.device_type])).toEqual([
			['HSM-01', 'hsm'],
			['SIM-0003', 'sim_pki'],
			['TK-0001', 'pki_token'],
			['TK-0002', 'pki_token']
		]);
		// The holder lives in the custody events only (another part of the app derives it from them).
		for (const t of tokens) expect((t as Record<string, unknown>).holder_person_id ?? null).toBeNull();
		const tokenId = Object.fromEntries(tokens.map((t) => [t.serial, t.id]));
		const events = await h.db.selectFrom('token_custody_events').selectAll().orderBy('token_id').execute();
		expect(
			events.map((e) => [
				e.token_id,
				e.event,
				e.to_person_id,
				e.agency_id,
				e.occurred_at.toISOString(),
				e.recorded_by
			])
		).toEqual(
			[
				[
					tokenId['TK-0001'],
					'issued',
					person['082000000001'],
					agency.SYT,
					'2025-01-04T17:00:00.000Z',
					'admin'
				],
				[
					tokenId['TK-0002'],
					'issued',
					person['082000000002'],
					agency.SYT,
					CERT_NOT_BEFORE.toISOString(),
					'admin'
				],
				[
					tokenId['SIM-0003'],
					'issued',
					person['082000000003'],
					agency.BVDK,
					'2025-02-09T17:00:00.000Z',
					'admin'
				],
				[
					tokenId['HSM-01'],
					'issued',
					person['082000000004'],
					agency.SKHCN,
					CERT_NOT_BEFORE.toISOString(),
					'admin'
				]
			].sort((a, b) => Number(a[0]) - Number(b[0]))
		);
		const certs = await h.db
			.selectFrom('certificates')
			.select(['id', 'person_id', 'agency_id', 'token_id'])
			.orderBy('id')
			.execute();
		const byId = Object.fromEntries(certs.map((c) => [c.id, c]));
		expect(byId[cert.hung!]).toMatchObject({
			person_id: person['082000000001'],
			agency_id: agency.SYT,
			token_id: tokenId['TK-0001']
		});
		// An organisation certificate has no person; its device is issued to the clerk.
		expect(byId[cert.syt!]).toMatchObject({
			person_id: null,
			agency_id: agency.SYT,
			token_id: tokenId['TK-0002']
		});
		expect(byId[cert.hoa!]).toMatchObject({ person_id: person['082000000004'], token_id: tokenId['HSM-01'] });
		expect(byId[cert.hoaPublic!]).toMatchObject({ person_id: null, agency_id: null, token_id: null });
		expect(
			await h.db.selectFrom('tokens').select('serial').where('serial', '=', 'TK-0009').execute()
		).toEqual([]);

		const audit = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'subscriber.import')
			.executeTakeFirstOrThrow();
		expect(audit.details).toMatchObject({
			file: 'thue-bao.xlsx',
			sha256: preview.file.sha256,
			custodyEvents: 4,
			devicesCreated: { total: 4 },
			certificatesChanged: { total: 4 }
		});
	});

	it('re-importing the same list finds every subscriber unchanged and writes nothing', async () => {
		const before = await importedRows(h.db);
		const f = await file();
		const preview = await previewImportFile(h.db, 'subscribers', f, NOW);
		expect(preview.counts.subscriber).toEqual({ new: 0, changed: 0, unchanged: 4, missing: 2 });
		await applyImportFile(h.db, 'subscribers', f, who, { now: NOW });
		expect(await importedRows(h.db)).toEqual(before);
	});

	it('records a new holder as a hand-over and a changed device kind on the device', async () => {
		rows = rows.map((r) =>
			r[0] === '5e00a2'
				? ['5e00a2', null, 'Võ Thành Nam', '087000000005', 'SYT', 'TK-0002', 'Token PKI', '01/11/2026']
				: r[0] === '05E00A3'
					? ['05E00A3', null, 'Lê Minh Tâm', '082000000003', 'BVDK', 'SIM-0003', 'Token PKI', null]
					: r
		);
		const f = await file();
		const preview = await previewImportFile(h.db, 'subscribers', f, NOW);
		expect(preview.entries.filter((e) => e.action === 'changed').map((e) => [e.key, e.changes])).toEqual([
			['5e00a2', [{ field: 'Người giữ thiết bị', before: 'Trần Thị Lan', after: 'Võ Thành Nam' }]],
			['05E00A3', [{ field: 'Loại thiết bị', before: 'SIM PKI', after: 'Token PKI' }]]
		]);
		await applyImportFile(h.db, 'subscribers', f, who, { now: NOW });
		const tk2 = await h.db
			.selectFrom('tokens')
			.select('id')
			.where('serial', '=', 'TK-0002')
			.executeTakeFirstOrThrow();
		const events = await h.db
			.selectFrom('token_custody_events')
			.select(['event', 'from_person_id', 'to_person_id', 'occurred_at'])
			.where('token_id', '=', tk2.id)
			.orderBy('occurred_at')
			.execute();
		expect(events).toEqual([
			{
				event: 'issued',
				from_person_id: null,
				to_person_id: person['082000000002'],
				occurred_at: CERT_NOT_BEFORE
			},
			{
				event: 'handed_over',
				from_person_id: person['082000000002'],
				to_person_id: person['087000000005'],
				occurred_at: new Date('2026-10-31T17:00:00Z')
			}
		]);
		expect(
			await h.db
				.selectFrom('tokens')
				.select('device_type')
				.where('serial', '=', 'SIM-0003')
				.executeTakeFirstOrThrow()
		).toEqual({ device_type: 'pki_token' });
		// The organisation certificate still has no person.
		expect(
			await h.db
				.selectFrom('certificates')
				.select('person_id')
				.where('id', '=', cert.syt!)
				.executeTakeFirstOrThrow()
		).toEqual({ person_id: null });
	});
});
