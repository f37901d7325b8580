import { sql, type Kysely } from 'kysely';

// Notifications (issue "Notifications"): what needs doing, per user and in the user's scope, shown in
// the app's notification centre and sent once a day as an e-mail digest.
//   notifications: one row per (user, dedupe_key). The dedupe key names the subject and its stage
//     (e.g. 'expiry:cert:42:15' for the 15-day reminder of certificate 42), so a re-run of the job that
//     makes them never repeats one. `cleared_at` is set when the cause went away (certificate renewed,
//     finding resolved): a cleared item is no longer reminded nor e-mailed.
//   notification_email_opt_outs: the kinds a user does NOT want by e-mail (absent row = wanted), so a
//     new kind reaches users by default.
//   mail_digests: one row per (user, day): recorded before the send and updated after it, so that
//     several instances never send the same day's digest twice and a crash mid-send resumes without
//     duplicates; holds the SMTP answer, the attempts and the items it listed.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('notifications')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`kind in ('finding', 'certificate_expiry', 'deadline', 'request_decision', 'job_failed', 'escalation')`
				)
		)
		.addColumn('dedupe_key', 'text', (c) => c.notNull())
		.addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
		.addColumn('severity', 'text', (c) =>
			c
				.notNull()
				.defaultTo('medium')
				.check(sql`severity in ('low', 'medium', 'high', 'critical')`)
		)
		// Stored in both languages when made, so the centre and the digest need no re-derivation.
		.addColumn('title_vi', 'text', (c) => c.notNull())
		.addColumn('title_en', 'text', (c) => c.notNull())
		.addColumn('body_vi', 'text')
		.addColumn('body_en', 'text')
		// A path inside the app (e.g. /chung-thu/42); the digest prefixes the public origin.
		.addColumn('link', 'text', (c) => c.notNull())
		.addColumn('due_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('read_at', 'timestamptz')
		.addColumn('cleared_at', 'timestamptz')
		.addColumn('escalated_at', 'timestamptz')
		.addUniqueConstraint('notifications_user_dedupe', ['user_id', 'dedupe_key'])
		.execute();
	await sql`create index notifications_unread on notifications (user_id, created_at desc) where read_at is null and cleared_at is null`.execute(
		db
	);

	await db.schema
		.createTable('notification_email_opt_outs')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('notification_email_opt_outs_pk', ['user_id', 'kind'])
		.execute();

	await db.schema
		.createTable('mail_digests')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		// The digest's day in Asia/Ho_Chi_Minh.
		.addColumn('digest_date', 'date', (c) => c.notNull())
		.addColumn('recipient', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pending')
				.check(sql`status in ('pending', 'sent', 'failed', 'empty')`)
		)
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('notification_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('subject', 'text')
		.addColumn('message_id', 'text')
		.addColumn('smtp_response', 'text')
		.addColumn('error', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('sent_at', 'timestamptz')
		.addUniqueConstraint('mail_digests_user_day', ['user_id', 'digest_date'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('mail_digests').execute();
	await db.schema.dropTable('notification_email_opt_outs').execute();
	await db.schema.dropTable('notifications').execute();
}
