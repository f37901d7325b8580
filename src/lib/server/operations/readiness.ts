// What /readyz reports to a load balancer or an orchestrator: whether this instance can serve
// (database reachable, schema current) and whether it runs the scheduler. No data, no counts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { pendingMigrations } from '../db/migrate';
import { schedulerState } from '../../jobs/runtime-state';

export interface Readiness {
	ready: boolean;
	database: 'ok' | 'unreachable';
	migrations: 'current' | 'pending' | 'unknown';
	scheduler: 'on' | 'off' | 'stopped';
}

export async function readiness(open: () => Promise<Kysely<Database>>): Promise<Readiness> {
	const scheduler = schedulerState();
	try {
		const db = await open();
		await sql`select 1`.execute(db);
		const pending = await pendingMigrations(db);
		const migrations = pending.length ? 'pending' : 'current';
		return { ready: migrations === 'current', database: 'ok', migrations, scheduler };
	} catch {
		return { ready: false, database: 'unreachable', migrations: 'unknown', scheduler };
	}
}
