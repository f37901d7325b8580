import { sql, type Kysely } from 'kysely';

// signing_events' three references (certificate, acting person, document agency) were foreign keys:
// PostgreSQL checks a foreign key row by row, one query and one row lock per inserted event and
// reference (15,000 for an API batch of 5,000 events), which took about a third of the batch's insert
// (5,000 events into the import benchmark's table, alternating with and without them: 390-640 ms against
// 250-400 ms under load). A batch names few distinct certificates, people and agencies, so the same
// guarantees are kept here once per statement and per distinct id:
// - an insert or update of events locks each referenced row FOR KEY SHARE, as a foreign key does (a
//   concurrent delete of that row waits for this transaction), and fails with foreign_key_violation
//   (23503) naming the missing id;
// - deleting a certificate or an agency that events name fails the same way (ON DELETE RESTRICT);
//   deleting a person clears the events' acting person (ON DELETE SET NULL); changing a referenced id
//   is refused.
// The parents' checks read the events through their indexes on certificate_id, document_agency_id and
// acting_person_id. Like the foreign keys, none of this runs under session_replication_role = replica
// (the demo seed's bulk load, which checks its references itself in one pass).
// One difference from a foreign key: a delete in a REPEATABLE READ or SERIALIZABLE transaction checks
// the events its snapshot sees, not events committed after it began. Certificates, people and agencies
// are never deleted by the application (they are revoked, leave or are dissolved), only by hand.

const REFERENCES = [
	{ column: 'certificate_id', parent: 'certificates', constraint: 'signing_events_certificate_id_fkey' },
	{ column: 'acting_person_id', parent: 'people', constraint: 'signing_events_acting_person_id_fkey' },
	{
		column: 'document_agency_id',
		parent: 'agencies',
		constraint: 'signing_events_document_agency_id_fkey'
	}
] as const;

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table signing_events
		drop constraint signing_events_certificate_id_fkey,
		drop constraint signing_events_acting_person_id_fkey,
		drop constraint signing_events_document_agency_id_fkey`.execute(db);

	// The lock and the existence test are one statement per reference: the CTE that locks returns
	// only rows that still exist once their lock is granted (a row deleted meanwhile is skipped).
	const checks = REFERENCES.map(
		(r) => `
			with wanted as (select distinct ${r.column} as id from new_rows where ${r.column} is not null),
			present as (select p.id from ${r.parent} p where p.id in (select id from wanted) for key share of p)
			select min(w.id) into missing from wanted w where not exists (select 1 from present x where x.id = w.id);
			if missing is not null then
				raise exception 'insert or update on table "signing_events" violates foreign key constraint "${r.constraint}"'
					using errcode = 'foreign_key_violation', constraint = '${r.constraint}', table = 'signing_events',
						detail = format('Key (${r.column})=(%s) is not present in table "${r.parent}".', missing);
			end if;`
	).join('\n');
	await sql
		.raw(
			`create function signing_events_references_check() returns trigger language plpgsql as $$
			declare missing bigint;
			begin
				${checks}
				return null;
			end $$`
		)
		.execute(db);
	await sql`
		create trigger signing_events_references_insert after insert on signing_events
		referencing new table as new_rows for each statement execute function signing_events_references_check()
	`.execute(db);
	await sql`
		create trigger signing_events_references_update after update on signing_events
		referencing new table as new_rows for each statement execute function signing_events_references_check()
	`.execute(db);

	// ON DELETE RESTRICT for certificates and agencies.
	for (const r of REFERENCES.filter((x) => x.parent !== 'people')) {
		await sql
			.raw(
				`create function ${r.parent}_events_restrict() returns trigger language plpgsql as $$
				declare referenced bigint;
				begin
					select o.id into referenced from old_rows o
					where exists (select 1 from signing_events e where e.${r.column} = o.id) limit 1;
					if referenced is not null then
						raise exception 'update or delete on table "${r.parent}" violates foreign key constraint "${r.constraint}" on table "signing_events"'
							using errcode = 'foreign_key_violation', constraint = '${r.constraint}', table = '${r.parent}',
								detail = format('Key (id)=(%s) is still referenced from table "signing_events".', referenced);
					end if;
					return null;
				end $$`
			)
			.execute(db);
		await sql
			.raw(
				`create trigger ${r.parent}_events_restrict after delete on ${r.parent}
				referencing old table as old_rows for each statement execute function ${r.parent}_events_restrict()`
			)
			.execute(db);
	}
	// ON DELETE SET NULL for people.
	await sql`
		create function people_events_set_null() returns trigger language plpgsql as $$
		begin
			update signing_events set acting_person_id = null
			where acting_person_id in (select id from old_rows);
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger people_events_set_null after delete on people
		referencing old table as old_rows for each statement execute function people_events_set_null()
	`.execute(db);

	// A referenced id does not change (ids are identities; a foreign key would refuse it too).
	await sql`
		create function events_parent_id_fixed() returns trigger language plpgsql as $$
		declare col text := tg_argv[0];
		declare found boolean;
		begin
			execute format('select exists (select 1 from signing_events where %I = $1)', col) into found using old.id;
			if found then
				raise exception 'update on table "%" changes an id that signing_events refers to', tg_table_name
					using errcode = 'foreign_key_violation', table = tg_table_name,
						detail = format('Key (id)=(%s) is still referenced from table "signing_events".', old.id);
			end if;
			return new;
		end $$
	`.execute(db);
	for (const r of REFERENCES)
		await sql
			.raw(
				`create trigger ${r.parent}_events_id_fixed before update of id on ${r.parent}
				for each row when (old.id is distinct from new.id) execute function events_parent_id_fixed('${r.column}')`
			)
			.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const r of REFERENCES)
		await sql.raw(`drop trigger ${r.parent}_events_id_fixed on ${r.parent}`).execute(db);
	await sql`drop function events_parent_id_fixed()`.execute(db);
	await sql`drop trigger people_events_set_null on people`.execute(db);
	await sql`drop function people_events_set_null()`.execute(db);
	for (const r of REFERENCES.filter((x) => x.parent !== 'people')) {
		await sql.raw(`drop trigger ${r.parent}_events_restrict on ${r.parent}`).execute(db);
		await sql.raw(`drop function ${r.parent}_events_restrict()`).execute(db);
	}
	await sql`drop trigger signing_events_references_update on signing_events`.execute(db);
	await sql`drop trigger signing_events_references_insert on signing_events`.execute(db);
	await sql`drop function signing_events_references_check()`.execute(db);
	await sql`alter table signing_events
		add constraint signing_events_certificate_id_fkey foreign key (certificate_id) references certificates(id) on delete restrict,
		add constraint signing_events_acting_person_id_fkey foreign key (acting_person_id) references people(id) on delete set null,
		add constraint signing_events_document_agency_id_fkey foreign key (document_agency_id) references agencies(id) on delete restrict`.execute(
		db
	);
}
