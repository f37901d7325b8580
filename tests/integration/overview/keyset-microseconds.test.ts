// The signing-event list pages by (signed_at, id) at the database's microsecond precision: events
// that share a millisecond must not be skipped at a page boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { ensureSigningEventPartitions } from '../../../src/lib/server/db/partitions';
import { listSigningEvents } from '../../../src/lib/server/signing/activity';
import { resolveRange, signingFilterSchema } from '../../../src/lib/server/signing/filter';
import { parseQuery } from '../../../src/lib/server/inventory/filters';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
	const a = await h.db
		.insertInto('agencies')
		.values({ code: 'P', name: 'Tỉnh thử', kind: 'province', path: '/' })
		.returning('id')
		.executeTakeFirstOrThrow();
	await h.db
		.updateTable('agencies')
		.set({ path: `/${a.id}/` })
		.execute();
	const c = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: 'f1',
			serial_number: '01',
			issuer_dn: 'CN=CA',
			subject_dn: 'CN=Tỉnh thử',
			subject_cn: 'Tỉnh thử',
			kind: 'organisation',
			agency_id: a.id,
			not_before: new Date('2025-01-01T00:00:00Z'),
			not_after: new Date('2028-01-01T00:00:00Z'),
			der: new Uint8Array([1])
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await ensureSigningEventPartitions(
		h.db,
		new Date('2026-11-01T00:00:00Z'),
		new Date('2026-11-30T00:00:00Z')
	);
	// Five events within one millisecond, ids deliberately out of time order.
	for (const [i, us] of [900, 100, 500, 300, 700].entries())
		await sql`insert into signing_events (id, signed_at, certificate_id, signing_form, channel, document_agency_id, source_system, source_id)
			values (${100 - i}, ${`2026-11-10 03:00:00.000${us}+00`}::timestamptz, ${c.id}, 'org', 'qlvb', ${a.id}, 'test', ${`e${i}`})`.execute(
			h.db
		);
});
afterAll(async () => h?.close());

describe('signing event keyset paging', () => {
	it('returns every event once when pages split a millisecond', async () => {
		const range = resolveRange({ from: '2026-11-01', to: '2026-11-20' }, new Date('2026-11-21T00:00:00Z'));
		const seen: number[] = [];
		let cursor: string | null = null;
		do {
			const f = parseQuery(signingFilterSchema, new URLSearchParams(cursor ? { cursor } : {})).value;
			const page: Awaited<ReturnType<typeof listSigningEvents>> = await listSigningEvents(
				h.db,
				{ kind: 'all' },
				f,
				range,
				2
			);
			seen.push(...page.rows.map((r) => r.id));
			cursor = page.nextCursor;
		} while (cursor);
		expect(seen).toEqual([100, 96, 98, 97, 99]);
	});

	it('ignores a malformed cursor instead of failing', async () => {
		const range = resolveRange({ from: '2026-11-01', to: '2026-11-20' }, new Date('2026-11-21T00:00:00Z'));
		const f = { ...parseQuery(signingFilterSchema, new URLSearchParams()).value, cursor: 'not-a-cursor_1' };
		const page = await listSigningEvents(h.db, { kind: 'all' }, f, range, 10);
		expect(page.rows).toHaveLength(5);
	});
});
