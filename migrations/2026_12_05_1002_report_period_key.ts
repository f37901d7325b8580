import { sql, type Kysely } from 'kysely';

// One periodic report per period: `period_key` (kind, recipient, period) is set on the reports the
// periodic-reports job makes and is unique, so two instances cannot both store the same period.
// Reports made by hand have none and may be made again. Older databases may hold a period twice:
// the first keeps the key, the others stay as they are (nothing is deleted).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('generated_reports').addColumn('period_key', 'text').execute();
	await sql`
		update generated_reports g set period_key = g.kind || '/' || coalesce(g.recipient, '-') || '/' || g.period
		where g.id in (
			select distinct on (kind, coalesce(recipient, '-'), period) id from generated_reports
			where job_run_id is not null and period is not null
			order by kind, coalesce(recipient, '-'), period, created_at, id)`.execute(db);
	await sql`create unique index generated_reports_period_key_uq on generated_reports (period_key)`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index generated_reports_period_key_uq`.execute(db);
	await db.schema.alterTable('generated_reports').dropColumn('period_key').execute();
}
