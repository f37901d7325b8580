// Shared by the seeding tests: a fixed seeding day, and a fresh database seeded at a given scale.
import { openTestDb } from '../../helpers/db';
import { seedDemoData } from '../../../src/lib/server/seed/demo';
import type { DbHandle } from '../../../src/lib/server/db/connection';

/** A fixed "today" so results do not depend on the day the tests run. */
export const SEED_DAY = new Date('2026-11-25T10:00:00+07:00');

export async function seededDb(
	scale: number,
	seed = 7
): Promise<{ handle: DbHandle; summary: Record<string, number> }> {
	const handle = await openTestDb();
	const summary = await seedDemoData(handle.db, { scale, seed, now: SEED_DAY });
	return { handle, summary };
}
