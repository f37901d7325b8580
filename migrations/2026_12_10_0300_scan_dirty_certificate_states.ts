import { sql, type Kysely } from 'kysely';

// The incremental misuse scan judges the certificate-first rules (signing after expiry or
// revocation, on a device reported lost, after the holder left) on the certificates of the new
// events and on those whose dated state changed since its last run. A revocation, a lost device
// or a retirement recorded by hand changes no event, so the rows that record them note their
// certificates here, by row triggers on these rare tables (none on signing_events' insert path):
//  - certificates: revocation time and reason, expiry; a change of what every rule reads of a
//    certificate (holder, agency, kind, device, stated title, names) goes to scan_dirty_certificates,
//    so that its events are judged again by every rule, as when its events change;
//  - people: status and status date (retired, resigned, transferred, deceased);
//  - token_custody_events: a `lost` entry recorded, changed or removed.
// `noted` changes each time a certificate is noted again, so the scan removes only the rows it
// read, and a change noted while it ran waits for the next run.
// The Decree 30 document rules read each document's events between the first and the last signing
// time of its year (scan_document_spans, kept by the scan itself from the events it reads), so the
// read visits the partitions of those months only. The spans are built by a full run: the
// misuse-scan watermark is removed here, so the next run is a full one.
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table scan_dirty_certificate_states (
		certificate_id integer primary key,
		noted bigserial not null
	)`.execute(db);
	await sql`
		create function scan_certificate_state_note(ids integer[]) returns void language sql as $$
			insert into scan_dirty_certificate_states (certificate_id)
			select distinct x from unnest(ids) x where x is not null
			on conflict (certificate_id) do update set noted = excluded.noted
		$$
	`.execute(db);
	await sql`
		create function scan_certificate_state_certificates() returns trigger language plpgsql as $$
		begin
			perform scan_certificate_state_note(array[new.id]);
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger scan_certificate_state_certificates after update on certificates for each row
		when (old.revoked_at is distinct from new.revoked_at
			or old.revocation_reason is distinct from new.revocation_reason
			or old.not_after is distinct from new.not_after)
		execute function scan_certificate_state_certificates()
	`.execute(db);
	// What every rule reads of a certificate (its holder, agency, kind, device, names): its events are
	// judged again, as when they change (scan_dirty_certificates).
	await sql`
		create function scan_certificate_events_certificates() returns trigger language plpgsql as $$
		begin
			insert into scan_dirty_certificates (certificate_id) values (new.id) on conflict do nothing;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger scan_certificate_events_certificates after update on certificates for each row
		when (old.person_id is distinct from new.person_id
			or old.agency_id is distinct from new.agency_id
			or old.kind is distinct from new.kind
			or old.token_id is distinct from new.token_id
			or old.stated_title is distinct from new.stated_title
			or old.public_ca is distinct from new.public_ca
			or old.subject_cn is distinct from new.subject_cn
			or old.fingerprint_sha256 is distinct from new.fingerprint_sha256)
		execute function scan_certificate_events_certificates()
	`.execute(db);
	await sql`
		create function scan_certificate_state_people() returns trigger language plpgsql as $$
		begin
			perform scan_certificate_state_note(array(select c.id from certificates c where c.person_id = new.id));
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger scan_certificate_state_people after update on people for each row
		when (old.status is distinct from new.status or old.status_since is distinct from new.status_since)
		execute function scan_certificate_state_people()
	`.execute(db);
	await sql`
		create function scan_certificate_state_custody() returns trigger language plpgsql as $$
		begin
			if tg_op in ('UPDATE', 'DELETE') and old.event = 'lost' then
				perform scan_certificate_state_note(array(select c.id from certificates c where c.token_id = old.token_id));
			end if;
			if tg_op in ('INSERT', 'UPDATE') and new.event = 'lost' then
				perform scan_certificate_state_note(array(select c.id from certificates c where c.token_id = new.token_id));
			end if;
			return null;
		end $$
	`.execute(db);
	await sql`
		create trigger scan_certificate_state_custody_insert after insert on token_custody_events for each row
		when (new.event = 'lost') execute function scan_certificate_state_custody()
	`.execute(db);
	await sql`
		create trigger scan_certificate_state_custody_update after update on token_custody_events for each row
		when (old.event = 'lost' or new.event = 'lost') execute function scan_certificate_state_custody()
	`.execute(db);
	await sql`
		create trigger scan_certificate_state_custody_delete after delete on token_custody_events for each row
		when (old.event = 'lost') execute function scan_certificate_state_custody()
	`.execute(db);

	await sql`create table scan_document_spans (
		agency_id integer not null,
		number text not null,
		year integer not null,
		first_at timestamptz not null,
		last_at timestamptz not null,
		primary key (agency_id, number, year)
	)`.execute(db);
	// An event changed in place (its time, number or agency) widens its document's span at once,
	// whether or not it names a certificate; on the update path only, not on inserts.
	await sql`${sql.raw(dirtyNote(true))}`.execute(db);
	await sql`delete from scan_watermarks where scan = 'misuse-scan'`.execute(db);
}

/** scan_dirty_certificates_note of migration 2026_12_06_0800, and with `spans` the span widening. */
function dirtyNote(spans: boolean): string {
	const widen = spans
		? `if tg_op = 'UPDATE' then
				insert into scan_document_spans as s (agency_id, number, year, first_at, last_at)
				select e.document_agency_id, e.document_number,
					extract(year from e.signed_at at time zone 'Asia/Ho_Chi_Minh')::int, min(e.signed_at), max(e.signed_at)
				from new_rows e
				where e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null
				group by 1, 2, 3
				on conflict (agency_id, number, year) do update set
					first_at = least(s.first_at, excluded.first_at), last_at = greatest(s.last_at, excluded.last_at);
			end if;`
		: '';
	return `create or replace function scan_dirty_certificates_note() returns trigger language plpgsql as $$
		begin
			insert into scan_dirty_certificates (certificate_id)
			select distinct certificate_id from old_rows where certificate_id is not null
			on conflict do nothing;
			if tg_op = 'UPDATE' then
				insert into scan_dirty_certificates (certificate_id)
				select distinct certificate_id from new_rows where certificate_id is not null
				on conflict do nothing;
			end if;
			${widen}
			return null;
		end $$`;
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`${sql.raw(dirtyNote(false))}`.execute(db);
	await sql`drop table scan_document_spans`.execute(db);
	await sql`drop trigger scan_certificate_state_custody_delete on token_custody_events`.execute(db);
	await sql`drop trigger scan_certificate_state_custody_update on token_custody_events`.execute(db);
	await sql`drop trigger scan_certificate_state_custody_insert on token_custody_events`.execute(db);
	await sql`drop function scan_certificate_state_custody()`.execute(db);
	await sql`drop trigger scan_certificate_state_people on people`.execute(db);
	await sql`drop function scan_certificate_state_people()`.execute(db);
	await sql`drop trigger scan_certificate_events_certificates on certificates`.execute(db);
	await sql`drop function scan_certificate_events_certificates()`.execute(db);
	await sql`drop trigger scan_certificate_state_certificates on certificates`.execute(db);
	await sql`drop function scan_certificate_state_certificates()`.execute(db);
	await sql`drop function scan_certificate_state_note(integer[])`.execute(db);
	await sql`drop table scan_dirty_certificate_states`.execute(db);
}
