// API keys for machines (the document systems that will push signing events). A key is
// `kk_<8 hex>_<43 base64url>`: 256 random bits, so its SHA-256 is a safe thing to store and to
// look up by. It is shown once, belongs to a source system and an agency subtree, and is revocable.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import type { AuditWho } from '../audit/from-event';
import type { ApiKeyPrincipal } from './roles';

export interface ApiKeyRow {
	id: number;
	name: string;
	sourceSystem: string;
	agencyCode: string | null;
	agencyName: string | null;
	keyPrefix: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	revokedAt: Date | null;
}

function hashKey(key: string): string {
	return createHash('sha256').update(key).digest('hex');
}

const NAME = /^[\p{L}\p{N} ._-]{3,60}$/u;

export async function createApiKey(
	db: Kysely<Database>,
	input: { name: string; sourceSystem: string; agencyCode?: string | null },
	who: AuditWho
): Promise<{ id: number; key: string }> {
	const name = input.name.trim();
	const sourceSystem = input.sourceSystem.trim();
	if (!NAME.test(name))
		throw new AppError('INVALID_INPUT', 'Tên khóa API dài 3-60 ký tự (chữ, số, dấu cách, . _ -).');
	if (!sourceSystem || sourceSystem.length > 100)
		throw new AppError('INVALID_INPUT', 'Nhập hệ thống nguồn (tối đa 100 ký tự).');
	let agencyId: number | null = null;
	if (input.agencyCode) {
		const agency = await db
			.selectFrom('agencies')
			.select('id')
			.where('code', '=', input.agencyCode.trim())
			.executeTakeFirst();
		if (!agency) throw new AppError('NOT_FOUND', `Không có cơ quan mã "${input.agencyCode}".`);
		agencyId = agency.id;
	}
	const prefix = `kk_${randomBytes(4).toString('hex')}`;
	const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
	return db.transaction().execute(async (trx) => {
		const taken = await trx.selectFrom('api_keys').select('id').where('name', '=', name).executeTakeFirst();
		if (taken) throw new AppError('CONFLICT', `Đã có khóa API tên "${name}".`);
		const row = await trx
			.insertInto('api_keys')
			.values({
				name,
				source_system: sourceSystem,
				agency_id: agencyId,
				key_prefix: prefix,
				key_hash: hashKey(key),
				created_by: who.userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...who,
			action: 'apikey.create',
			entityType: 'api_key',
			entityId: row.id,
			details: { name, sourceSystem, agencyCode: input.agencyCode ?? null, prefix }
		});
		return { id: row.id, key };
	});
}

export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeyRow[]> {
	const rows = await db
		.selectFrom('api_keys as k')
		.leftJoin('agencies as a', 'a.id', 'k.agency_id')
		.select([
			'k.id',
			'k.name',
			'k.source_system',
			'a.code',
			'a.name as agency_name',
			'k.key_prefix',
			'k.created_at',
			'k.last_used_at',
			'k.revoked_at'
		])
		.orderBy('k.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		sourceSystem: r.source_system,
		agencyCode: r.code,
		agencyName: r.agency_name,
		keyPrefix: r.key_prefix,
		createdAt: r.created_at,
		lastUsedAt: r.last_used_at,
		revokedAt: r.revoked_at
	}));
}

/** Revokes by id or by name; revoking twice is an error so the operator knows. */
export async function revokeApiKey(
	db: Kysely<Database>,
	idOrName: number | string,
	who: AuditWho
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('api_keys')
			.select(['id', 'name', 'revoked_at'])
			.where(typeof idOrName === 'number' ? 'id' : 'name', '=', idOrName)
			.executeTakeFirst();
		if (!row) throw new AppError('NOT_FOUND', `Không có khóa API "${idOrName}".`);
		if (row.revoked_at) throw new AppError('CONFLICT', `Khóa API "${row.name}" đã bị thu hồi trước đó.`);
		await trx
			.updateTable('api_keys')
			.set({ revoked_at: new Date(), revoked_by: who.userId })
			.where('id', '=', row.id)
			.execute();
		await recordAudit(trx, {
			...who,
			action: 'apikey.revoke',
			entityType: 'api_key',
			entityId: row.id,
			details: { name: row.name }
		});
	});
}

const KEY_PATTERN = /^kk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/**
 * The credentials of an `Authorization: Bearer <token>` header, or null. The scheme is
 * case-insensitive and separated by one or more spaces (RFC 9110 §11.1, RFC 6750 §2.1).
 */
export function bearerToken(header: string | null | undefined): string | null {
	const match = /^([A-Za-z]+) +(\S+) *$/.exec(header ?? '');
	return match && match[1]!.toLowerCase() === 'bearer' ? match[2]! : null;
}

/** The machine behind an `Authorization: Bearer <key>` header, or null (unknown, revoked, malformed). */
export async function authenticateApiKey(
	db: Kysely<Database>,
	header: string | null | undefined,
	now = new Date()
): Promise<ApiKeyPrincipal | null> {
	const key = bearerToken(header);
	if (key === null || !KEY_PATTERN.test(key)) return null;
	const row = await db
		.selectFrom('api_keys as k')
		.leftJoin('agencies as a', 'a.id', 'k.agency_id')
		.select(['k.id', 'k.name', 'k.source_system', 'k.agency_id', 'k.last_used_at', 'k.revoked_at', 'a.path'])
		.where('k.key_hash', '=', hashKey(key))
		.executeTakeFirst();
	if (!row || row.revoked_at) return null;
	if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000)
		await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
	return {
		id: row.id,
		name: row.name,
		sourceSystem: row.source_system,
		agencyId: row.agency_id,
		scope:
			row.agency_id === null
				? { kind: 'all' }
				: { kind: 'subtree', agencyId: row.agency_id, path: row.path ?? '/none/' }
	};
}
