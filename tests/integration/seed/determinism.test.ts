// Same seed and day ⇒ the same certificates (byte for byte) and the same events; scale multiplies the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { seededDb } from './helpers';

let a: DbHandle, b: DbHandle, big: DbHandle;
let sizes: Record<string, number>[] = [];

beforeAll(async () => {
	const first = await seededDb(0.05);
	const second = await seededDb(0.05);
	const larger = await seededDb(0.1);
	[a, b, big] = [first.handle, second.handle, larger.handle];
	sizes = [first.summary, larger.summary];
}, 300_000);
afterAll(async () => {
	await Promise.all([a?.close(), b?.close(), big?.close()]);
});

async function fingerprint(h: DbHandle) {
	const certs = await h.db.selectFrom('certificates').select(['fingerprint_sha256']).orderBy('id').execute();
	const { rows } = await sql<{ n: number; digest: string }>`
		select count(*)::int as n, md5(string_agg(source_id || '|' || extract(epoch from signed_at)::bigint || '|' || certificate_id || '|' || coalesce(document_number, ''), ',' order by source_id)) as digest
		from signing_events`.execute(h.db);
	return { certs: certs.map((c) => c.fingerprint_sha256), events: rows[0] };
}

describe('demo data determinism and scale', () => {
	it('gives identical certificates and events for the same seed', async () => {
		const [x, y] = await Promise.all([fingerprint(a), fingerprint(b)]);
		expect(x.certs.length).toBeGreaterThan(100);
		expect(y.certs).toEqual(x.certs);
		expect(y.events).toEqual(x.events);
	});

	it('multiplies certificates and events with the scale', () => {
		const [small, large] = sizes as [Record<string, number>, Record<string, number>];
		expect(large.certificates! / small.certificates!).toBeGreaterThan(1.4);
		expect(large.signing_events! / small.signing_events!).toBeGreaterThan(1.4);
		expect(large.agencies!).toBeGreaterThan(small.agencies!);
	});
});
