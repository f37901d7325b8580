// The append-only audit log: who did what, when, from where. Each entry carries the hash of the
// previous one (chain-hash.ts), appends are serialised with a transaction-scoped advisory lock so
// two instances never fork the chain, and a one-row head remembers the newest entry.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { GENESIS_HASH, entryHash, normaliseDetails } from './chain-hash';
import { auditKey, entryMac } from './audit-key';

export { auditFromEvent } from './from-event';

export interface AuditInput {
	/** The user who acted; null or absent for the system, the CLI or an anonymous visitor. */
	userId?: number | null;
	/** Who acted, readable without a join: a username, 'system', 'cli:<os user>', 'apikey:<name>'. */
	actor: string;
	/** What happened, dotted and stable: 'auth.sign_in', 'user.create', 'report.export', ... */
	action: string;
	entityType?: string;
	entityId?: string | number;
	details?: Record<string, unknown>;
	/** Where from: the client address. */
	ip?: string | null;
}

/** Any constant works as long as every writer uses the same one; this one spells "KKAUDIT". */
const AUDIT_LOCK_KEY = 0x4b4b41554449;

/**
 * Appends one entry. Inside a caller's transaction the entry commits or rolls back with it (and the
 * lock is held until then); otherwise a short transaction of its own is used.
 */
export async function recordAudit(db: Kysely<Database>, input: AuditInput): Promise<void> {
	if (db.isTransaction) return append(db, input);
	await db.transaction().execute((trx) => append(trx, input));
}

async function append(trx: Kysely<Database>, input: AuditInput): Promise<void> {
	await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)`.execute(trx);
	const last = await trx
		.selectFrom('audit_log')
		.select(['hash', 'seq'])
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	// Gap-free: ids come from a sequence that a rolled-back append leaves holes in; seq does not.
	const seq = Number(last?.seq ?? 0) + 1;
	const next = await sql<{
		id: number;
	}>`select nextval(pg_get_serial_sequence('audit_log', 'id'))::int as id`.execute(trx);
	const id = next.rows[0]!.id;
	const fields = {
		id,
		at: new Date(),
		userId: input.userId ?? null,
		actor: input.actor.slice(0, 200),
		action: input.action,
		entityType: input.entityType ?? null,
		entityId: input.entityId === undefined ? null : String(input.entityId),
		details: normaliseDetails(input.details),
		ip: input.ip ?? null,
		prevHash: last?.hash ?? GENESIS_HASH
	};
	const hash = entryHash(fields);
	const key = auditKey();
	const mac = key ? entryMac(key, seq, hash) : null;
	await trx
		.insertInto('audit_log')
		.values({
			id,
			at: fields.at,
			user_id: fields.userId,
			actor: fields.actor,
			action: fields.action,
			entity_type: fields.entityType,
			entity_id: fields.entityId,
			details: JSON.stringify(fields.details),
			ip: fields.ip,
			prev_hash: fields.prevHash,
			hash,
			seq,
			mac
		})
		.execute();
	await trx
		.insertInto('audit_chain_head')
		.values({ id: 1, last_id: id, last_hash: hash, last_seq: seq, updated_at: fields.at })
		.onConflict((oc) =>
			oc.column('id').doUpdateSet({ last_id: id, last_hash: hash, last_seq: seq, updated_at: fields.at })
		)
		.execute();
}
