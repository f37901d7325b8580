import { sql, type Kysely } from 'kysely';

// Key devices, their custody history, the certificate inventory, the CA certificates and
// CRLs the PKI engine trusts, and the clerk appointments that decide who may use an
// organisation certificate (Điều 8.3).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('tokens')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('serial', 'text', (c) => c.notNull().unique())
		.addColumn('device_type', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pki_token')
				.check(sql`device_type in ('pki_token', 'sim_pki', 'remote', 'hsm')`)
		)
		.addColumn('model', 'text')
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('in_stock')
				.check(sql`status in ('in_stock', 'issued', 'locked', 'lost', 'damaged', 'returned')`)
		)
		.addColumn('holder_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('holder_agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('max_pin_retries', 'integer', (c) => c.check(sql`max_pin_retries > 0`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('tokens_holder_agency_idx').on('tokens').column('holder_agency_id').execute();

	await db.schema
		.createTable('token_custody_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('token_id', 'integer', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
		.addColumn('event', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`event in ('handed_over', 'returned', 'locked', 'lost', 'recovered', 'returned_to_ca', 'damaged')`
				)
		)
		.addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
		.addColumn('from_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('to_person_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('recorded_by', 'text')
		.addColumn('form', 'text') // e.g. 'Mẫu 08' (hand-over), 'Mẫu 09' (loss)
		.addColumn('note', 'text')
		.execute();
	await db.schema
		.createIndex('token_custody_token_idx')
		.on('token_custody_events')
		.columns(['token_id', 'occurred_at'])
		.execute();

	await db.schema
		.createTable('ca_certificates')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('fingerprint_sha256', 'text', (c) => c.notNull().unique())
		.addColumn('subject_dn', 'text', (c) => c.notNull())
		.addColumn('issuer_dn', 'text', (c) => c.notNull())
		.addColumn('serial_number', 'text', (c) => c.notNull())
		.addColumn('not_before', 'timestamptz', (c) => c.notNull())
		.addColumn('not_after', 'timestamptz', (c) => c.notNull())
		.addColumn('trusted', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('der', 'bytea', (c) => c.notNull())
		.addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('crls')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('issuer_dn', 'text', (c) => c.notNull())
		.addColumn('crl_number', 'text')
		.addColumn('this_update', 'timestamptz', (c) => c.notNull())
		.addColumn('next_update', 'timestamptz')
		.addColumn('is_delta', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('source_url', 'text')
		.addColumn('der_sha256', 'text', (c) => c.notNull().unique())
		.addColumn('der', 'bytea', (c) => c.notNull())
		.addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('crls_issuer_idx').on('crls').columns(['issuer_dn', 'this_update']).execute();

	await db.schema
		.createTable('certificates')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('fingerprint_sha256', 'text', (c) => c.notNull().unique())
		.addColumn('serial_number', 'text', (c) => c.notNull())
		.addColumn('issuer_dn', 'text', (c) => c.notNull())
		.addColumn('subject_dn', 'text', (c) => c.notNull())
		.addColumn('subject_cn', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('organisation', 'individual', 'device')`)
		)
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('restrict'))
		.addColumn('stated_title', 'text')
		.addColumn('email', 'text')
		.addColumn('province', 'text')
		.addColumn('not_before', 'timestamptz', (c) => c.notNull())
		.addColumn('not_after', 'timestamptz', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('active')
				.check(sql`status in ('active', 'expired', 'revoked', 'replaced')`)
		)
		.addColumn('revoked_at', 'timestamptz')
		.addColumn('revocation_reason', 'text')
		.addColumn('token_id', 'integer', (c) => c.references('tokens.id').onDelete('set null'))
		.addColumn('renewal_of_id', 'integer', (c) => c.references('certificates.id').onDelete('set null'))
		.addColumn('key_algorithm', 'text')
		.addColumn('key_bits', 'integer')
		.addColumn('signature_algorithm', 'text')
		.addColumn('public_ca', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('der', 'bytea', (c) => c.notNull())
		.addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('certificates_validity_order', sql`not_after > not_before`)
		.addCheckConstraint('certificates_revocation_dated', sql`(status = 'revoked') = (revoked_at is not null)`)
		.addCheckConstraint('certificates_org_has_no_person', sql`kind <> 'organisation' or person_id is null`)
		.execute();
	await db.schema.createIndex('certificates_not_after_idx').on('certificates').column('not_after').execute();
	await db.schema
		.createIndex('certificates_agency_idx')
		.on('certificates')
		.columns(['agency_id', 'status'])
		.execute();
	await db.schema.createIndex('certificates_person_idx').on('certificates').column('person_id').execute();
	await db.schema.createIndex('certificates_token_idx').on('certificates').column('token_id').execute();
	await db.schema
		.createIndex('certificates_issuer_serial_idx')
		.on('certificates')
		.columns(['issuer_dn', 'serial_number'])
		.execute();

	await db.schema
		.createTable('clerk_appointments')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('restrict'))
		.addColumn('certificate_id', 'integer', (c) => c.references('certificates.id').onDelete('set null'))
		.addColumn('decision_number', 'text')
		.addColumn('appointed_on', 'date', (c) => c.notNull())
		.addColumn('ended_on', 'date')
		.addCheckConstraint('clerk_appointments_order', sql`ended_on is null or ended_on >= appointed_on`)
		.execute();
	await db.schema
		.createIndex('clerk_appointments_agency_idx')
		.on('clerk_appointments')
		.columns(['agency_id', 'appointed_on'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'clerk_appointments',
		'certificates',
		'crls',
		'ca_certificates',
		'token_custody_events',
		'tokens'
	])
		await db.schema.dropTable(t).execute();
}
