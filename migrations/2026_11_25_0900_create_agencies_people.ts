import { sql, type Kysely } from 'kysely';

// Agencies form a tree (province → departments, communes/wards → units). `path` is the
// materialised chain of ids ("/1/7/42/") so that a subtree is one indexed prefix match,
// which every agency-scoped query needs.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('agencies')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('short_name', 'text')
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('province', 'department', 'commune', 'ward', 'unit', 'external')`)
		)
		.addColumn('parent_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
		.addColumn('path', 'text', (c) => c.notNull())
		.addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('agencies_parent_not_self', sql`parent_id is null or parent_id <> id`)
		.addCheckConstraint(
			'agencies_root_is_province',
			sql`(parent_id is null) = (kind in ('province', 'external'))`
		)
		.execute();
	await sql`create index agencies_path_idx on agencies (path text_pattern_ops)`.execute(db);
	await db.schema.createIndex('agencies_parent_idx').on('agencies').column('parent_id').execute();

	await db.schema
		.createTable('people')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
		.addColumn('full_name', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('email', 'text')
		.addColumn('national_id', 'text', (c) => c.unique())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('active')
				.check(sql`status in ('active', 'transferred', 'retired', 'resigned', 'deceased')`)
		)
		.addColumn('status_since', 'date')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('people_status_dated', sql`status = 'active' or status_since is not null`)
		.execute();
	await db.schema.createIndex('people_agency_idx').on('people').column('agency_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('people').execute();
	await db.schema.dropTable('agencies').execute();
}
