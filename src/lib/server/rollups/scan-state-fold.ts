// The misuse scan's state tables (signing_document_state, signing_event_groups: migrations
// 2026_12_12_0200 and _0210) hold the events up to scan_state_folded.last_event_id. New events are
// folded in when the scan starts a run, not by a trigger on insert, so that the API import keeps its
// rate; the scan folds up to the end of the range it is about to judge (arrivedUpTo: no event below
// it can still commit), summary verify compares the tables with the folded events only, and
// rebuildRollups folds everything.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Folds the events after the last folded one up to `upTo` into the state tables; how many ids it moved over. */
export async function foldScanState(db: Kysely<Database>, upTo: number): Promise<number> {
	const { rows } = await sql<{ moved: string | number }>`select scan_state_fold(${upTo}) as moved`.execute(
		db
	);
	return Number(rows[0]?.moved ?? 0);
}

/** The condition "event e is folded" for reads that compare the state tables with the events. */
export const folded = (alias: string) =>
	sql`${sql.ref(`${alias}.id`)} <= (select f.last_event_id from scan_state_folded f)`;

/** After a rebuild from every event: the newest event id, read under a SHARE lock (no insert in flight below it). */
export async function markAllFolded(db: Kysely<Database>): Promise<void> {
	await sql`lock table signing_events in share mode`.execute(db);
	await sql`update scan_state_folded set last_event_id = (select coalesce(max(id), 0) from signing_events)`.execute(
		db
	);
}
