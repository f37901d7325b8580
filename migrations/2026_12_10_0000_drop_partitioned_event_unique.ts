import { sql, type Kysely } from 'kysely';

// signing_events kept unique (source_system, source_id, signed_at) from its first migration, when that
// was the only key an idempotent import could have on a table partitioned by signed_at. Since
// 2026_12_05_0910 the primary key of signing_event_keys refuses a second event of the same
// (source_system, source_id) whatever its signing time, which implies this constraint. Keeping it cost
// one more b-tree over two texts and a time for every inserted event (the API's and the imports'
// per-event cost, and a sorted build of the whole table after the seed's bulk load) and no read uses it:
// its leading columns are not what any page or job looks events up by.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table signing_events drop constraint if exists signing_events_source_system_source_id_signed_at_key`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table signing_events add constraint signing_events_source_system_source_id_signed_at_key
		unique (source_system, source_id, signed_at)`.execute(db);
}
