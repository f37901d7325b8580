// The upload on /ky-so/nhap: an export in UTF-8 (with or without BOM) or UTF-16 imports, the
// encoding is reported, a file in another encoding or of another kind is refused with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { decodeExport, importEventUpload } from '../../../src/lib/server/import/event-upload';
import { isAppError } from '../../../src/lib/errors';

let h: DbHandle;
let fp: string;
const who = { userId: null, actor: 'baocao', ip: null };
const count = async () =>
	(await sql<{ n: number }>`select count(*)::int as n from signing_events`.execute(h.db)).rows[0]!.n;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	fp = (await h.db.selectFrom('certificates').select('fingerprint_sha256').executeTakeFirstOrThrow())
		.fingerprint_sha256;
});
afterAll(async () => h?.close());

const csv = (id: string) =>
	`source_system,source_id,signed_at,certificate_fingerprint,channel,acting_title\nqlvb,${id},2026-11-03 09:15:00,${fp},qlvb,Phó Giám đốc`;

describe('signing-event upload', () => {
	it('reads UTF-8, UTF-8 with BOM and UTF-16 LE, and keeps the Vietnamese text', () => {
		const text = 'Phó Giám đốc';
		expect(decodeExport(new TextEncoder().encode(text))).toEqual({ text, encoding: 'UTF-8' });
		const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
		expect(decodeExport(bom)).toEqual({ text, encoding: 'UTF-8 (BOM)' });
		const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
		expect(decodeExport(utf16)).toEqual({ text, encoding: 'UTF-16 LE' });
	});

	it('imports an upload once and says which encoding it read', async () => {
		const before = await count();
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv('UP-1'))]);
		const r = await importEventUpload(h.db, { name: 'qlvb.csv', bytes }, who);
		expect(r).toMatchObject({ inserted: 1, alreadyPresent: 0, errors: [], encoding: 'UTF-8 (BOM)' });
		const again = await importEventUpload(h.db, { name: 'qlvb.csv', bytes }, who);
		expect(again).toMatchObject({ inserted: 0, alreadyPresent: 1 });
		expect(await count()).toBe(before + 1);
		const row = await h.db
			.selectFrom('signing_events')
			.select('acting_title')
			.where('source_id', '=', 'UP-1')
			.executeTakeFirstOrThrow();
		expect(row.acting_title).toBe('Phó Giám đốc');
	});

	it('refuses a file in a legacy 8-bit encoding, a spreadsheet and an empty file, storing nothing', async () => {
		const before = await count();
		// "Phó" in Windows-1258 is not valid UTF-8.
		const cp1258 = new Uint8Array([...new TextEncoder().encode(csv('UP-2').slice(0, -12)), 0x50, 0x68, 0xf3]);
		for (const [name, bytes, message] of [
			['old.csv', cp1258, /không ở mã UTF-8/],
			['events.xlsx', new Uint8Array([0x50, 0x4b, 3, 4]), /Chỉ nhận tệp CSV/],
			['empty.csv', new Uint8Array(), /tệp rỗng/]
		] as const) {
			const outcome = await importEventUpload(h.db, { name, bytes }, who).catch((e: unknown) => e);
			expect(isAppError(outcome), name).toBe(true);
			expect((outcome as Error).message).toMatch(message);
		}
		expect(await count()).toBe(before);
	});
});
