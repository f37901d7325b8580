import { sql, type Kysely } from 'kysely';

// Findings from the scans (each citing the article it rests on), their status history,
// inspections of agencies (Điều 14.3, 15.2) and trainings held (Điều 14).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('inspections')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('decision_number', 'text')
		.addColumn('started_on', 'date', (c) => c.notNull())
		.addColumn('ended_on', 'date')
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('planned')
				.check(sql`status in ('planned', 'in_progress', 'completed')`)
		)
		.addColumn('lead_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('summary', 'text')
		.addColumn('follow_up', 'text')
		.addCheckConstraint('inspections_order', sql`ended_on is null or ended_on >= started_on`)
		.execute();
	await db.schema
		.createIndex('inspections_agency_idx')
		.on('inspections')
		.columns(['agency_id', 'started_on'])
		.execute();

	await db.schema
		.createTable('trainings')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('held_on', 'date', (c) => c.notNull())
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('participants', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`participants >= 0`)
		)
		.addColumn('topic', 'text')
		.execute();

	await db.schema
		.createTable('findings')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('severity', 'text', (c) =>
			c.notNull().check(sql`severity in ('low', 'medium', 'high', 'critical')`)
		)
		.addColumn('legal_basis', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('certificate_id', 'integer', (c) => c.references('certificates.id').onDelete('set null'))
		.addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('token_id', 'integer', (c) => c.references('tokens.id').onDelete('set null'))
		.addColumn('document_id', 'integer', (c) => c.references('archived_documents.id').onDelete('set null'))
		.addColumn('request_id', 'integer', (c) => c.references('lifecycle_requests.id').onDelete('set null'))
		.addColumn('inspection_id', 'integer', (c) => c.references('inspections.id').onDelete('set null'))
		.addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('open')
				.check(sql`status in ('open', 'acknowledged', 'resolved')`)
		)
		.addColumn('assigned_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('resolved_at', 'timestamptz')
		.addColumn('resolution_note', 'text')
		.addCheckConstraint('findings_resolved_dated', sql`(status = 'resolved') = (resolved_at is not null)`)
		.addCheckConstraint('findings_seen_order', sql`last_seen_at >= first_seen_at`)
		.execute();
	await db.schema
		.createIndex('findings_filter_idx')
		.on('findings')
		.columns(['status', 'kind', 'severity'])
		.execute();
	await db.schema
		.createIndex('findings_agency_idx')
		.on('findings')
		.columns(['agency_id', 'status'])
		.execute();
	await db.schema.createIndex('findings_certificate_idx').on('findings').column('certificate_id').execute();

	await db.schema
		.createTable('finding_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('finding_id', 'integer', (c) => c.notNull().references('findings.id').onDelete('cascade'))
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('from_status', 'text')
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('note', 'text')
		.execute();
	await db.schema
		.createIndex('finding_events_finding_idx')
		.on('finding_events')
		.columns(['finding_id', 'at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['finding_events', 'findings', 'trainings', 'inspections'])
		await db.schema.dropTable(t).execute();
}
