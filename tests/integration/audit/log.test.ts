// The audit writer: entries chain by hash, concurrent appends never fork the chain, the table
// refuses UPDATE and DELETE, and a caller's rolled-back transaction leaves no entry behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { recordAudit } from '../../../src/lib/server/audit/log';
import { GENESIS_HASH, entryHash } from '../../../src/lib/server/audit/chain-hash';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => {
	await h.close();
});

describe('recordAudit', () => {
	it('chains entries by hash and keeps the head in step', async () => {
		await recordAudit(h.db, {
			actor: 'system',
			action: 'test.first',
			details: { b: 2, a: [1, { z: 1, y: null }] }
		});
		await recordAudit(h.db, {
			userId: null,
			actor: 'cli:root',
			action: 'test.second',
			entityType: 'x',
			entityId: 7,
			ip: '10.0.0.1'
		});
		const rows = await h.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
		expect(rows).toHaveLength(2);
		const [first, second] = rows as [(typeof rows)[0], (typeof rows)[0]];
		expect(first.prev_hash).toBe(GENESIS_HASH);
		expect(second.prev_hash).toBe(first.hash);
		expect(second.entity_id).toBe('7');
		for (const r of rows)
			expect(
				entryHash({
					id: r.id,
					at: r.at,
					userId: r.user_id,
					actor: r.actor,
					action: r.action,
					entityType: r.entity_type,
					entityId: r.entity_id,
					details: r.details,
					ip: r.ip,
					prevHash: r.prev_hash
				})
			).toBe(r.hash);
		const head = await h.db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
		expect(head.last_id).toBe(second.id);
		expect(head.last_hash).toBe(second.hash);
	});

	it('serialises concurrent appends into one unbroken chain', async () => {
		await Promise.all(
			Array.from({ length: 12 }, (_, i) => recordAudit(h.db, { actor: 'system', action: `test.par${i}` }))
		);
		const rows = await h.db
			.selectFrom('audit_log')
			.select(['id', 'hash', 'prev_hash'])
			.orderBy('id')
			.execute();
		for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
	});

	it('commits and rolls back with the caller transaction', async () => {
		const before = await count();
		await expect(
			h.db.transaction().execute(async (trx) => {
				await recordAudit(trx, { actor: 'system', action: 'test.rolled_back' });
				throw new Error('abort');
			})
		).rejects.toThrow('abort');
		expect(await count()).toBe(before);
		await h.db
			.transaction()
			.execute((trx) => recordAudit(trx, { actor: 'system', action: 'test.committed' }));
		expect(await count()).toBe(before + 1);
	});

	it('refuses UPDATE and DELETE on the log', async () => {
		await expect(sql`update audit_log set actor = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
		await expect(sql`delete from audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
	});
});

async function count(): Promise<number> {
	const r = await h.db
		.selectFrom('audit_log')
		.select(sql<number>`count(*)::int`.as('n'))
		.executeTakeFirstOrThrow();
	return r.n;
}
