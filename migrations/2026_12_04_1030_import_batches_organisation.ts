import { sql, type Kysely } from 'kysely';

// Staged XLSX imports of the organisation chart and of the CA's subscriber list use the same
// staging table as the certificate import: the uploaded workbook waits there, with its parsed
// difference in `summary`, until the user applies or discards it.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table import_batches drop constraint if exists import_batches_kind_check`.execute(db);
	await sql`alter table import_batches add constraint import_batches_kind_check
		check (kind in ('certificates', 'organisation', 'subscribers'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`delete from import_batches where kind in ('organisation', 'subscribers')`.execute(db);
	await sql`alter table import_batches drop constraint if exists import_batches_kind_check`.execute(db);
	await sql`alter table import_batches add constraint import_batches_kind_check
		check (kind in ('certificates'))`.execute(db);
}
