// Tampering with the audit log directly in the database (as someone holding the database owner's
// rights would: triggers disabled) is reported by the verifier, and by `kiem-ky audit verify`.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openTestDb } from '../../helpers/db';
import {
	dumpPath,
	postgresBaseUrl,
	templateName,
	testDbKind,
	withDatabase
} from '../../helpers/test-db-config';
import { openPglite, openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import type { Database } from '../../../src/lib/server/db/schema';
import { recordAudit } from '../../../src/lib/server/audit/log';
import { GENESIS_HASH, entryHash } from '../../../src/lib/server/audit/chain-hash';
import { verifyAuditChain } from '../../../src/lib/server/audit/verify';
import { main } from '../../../src/cli/main';

let h: DbHandle;
let ids: number[] = [];

beforeAll(async () => {
	h = await openTestDb();
	for (let i = 0; i < 6; i++)
		await recordAudit(h.db, {
			actor: 'thanhtra',
			action: 'finding.update',
			entityType: 'finding',
			entityId: i,
			details: { step: i }
		});
	ids = (await h.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => r.id);
});
afterAll(async () => {
	await h.close();
});

class Rollback extends Error {}

/** Tampers inside a transaction that is rolled back afterwards, so each case starts from the intact log. */
async function tampered(fn: (trx: Kysely<Database>) => Promise<void>) {
	let report: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
	await h.db
		.transaction()
		.execute(async (trx) => {
			await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
			await fn(trx);
			report = await verifyAuditChain(trx);
			throw new Rollback();
		})
		.catch((e: unknown) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return report!;
}

async function forge(trx: Kysely<Database>, id: number, prevHash: string, seq?: number) {
	const fields = {
		id,
		at: new Date(),
		userId: null,
		actor: 'admin',
		action: 'user.update',
		entityType: 'user',
		entityId: '1',
		details: {},
		ip: null,
		prevHash
	};
	await trx
		.insertInto('audit_log')
		.values({
			id,
			at: fields.at,
			actor: fields.actor,
			action: fields.action,
			entity_type: 'user',
			entity_id: '1',
			details: '{}',
			prev_hash: prevHash,
			hash: entryHash(fields),
			// A forger keeps the sequence gap-free; only the HMAC key outside the database is beyond reach.
			seq:
				seq ??
				Number(
					(
						await trx
							.selectFrom('audit_log')
							.select(sql<number>`max(seq)`.as('m'))
							.executeTakeFirstOrThrow()
					).m
				) + 1
		})
		.execute();
}

const hashOf = async (trx: Kysely<Database>, id: number) =>
	(await trx.selectFrom('audit_log').select('hash').where('id', '=', id).executeTakeFirstOrThrow()).hash;

describe('audit chain verification', () => {
	it('reports an intact chain', async () => {
		expect(await verifyAuditChain(h.db)).toMatchObject({
			status: 'intact',
			checked: 6,
			lastId: ids[5],
			lastSeq: 6,
			macChecked: true
		});
	});

	it('detects an edited entry', async () => {
		const r = await tampered((trx) =>
			sql`update audit_log set actor = 'admin' where id = ${ids[2]}`.execute(trx).then(() => {})
		);
		expect(r).toMatchObject({ status: 'broken', problem: 'edited', entryId: ids[2] });
	});

	it('detects an edited detail (jsonb)', async () => {
		const r = await tampered((trx) =>
			sql`update audit_log set details = '{"step": 99}' where id = ${ids[4]}`.execute(trx).then(() => {})
		);
		expect(r).toMatchObject({ status: 'broken', problem: 'edited', entryId: ids[4] });
	});

	it('detects an entry edited with its hash recomputed', async () => {
		const r = await tampered(async (trx) => {
			const e = await trx
				.selectFrom('audit_log')
				.selectAll()
				.where('id', '=', ids[1]!)
				.executeTakeFirstOrThrow();
			const hash = entryHash({
				id: e.id,
				at: e.at,
				userId: e.user_id,
				actor: 'someone-else',
				action: e.action,
				entityType: e.entity_type,
				entityId: e.entity_id,
				details: e.details,
				ip: e.ip,
				prevHash: e.prev_hash
			});
			await sql`update audit_log set actor = 'someone-else', hash = ${hash} where id = ${e.id}`.execute(trx);
		});
		expect(r).toMatchObject({ status: 'broken', problem: 'edited', entryId: ids[1] });
	});

	it('detects a deleted entry in the middle', async () => {
		const r = await tampered((trx) =>
			sql`delete from audit_log where id = ${ids[3]}`.execute(trx).then(() => {})
		);
		expect(r).toMatchObject({ status: 'broken', problem: 'deleted', entryId: ids[4] });
	});

	it('detects the first entry deleted', async () => {
		const r = await tampered((trx) =>
			sql`delete from audit_log where id = ${ids[0]}`.execute(trx).then(() => {})
		);
		expect(r).toMatchObject({ status: 'broken', problem: 'deleted' });
	});

	it('detects the newest entries deleted', async () => {
		const r = await tampered((trx) =>
			sql`delete from audit_log where id >= ${ids[4]}`.execute(trx).then(() => {})
		);
		expect(r).toMatchObject({ status: 'broken', problem: 'deleted', entryId: ids[5] });
	});

	it('detects an entry appended outside the application', async () => {
		const r = await tampered((trx) => forge(trx, ids[5]! + 100, GENESIS_HASH));
		expect(r).toMatchObject({ status: 'broken', problem: 'deleted', entryId: ids[5]! + 100 });
		// Well linked and numbered, but without the HMAC only the application can compute.
		const r2 = await tampered(async (trx) => forge(trx, ids[5]! + 100, await hashOf(trx, ids[5]!)));
		expect(r2).toMatchObject({ status: 'broken', problem: 'forged', entryId: ids[5]! + 100 });
		// Without the key (a verifier that cannot check MACs) the head still gives it away.
		let r3: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
		await tampered(async (trx) => {
			await forge(trx, ids[5]! + 100, await hashOf(trx, ids[5]!));
			r3 = await verifyAuditChain(trx, null);
		});
		expect(r3).toMatchObject({ status: 'broken', problem: 'inserted', entryId: ids[5]! + 100 });
	});

	it('detects an entry inserted in the middle with a well-formed link', async () => {
		// A gap in the ids (a rolled-back append) is where a forger could slip an entry in.
		let withoutKey: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
		const r = await tampered(async (trx) => {
			await sql`update audit_log set id = id + 1000, seq = seq + 100 where id > ${ids[2]}`.execute(trx);
			await sql`update audit_log set seq = seq - 99 where id > ${ids[2]}`.execute(trx);
			await sql`update audit_chain_head set last_id = last_id + 1000`.execute(trx);
			await forge(trx, ids[2]! + 1, await hashOf(trx, ids[2]!), 4);
			withoutKey = await verifyAuditChain(trx, null);
		});
		expect(r).toMatchObject({ status: 'broken', problem: 'forged', entryId: ids[2]! + 1 });
		expect(withoutKey).toMatchObject({ status: 'broken', problem: 'inserted', entryId: ids[2]! + 1 });
	});

	it('detects a gap in the sequence even when the chain was relinked around it', async () => {
		const r = await tampered(async (trx) => {
			await sql`update audit_log set seq = seq + 1 where id = ${ids[5]}`.execute(trx);
		});
		expect(r).toMatchObject({ status: 'broken', problem: 'deleted', entryId: ids[5] });
	});

	it('refuses TRUNCATE of the log and of its head', async () => {
		await expect(sql`truncate audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
		await expect(sql`truncate audit_chain_head`.execute(h.db)).rejects.toThrow(/append-only/);
		await expect(sql`delete from audit_chain_head`.execute(h.db)).rejects.toThrow(/append-only/);
		expect((await verifyAuditChain(h.db)).status).toBe('intact');
	});

	it('reports a wiped log (triggers disabled, both tables truncated) as tampered', async () => {
		let report: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
		await h.db
			.transaction()
			.execute(async (trx) => {
				await sql`alter table audit_log disable trigger user`.execute(trx);
				await sql`alter table audit_chain_head disable trigger user`.execute(trx);
				await sql`truncate audit_log, audit_chain_head`.execute(trx);
				report = await verifyAuditChain(trx);
				throw new Rollback();
			})
			.catch((e: unknown) => {
				if (!(e instanceof Rollback)) throw e;
			});
		expect(report).toMatchObject({ status: 'broken', problem: 'deleted' });
		expect((await verifyAuditChain(h.db)).status).toBe('intact');
	});

	it('holds the log to its printed checkpoints', async () => {
		const r = await tampered(async (trx) => {
			const last = await trx
				.selectFrom('audit_log')
				.select(['seq', 'hash'])
				.orderBy('seq', 'desc')
				.executeTakeFirstOrThrow();
			await trx
				.insertInto('audit_checkpoints')
				.values({ day: '2026-12-01', seq: last.seq, hash: last.hash })
				.execute();
			// The newest entry rewritten wholesale (content, hash, MAC unknown): the checkpoint disagrees.
			await sql`update audit_log set hash = md5(hash) || md5(hash) where seq = ${last.seq}`.execute(trx);
			await sql`update audit_chain_head set last_hash = md5(last_hash) || md5(last_hash)`.execute(trx);
		});
		expect(r).toMatchObject({ status: 'broken' });
		const r2 = await tampered(async (trx) => {
			await trx
				.insertInto('audit_checkpoints')
				.values({ day: '2026-12-01', seq: 7, hash: 'f'.repeat(64) })
				.execute();
		});
		expect(r2).toMatchObject({ status: 'broken', problem: 'deleted' });
		expect(r2 && 'message' in r2 ? r2.message : '').toContain('01/12/2026');
	});

	it('refuses the edit while the append-only trigger is on', async () => {
		await expect(sql`update audit_log set actor = 'x' where id = ${ids[0]}`.execute(h.db)).rejects.toThrow(
			/append-only/
		);
		expect((await verifyAuditChain(h.db)).status).toBe('intact');
	});
});

describe('kiem-ky audit verify', () => {
	it('says intact (exit 0), then reports a direct database edit (exit 1)', async () => {
		const env = await cliDatabase();
		const out: string[] = [];
		vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
		vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
		const saved = { url: process.env.DATABASE_URL, dir: process.env.KIEMKY_DATA_DIR };
		try {
			Object.assign(process.env, env.vars);
			if (!env.vars.DATABASE_URL) delete process.env.DATABASE_URL;
			expect(await main(['audit', 'verify'])).toBe(0);
			expect(out.join('\n')).toMatch(/^intact/m);
			await env.tamper();
			expect(await main(['audit', 'verify'])).toBe(1);
			expect(out.join('\n')).toMatch(/BROKEN \(edited\): mục #\d+ đã bị sửa/);
			expect(await main(['audit', 'kiem-tra'])).toBe(2);
		} finally {
			vi.restoreAllMocks();
			if (saved.url === undefined) delete process.env.DATABASE_URL;
			else process.env.DATABASE_URL = saved.url;
			if (saved.dir === undefined) delete process.env.KIEMKY_DATA_DIR;
			else process.env.KIEMKY_DATA_DIR = saved.dir;
			await env.cleanup();
		}
		// The CLI opens the database three times (on PGlite: a data directory started each time), which
		// took 62 s on a CI machine at load 10.
	}, 180_000);
});

/** A database the CLI opens from the environment: a PGlite data directory or a PostgreSQL database. */
async function cliDatabase(): Promise<{
	vars: Record<string, string>;
	tamper: () => Promise<void>;
	cleanup: () => Promise<void>;
}> {
	const seed = async (db: Kysely<Database>) => {
		for (let i = 0; i < 3; i++) await recordAudit(db, { actor: 'admin', action: 'user.create', entityId: i });
	};
	const edit = (db: Kysely<Database>) =>
		db.transaction().execute(async (trx) => {
			await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
			await sql`update audit_log set actor = 'ke-gian' where id = (select min(id) from audit_log)`.execute(
				trx
			);
		});
	if (testDbKind() === 'pglite') {
		const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-cli-'));
		const open = () => openPglite({ dataDir: path.join(dir, 'pglite') });
		const first = await openPglite({
			dataDir: path.join(dir, 'pglite'),
			loadDataDir: new Blob([readFileSync(dumpPath('migrated'))])
		});
		await seed(first.db);
		await first.close();
		return {
			vars: { KIEMKY_DATA_DIR: dir },
			tamper: async () => {
				const x = await open();
				await edit(x.db);
				await x.close();
			},
			cleanup: async () => rmSync(dir, { recursive: true, force: true })
		};
	}
	const name = `kiemky_cli_${randomBytes(4).toString('hex')}`;
	const admin = async (q: string) => {
		const c = new pg.Client({ connectionString: postgresBaseUrl() });
		await c.connect();
		await c.query(q).finally(() => c.end());
	};
	await admin(`create database "${name}" template "${templateName('migrated')}"`);
	const url = withDatabase(postgresBaseUrl(), name);
	const x = openPostgres(url, 1);
	await seed(x.db);
	return {
		vars: { DATABASE_URL: url },
		tamper: () => edit(x.db).then(() => {}),
		cleanup: async () => {
			await x.close();
			await admin(`drop database if exists "${name}" with (force)`);
		}
	};
}
