// The schema: migrations run up and down on both databases, the generated types match the
// migrated schema, and the CHECK constraints refuse data the domain forbids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { generateDatabaseTypes } from '../../../src/lib/server/db/type-generator';
import { migrations } from '../../../migrations/index';
import { migrateDown, migrateToLatest } from '../../../src/lib/server/db/migrate';
import { ensureSigningEventPartitions, existingPartitions } from '../../../src/lib/server/db/partitions';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

describe('schema', () => {
	it('lists every migration file in migrations/index.ts', () => {
		const files = readdirSync('migrations')
			.filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_.+\.ts$/.test(f))
			.map((f) => f.replace(/\.ts$/, ''));
		expect(Object.keys(migrations).sort()).toEqual(files.sort());
	});

	it('has generated types in step with the migrated schema (run `npm run db:types` if this fails)', async () => {
		const committed = readFileSync('src/lib/server/db/schema.generated.ts', 'utf8');
		expect(await generateDatabaseTypes(h.db)).toBe(committed);
	});

	it('rolls every migration back and forward again', async () => {
		for (let i = 0; i < Object.keys(migrations).length; i++) {
			const r = await migrateDown(h.db);
			expect(r.error).toBeUndefined();
		}
		const tables = await sql<{
			n: number;
		}>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name not like 'kysely%'`.execute(
			h.db
		);
		expect(tables.rows[0]!.n).toBe(0);
		const up = await migrateToLatest(h.db);
		expect(up.error).toBeUndefined();
		expect(up.applied).toHaveLength(Object.keys(migrations).length);
	});

	it('refuses a certificate whose validity ends before it starts', async () => {
		const agency = await h.db
			.insertInto('agencies')
			.values({ code: 'X', name: 'X', kind: 'province', path: '/x/' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const insert = h.db.insertInto('certificates').values({
			fingerprint_sha256: 'aa',
			serial_number: '01',
			issuer_dn: 'CN=CA',
			subject_dn: 'CN=X',
			subject_cn: 'X',
			kind: 'organisation',
			agency_id: agency.id,
			not_before: new Date('2026-01-01T00:00:00Z'),
			not_after: new Date('2025-01-01T00:00:00Z'),
			der: new Uint8Array([1])
		});
		await expect(insert.execute()).rejects.toThrow(/certificates_validity_order/);
	});

	it('refuses a revoked certificate without a revocation time', async () => {
		const agency = await h.db
			.insertInto('agencies')
			.values({ code: 'Y', name: 'Y', kind: 'province', path: '/y/' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const insert = h.db.insertInto('certificates').values({
			fingerprint_sha256: 'bb',
			serial_number: '02',
			issuer_dn: 'CN=CA',
			subject_dn: 'CN=Y',
			subject_cn: 'Y',
			kind: 'organisation',
			agency_id: agency.id,
			status: 'revoked',
			not_before: new Date('2025-01-01T00:00:00Z'),
			not_after: new Date('2026-01-01T00:00:00Z'),
			der: new Uint8Array([1])
		});
		await expect(insert.execute()).rejects.toThrow(/certificates_revocation_dated/);
	});

	it('creates monthly signing-event partitions in Vietnam time, once', async () => {
		const created = await ensureSigningEventPartitions(
			h.db,
			new Date('2025-12-31T18:00:00Z'),
			new Date('2026-02-10T00:00:00Z')
		);
		// 2025-12-31T18:00Z is already 1 January 2026 in Vietnam.
		expect(created).toEqual(['signing_events_y202601', 'signing_events_y202602']);
		expect(
			await ensureSigningEventPartitions(
				h.db,
				new Date('2026-01-15T00:00:00Z'),
				new Date('2026-02-01T00:00:00Z')
			)
		).toEqual([]);
		expect(await existingPartitions(h.db)).toEqual(
			expect.arrayContaining(['signing_events_default', 'signing_events_y202601'])
		);
	});
});
