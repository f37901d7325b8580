// Saved column mappings, one per source system (event_column_mappings): what the user chose for
// that system's exports, loaded when its next export is uploaded.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { parseSavedMapping, type SavedMapping } from '../mapping/column-mapping';

export async function loadColumnMapping(
	db: Kysely<Database>,
	sourceSystem: string
): Promise<SavedMapping | null> {
	const row = await db
		.selectFrom('event_column_mappings')
		.select('mapping')
		.where('source_system', '=', sourceSystem)
		.executeTakeFirst();
	return row ? parseSavedMapping(row.mapping) : null;
}

export async function saveColumnMapping(
	db: Kysely<Database>,
	sourceSystem: string,
	mapping: SavedMapping,
	userId: number | null
): Promise<void> {
	const json = JSON.stringify(mapping);
	await db
		.insertInto('event_column_mappings')
		.values({ source_system: sourceSystem, mapping: json, updated_by: userId })
		.onConflict((oc) =>
			oc.column('source_system').doUpdateSet({ mapping: json, updated_by: userId, updated_at: new Date() })
		)
		.execute();
}

/** The source systems with a saved mapping, for the page's suggestions. */
export async function sourceSystemsWithMapping(db: Kysely<Database>): Promise<string[]> {
	const rows = await db
		.selectFrom('event_column_mappings')
		.select('source_system')
		.orderBy('source_system')
		.limit(200)
		.execute();
	return rows.map((r) => r.source_system);
}
