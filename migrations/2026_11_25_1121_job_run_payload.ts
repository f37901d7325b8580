import { type Kysely } from 'kysely';

// The payload a run was requested with (validated by the job's schema), kept so that a retry
// or a resumed run works on the same input.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('job_runs').addColumn('payload', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('job_runs').dropColumn('payload').execute();
}
