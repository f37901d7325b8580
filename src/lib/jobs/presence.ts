// An instance's presence on PostgreSQL: a session advisory lock held on a connection of its own
// for as long as the runner lives. PostgreSQL drops the lock the moment that session ends (process
// killed, host gone, connection cut), so other instances can tell that a run's owner is gone
// without waiting 90 s for its heartbeat to go stale (see markAbandoned). Not for PGlite: one
// process owns it, and holding its only connection would block every other query.
import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../server/db/schema';

/** The advisory lock class of presence locks (pg_locks.classid); the instance's key is pg_locks.objid. */
export const PRESENCE_LOCK_CLASS = 0x4b4b4a;

const newKey = () => randomInt(1, 2 ** 31 - 1);
const PING_WAIT_MS = 5_000;

export class Presence {
	private key = newKey();
	private session?: { conn: Kysely<Database>; release: () => void; closed: Promise<void> };
	private pending?: Promise<number | null>;

	constructor(private readonly db: Kysely<Database>) {}

	/** The lock key while this instance holds its lock (taken again after its session was lost); null when it cannot be. */
	ensure(): Promise<number | null> {
		// Heartbeats of several runs and the poll loop may ask at once: one check at a time.
		this.pending ??= this.check().finally(() => (this.pending = undefined));
		return this.pending;
	}

	private async check(): Promise<number | null> {
		if (this.session) {
			const ping = sql`select 1`.execute(this.session.conn).then(
				() => true,
				() => false
			);
			let timer: ReturnType<typeof setTimeout> | undefined;
			const slow = new Promise<'slow'>((r) => (timer = setTimeout(() => r('slow'), PING_WAIT_MS)));
			const alive = await Promise.race([ping, slow]).finally(() => clearTimeout(timer));
			// A slow answer (a busy server) is no proof of death: dropping the lock would hand this
			// instance's runs to others. Only an error (the session is gone) is.
			if (alive !== false) return this.key;
			void this.drop(); // a dead session cannot unlock; nothing to wait for
		}
		return this.take();
	}

	private async take(): Promise<number | null> {
		let release!: () => void;
		const released = new Promise<void>((r) => (release = r));
		let ready!: (conn: Kysely<Database> | null) => void;
		const taken = new Promise<Kysely<Database> | null>((r) => (ready = r));
		const closed = this.db
			.connection()
			.execute(async (conn) => {
				for (let i = 0; i < 3; i++) {
					const key = this.key;
					const { rows } = await sql<{
						ok: boolean;
					}>`select pg_try_advisory_lock(${PRESENCE_LOCK_CLASS}, ${key}) as ok`.execute(conn);
					if (rows[0]?.ok) {
						ready(conn);
						await released;
						// Back in the pool the connection must not keep the lock (a dead one has lost it anyway).
						await sql`select pg_advisory_unlock(${PRESENCE_LOCK_CLASS}, ${key})`
							.execute(conn)
							.catch(() => undefined);
						return;
					}
					this.key = newKey(); // another live instance drew the same key
				}
				ready(null);
			})
			.catch(() => ready(null));
		const conn = await taken;
		if (!conn) return null;
		this.session = { conn, release, closed };
		return this.key;
	}

	/** Lets the session go: the lock is released and the connection returned (or dropped, if dead). */
	private drop(): Promise<void> {
		const s = this.session;
		this.session = undefined;
		if (!s) return Promise.resolve();
		s.release();
		return s.closed;
	}

	/** Releases the lock and its connection (a graceful stop). */
	async close(): Promise<void> {
		await this.pending?.catch(() => undefined);
		await this.drop();
	}
}
