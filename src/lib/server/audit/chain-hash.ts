// How an audit entry is hashed: SHA-256 over a canonical JSON serialisation (keys sorted at every
// level) of the entry's fields plus the previous entry's hash. Shared by the writer (log.ts) and
// the verifier (verify.ts) so both always agree on the bytes.
import { createHash } from 'node:crypto';

/** The prev_hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
	id: number;
	at: Date;
	userId: number | null;
	actor: string;
	action: string;
	entityType: string | null;
	entityId: string | null;
	details: unknown;
	ip: string | null;
	prevHash: string;
}

/** JSON with object keys sorted recursively, so jsonb's own key reordering cannot change it. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
	const obj = value as Record<string, unknown>;
	const keys = Object.keys(obj)
		.filter((k) => obj[k] !== undefined)
		.sort();
	return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * Details as they will read back from jsonb: JSON round trip (drops undefined, turns Dates into
 * ISO strings) so the hash computed before the insert matches the one recomputed later.
 */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
	return JSON.parse(
		JSON.stringify(details ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
	) as Record<string, unknown>;
}

export function entryHash(f: HashedFields): string {
	const payload = canonicalJson({
		v: 1,
		id: f.id,
		at: f.at.toISOString(),
		userId: f.userId,
		actor: f.actor,
		action: f.action,
		entityType: f.entityType,
		entityId: f.entityId,
		details: f.details,
		ip: f.ip,
		prevHash: f.prevHash
	});
	return createHash('sha256').update(payload).digest('hex');
}
