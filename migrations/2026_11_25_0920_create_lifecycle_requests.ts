import { sql, type Kysely } from 'kysely';

// Requests for issuance, renewal, change, revocation and token recovery (Điều 6, 9, 10, 11;
// Decree 68 Mẫu 01-06). `due_at` is computed in working days when the request becomes valid.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('lifecycle_requests')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('issue', 'renew', 'change', 'revoke', 'recover')`)
		)
		.addColumn('form', 'text') // 'Mẫu 01' … 'Mẫu 06'
		.addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
		.addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('certificate_id', 'integer', (c) => c.references('certificates.id').onDelete('set null'))
		.addColumn('token_id', 'integer', (c) => c.references('tokens.id').onDelete('set null'))
		.addColumn('reference_number', 'text')
		.addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
		.addColumn('valid_at', 'timestamptz')
		.addColumn('due_at', 'timestamptz')
		.addColumn('decided_at', 'timestamptz')
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('submitted')
				.check(sql`status in ('submitted', 'in_progress', 'approved', 'rejected', 'completed', 'cancelled')`)
		)
		.addColumn('reason', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint(
			'lifecycle_requests_decided_after',
			sql`decided_at is null or decided_at >= submitted_at`
		)
		.addCheckConstraint(
			'lifecycle_requests_rejection_reason',
			sql`status <> 'rejected' or coalesce(reason, '') <> ''`
		)
		.execute();
	await db.schema
		.createIndex('lifecycle_requests_open_idx')
		.on('lifecycle_requests')
		.columns(['status', 'due_at'])
		.execute();
	await db.schema
		.createIndex('lifecycle_requests_agency_idx')
		.on('lifecycle_requests')
		.columns(['agency_id', 'submitted_at'])
		.execute();
	await db.schema
		.createIndex('lifecycle_requests_certificate_idx')
		.on('lifecycle_requests')
		.column('certificate_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('lifecycle_requests').execute();
}
