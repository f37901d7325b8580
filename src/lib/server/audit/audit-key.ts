// The audit log's HMAC key, kept outside the database so that whoever can write the database
// (a stolen backup restored and edited, a DBA) cannot forge entries that verify. Read from
// KIEMKY_AUDIT_KEY (at least 32 characters), else from the file KIEMKY_AUDIT_KEY_FILE, else from
// `<KIEMKY_DATA_DIR or ./data>/audit.key`, which is created (32 random bytes, mode 0600) on first
// use. Several instances on one PostgreSQL must share the key: set KIEMKY_AUDIT_KEY on each.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface AuditKey {
	bytes: Buffer;
	/** Where it came from, for the operator's messages: 'KIEMKY_AUDIT_KEY' or a file path. */
	source: string;
}

let cached: { env: string; key: AuditKey | null } | null = null;

function keyFilePath(env: NodeJS.ProcessEnv): string {
	return env.KIEMKY_AUDIT_KEY_FILE || path.join(env.KIEMKY_DATA_DIR || './data', 'audit.key');
}

function loadKey(env: NodeJS.ProcessEnv): AuditKey | null {
	const inline = env.KIEMKY_AUDIT_KEY?.trim();
	if (inline) {
		if (inline.length < 32) throw new Error('KIEMKY_AUDIT_KEY phải dài ít nhất 32 ký tự');
		return { bytes: Buffer.from(inline, 'utf8'), source: 'KIEMKY_AUDIT_KEY' };
	}
	const file = path.resolve(keyFilePath(env));
	try {
		if (!existsSync(file)) {
			mkdirSync(path.dirname(file), { recursive: true });
			writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
		}
		chmodSync(file, 0o600);
		const text = readFileSync(file, 'utf8').trim();
		if (text.length < 32) throw new Error(`tệp khóa nhật ký ${file} quá ngắn (cần ít nhất 32 ký tự)`);
		return { bytes: Buffer.from(text, 'utf8'), source: file };
	} catch (e) {
		// A read-only installation without a configured key still runs; its entries carry no MAC
		// and `audit verify` says so.
		if ((e as NodeJS.ErrnoException).code === 'EROFS' || (e as NodeJS.ErrnoException).code === 'EACCES')
			return null;
		throw e;
	}
}

/** The key for this process (read once per environment), or null when none can be had. */
export function auditKey(env: NodeJS.ProcessEnv = process.env): AuditKey | null {
	const id = `${env.KIEMKY_AUDIT_KEY ?? ''}\u0000${keyFilePath(env)}`;
	if (cached?.env !== id) cached = { env: id, key: loadKey(env) };
	return cached.key;
}

/** The MAC of an entry: over its sequence number and its hash (which covers everything else). */
export function entryMac(key: AuditKey, seq: number | bigint | string, hash: string): string {
	return createHmac('sha256', key.bytes)
		.update(`${String(seq)}:${hash}`)
		.digest('hex');
}

export function macMatches(key: AuditKey, seq: number | bigint | string, hash: string, mac: string): boolean {
	const want = Buffer.from(entryMac(key, seq, hash), 'hex');
	const got = Buffer.from(mac, 'hex');
	return got.length === want.length && timingSafeEqual(got, want);
}
