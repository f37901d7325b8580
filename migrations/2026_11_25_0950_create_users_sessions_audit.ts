import { sql, type Kysely } from 'kysely';

// Users with roles (several per user) scoped to an agency subtree, database-backed sessions,
// and the append-only audit log whose entries chain by hash.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('username', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('email', 'text')
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('locked_until', 'timestamptz')
		.addColumn('last_login_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('user_roles')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) =>
			c.notNull().check(sql`role in ('admin', 'inspector', 'leader', 'report_staff', 'agency_officer')`)
		)
		.addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the cookie token, never the token
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('ip', 'text')
		.addColumn('user_agent', 'text')
		.execute();
	await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('actor', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity_type', 'text')
		.addColumn('entity_id', 'text')
		.addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('ip', 'text')
		.addColumn('prev_hash', 'text', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull().unique())
		.execute();
	await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['audit_log', 'sessions', 'user_roles', 'users']) await db.schema.dropTable(t).execute();
}
