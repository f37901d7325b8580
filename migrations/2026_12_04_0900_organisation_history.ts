import { sql, type Kysely } from 'kysely';

// The organisation kept over time (issue: organisation model). Agencies are never deleted: a
// merge or a dissolution is an event with an effective date, so signing events stay attached to
// the agency they were signed under. A person's posts (agency and title) and statuses are dated
// histories, so the rules read the title and status valid on a signing date. Written delegations
// (Điều 8.3, 17.2) let a named person use an organisation certificate lawfully. Custody events
// gain 'issued' (the first hand-out) and the fields of the Mẫu 07/08/09 records.
//
// `people.agency_id`, `people.title`, `people.status` and `people.status_since` stay as the
// current values (every list reads them); the services write them in the same transaction as the
// history row, and the history is what dated rules read.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('agencies')
		.addColumn('merged_into_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.execute();
	await db.schema.alterTable('agencies').addColumn('ended_on', 'date').execute();
	await sql`alter table agencies add constraint agencies_ended_inactive check (ended_on is null or not active)`.execute(
		db
	);

	await db.schema
		.createTable('agency_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(sql`kind in ('created', 'renamed', 'moved', 'merged', 'dissolved', 'absorbed', 'imported')`)
		)
		.addColumn('effective_on', 'date', (c) => c.notNull())
		// What changed, before and after: {name: [old, new], parent_code: [old, new], merged_into: code, ...}
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('decision_number', 'text')
		.addColumn('recorded_by', 'text', (c) => c.notNull())
		.addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('agency_events_agency_idx')
		.on('agency_events')
		.columns(['agency_id', 'effective_on'])
		.execute();

	// A post: where a person worked and with which title, from a date to a date (null: still).
	await db.schema
		.createTable('person_positions')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('valid_from', 'date', (c) => c.notNull())
		.addColumn('valid_to', 'date')
		.addColumn('decision_number', 'text')
		.addColumn('recorded_by', 'text', (c) => c.notNull())
		.addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('person_positions_order', sql`valid_to is null or valid_to >= valid_from`)
		.execute();
	await db.schema
		.createIndex('person_positions_person_idx')
		.on('person_positions')
		.columns(['person_id', 'valid_from'])
		.execute();
	// One open post per person: a person is never placed in two agencies at once.
	await sql`create unique index person_positions_one_open on person_positions (person_id) where valid_to is null`.execute(
		db
	);

	await db.schema
		.createTable('person_status_history')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status in ('active', 'transferred', 'retired', 'resigned', 'deceased')`)
		)
		.addColumn('since', 'date', (c) => c.notNull())
		.addColumn('decision_number', 'text')
		.addColumn('note', 'text')
		.addColumn('recorded_by', 'text', (c) => c.notNull())
		.addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('person_status_history_person_idx')
		.on('person_status_history')
		.columns(['person_id', 'since'])
		.execute();

	// Backfill: every existing person gets their current post and status as the first history rows.
	await sql`
		insert into person_positions (person_id, agency_id, title, valid_from, recorded_by)
		select id, agency_id, title, (created_at at time zone 'Asia/Ho_Chi_Minh')::date, 'migration' from people
	`.execute(db);
	await sql`
		insert into person_status_history (person_id, status, since, recorded_by)
		select id, status, coalesce(status_since, (created_at at time zone 'Asia/Ho_Chi_Minh')::date), 'migration' from people
	`.execute(db);

	await db.schema.alterTable('clerk_appointments').addColumn('recorded_by', 'text').execute();

	// Written permission to use an organisation certificate (Điều 8.3, 17.2).
	await db.schema
		.createTable('certificate_delegations')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('certificate_id', 'integer', (c) =>
			c.notNull().references('certificates.id').onDelete('cascade')
		)
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('restrict'))
		.addColumn('granted_by_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('decision_number', 'text', (c) => c.notNull())
		.addColumn('scope', 'text', (c) => c.notNull())
		.addColumn('valid_from', 'date', (c) => c.notNull())
		.addColumn('valid_to', 'date')
		.addColumn('recorded_by', 'text', (c) => c.notNull())
		.addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('certificate_delegations_order', sql`valid_to is null or valid_to >= valid_from`)
		.execute();
	await db.schema
		.createIndex('certificate_delegations_cert_idx')
		.on('certificate_delegations')
		.columns(['certificate_id', 'person_id'])
		.execute();

	// Custody: the first hand-out is an event too, and each event can carry its record's fields.
	await sql`alter table token_custody_events drop constraint if exists token_custody_events_event_check`.execute(
		db
	);
	await sql`alter table token_custody_events add constraint token_custody_events_event_check
		check (event in ('issued', 'handed_over', 'returned', 'locked', 'lost', 'recovered', 'returned_to_ca', 'damaged'))`.execute(
		db
	);
	await db.schema.alterTable('token_custody_events').addColumn('reason', 'text').execute();
	await db.schema.alterTable('token_custody_events').addColumn('record_number', 'text').execute();
	await db.schema
		.alterTable('token_custody_events')
		.addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	// Device kinds as Decree 68 names them: PKI token, SIM PKI, HSM, and a signing service/software.
	await sql`alter table tokens drop constraint if exists tokens_device_type_check`.execute(db);
	await sql`alter table tokens add constraint tokens_device_type_check
		check (device_type in ('pki_token', 'sim_pki', 'hsm', 'remote'))`.execute(db);

	// A revocation request marks the certificate until the CRL confirms it.
	await db.schema.alterTable('certificates').addColumn('revocation_requested_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('certificates').dropColumn('revocation_requested_at').execute();
	await db.schema.alterTable('token_custody_events').dropColumn('recorded_at').execute();
	await db.schema.alterTable('token_custody_events').dropColumn('record_number').execute();
	await db.schema.alterTable('token_custody_events').dropColumn('reason').execute();
	await sql`delete from token_custody_events where event = 'issued'`.execute(db);
	await sql`alter table token_custody_events drop constraint if exists token_custody_events_event_check`.execute(
		db
	);
	await sql`alter table token_custody_events add constraint token_custody_events_event_check
		check (event in ('handed_over', 'returned', 'locked', 'lost', 'recovered', 'returned_to_ca', 'damaged'))`.execute(
		db
	);
	await db.schema.dropTable('certificate_delegations').execute();
	await db.schema.alterTable('clerk_appointments').dropColumn('recorded_by').execute();
	await db.schema.dropTable('person_status_history').execute();
	await db.schema.dropTable('person_positions').execute();
	await db.schema.dropTable('agency_events').execute();
	await sql`alter table agencies drop constraint agencies_ended_inactive`.execute(db);
	await db.schema.alterTable('agencies').dropColumn('ended_on').execute();
	await db.schema.alterTable('agencies').dropColumn('merged_into_id').execute();
}
