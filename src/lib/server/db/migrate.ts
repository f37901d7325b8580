// Runs the Kysely migrations in migrations/ (the one source of the schema) on either database.
import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from '../../../../migrations/index';

export interface MigrateOutcome {
	applied: string[];
	error?: unknown;
}

function migrator(db: Kysely<unknown>): Migrator {
	return new Migrator({
		db,
		provider: { getMigrations: async () => migrations },
		// Features land in parallel, so a migration may be named before one already applied;
		// each is independent, and every one still runs exactly once.
		allowUnorderedMigrations: true
	});
}

function names(results: MigrationResult[] | undefined): string[] {
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrateOutcome> {
	const { error, results } = await migrator(db).migrateToLatest();
	return { applied: names(results), error };
}

export async function migrateDown(db: Kysely<any>): Promise<MigrateOutcome> {
	const { error, results } = await migrator(db).migrateDown();
	return { applied: names(results), error };
}

export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
	const all = await migrator(db).getMigrations();
	return all.filter((m) => !m.executedAt).map((m) => m.name);
}
