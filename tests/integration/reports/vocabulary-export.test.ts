// The list exports from the database say what the screen says: certificates, signing events and
// devices holding every value of their lists, exported through writeListExport (the code behind
// /bao-cao/xuat), read back from the xlsx and compared cell by cell with the label StatusBadge
// renders for each value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import { screenLabel } from '../../helpers/screen-label';
import { cellTexts, columnUnder, reread } from '../../helpers/workbook-read';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { writeListExport } from '../../../src/lib/server/reports/ad-hoc-export';
import {
	CERT_KINDS,
	CERT_STATUSES,
	CHANNELS,
	DEVICE_KINDS,
	DIRECTIONS,
	SIGNING_FORMS,
	TOKEN_STATUSES,
	type ListName
} from '../../../src/lib/domain';

const cycle = <T>(values: readonly T[], n: number): T[] =>
	Array.from({ length: n }, (_, i) => values[i % values.length]!);

const N_CERTS = 12; // every certificate kind with every status
const N_EVENTS = SIGNING_FORMS.length;
const N_TOKENS = TOKEN_STATUSES.length;

let h: DbHandle;
let certificateId: number;

beforeAll(async () => {
	h = await openTestDb();
	const db = h.db;
	await db
		.insertInto('agencies')
		.values({ id: 1, code: 'SYT', name: 'Sở Y tế', kind: 'province', parent_id: null, path: '/1/' })
		.execute();
	const { id: personId } = await db
		.insertInto('people')
		.values({ agency_id: 1, full_name: 'Nguyễn Văn A', title: 'Giám đốc' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const kinds = cycle(CERT_KINDS, N_CERTS);
	const statuses = cycle(CERT_STATUSES, N_CERTS);
	const ids = await db
		.insertInto('certificates')
		.values(
			kinds.map((kind, i) => ({
				fingerprint_sha256: `vocab${String(i).padStart(2, '0')}`.padEnd(64, 'f'),
				serial_number: `vocab${String(i).padStart(2, '0')}`,
				issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2',
				subject_dn: `CN=Từ vựng ${i}`,
				subject_cn: `Từ vựng ${String(i).padStart(2, '0')}`,
				kind,
				agency_id: 1,
				not_before: new Date('2025-01-01T00:00:00Z'),
				// The list's default order is by expiry: one day apart keeps the insertion order.
				not_after: new Date(Date.UTC(2027, 0, 1 + i)),
				status: statuses[i]!,
				revoked_at: statuses[i] === 'revoked' ? new Date('2026-06-01T00:00:00Z') : null,
				der: new Uint8Array([0x30, 0x00])
			}))
		)
		.returning('id')
		.execute();
	certificateId = ids[0]!.id;
	const forms = cycle(SIGNING_FORMS, N_EVENTS);
	await db
		.insertInto('signing_events')
		.values(
			forms.map((signing_form, i) => ({
				// Newest first in the export: event i is i minutes older than event 0.
				signed_at: new Date(Date.UTC(2026, 7, 10, 3, 0) - i * 60_000),
				certificate_id: certificateId,
				signing_form,
				document_number: `${i}/QĐ-TV`,
				channel: cycle(CHANNELS, N_EVENTS)[i]!,
				direction: cycle(DIRECTIONS, N_EVENTS)[i]!,
				source_system: 'vocabulary-test',
				source_id: String(i)
			}))
		)
		.execute();
	for (const [i, status] of TOKEN_STATUSES.entries())
		await insertToken(db, {
			serial: `TV-${i}`,
			agencyId: 1,
			holderPersonId: status === 'in_stock' || status === 'returned' ? null : personId,
			status,
			deviceType: cycle(DEVICE_KINDS, N_TOKENS)[i]!
		});
});
afterAll(async () => {
	await h.close();
});

async function exportSheet(list: string, params: Record<string, string>) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	const { rows } = await writeListExport(
		h.db,
		{
			list,
			params: new URLSearchParams(params),
			scope: { kind: 'all' },
			now: new Date('2026-12-04T09:00:00+07:00')
		},
		out
	);
	return { rows, ws: (await reread(Buffer.concat(chunks))).worksheets[0]! };
}

function expectScreenLabels(list: ListName, values: readonly string[], cells: string[]): void {
	expect(cells, `${list}: workbook cells`).toEqual(values.map((v) => screenLabel(list, v)));
}

describe('list exports from the database', () => {
	it('certificates: kind and status as on screen', async () => {
		const { rows, ws } = await exportSheet('certificates', { q: 'Từ vựng', status: 'replaced' });
		expect(rows).toBe(N_CERTS / CERT_STATUSES.length);
		const all = await exportSheet('certificates', { q: 'Từ vựng' });
		expect(all.rows).toBe(N_CERTS);
		expectScreenLabels('certKind', cycle(CERT_KINDS, N_CERTS), columnUnder(all.ws, 'Loại', N_CERTS));
		expectScreenLabels(
			'certStatus',
			cycle(CERT_STATUSES, N_CERTS),
			columnUnder(all.ws, 'Tình trạng', N_CERTS)
		);
		expect(cellTexts(ws)).toContain(`Tình trạng: ${screenLabel('certStatus', 'replaced')}`);
	});

	it('signing events: form, channel and direction as on screen', async () => {
		const { rows, ws } = await exportSheet('signing-events', {
			from: '2026-08-01',
			to: '2026-08-31',
			certificate: String(certificateId)
		});
		expect(rows).toBe(N_EVENTS);
		expectScreenLabels('form', SIGNING_FORMS, columnUnder(ws, 'Hình thức', N_EVENTS));
		expectScreenLabels('channel', cycle(CHANNELS, N_EVENTS), columnUnder(ws, 'Kênh', N_EVENTS));
		expectScreenLabels('direction', cycle(DIRECTIONS, N_EVENTS), columnUnder(ws, 'Chiều', N_EVENTS));
	});

	it('devices: kind and status as on screen', async () => {
		const { rows, ws } = await exportSheet('tokens', { q: 'TV-' });
		expect(rows).toBe(N_TOKENS);
		expectScreenLabels(
			'deviceType',
			cycle(DEVICE_KINDS, N_TOKENS),
			columnUnder(ws, 'Loại thiết bị', N_TOKENS)
		);
		expectScreenLabels('tokenStatus', TOKEN_STATUSES, columnUnder(ws, 'Tình trạng', N_TOKENS));
	});
});
