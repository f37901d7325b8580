// The staging table of one import run: valid, resolved events are written here chunk by chunk
// while the input streams in (an unlogged table without indexes, so cheap to fill), then moved
// into signing_events by one INSERT … SELECT inside the run's only transaction. Nothing reaches
// signing_events before that transaction commits, so a refused run, a reader that throws or a
// connection cut mid-way leaves nothing behind, and no transaction stays open while a slow
// upload trickles in. A table per run (dropped at the end) costs nothing to empty. An input of at
// most one chunk (an API batch, a small file) is kept in memory instead and inserted straight
// from its arrays: no table is made for it.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { SigningEventRecord } from './event-schema';
import type { EventReferences } from './event-references';

export interface StagedEvent {
	line: number;
	record: SigningEventRecord;
	refs: EventReferences;
}

const PREFIX = 'import_stage_';
const tableOf = (runId: number) => sql.table(`${PREFIX}${runId}`);

// Columns travel as one delimited string each: PGlite serialises a JS array element by element,
// which costs more than the insert. The schema refuses control characters in every text field,
// so the separators cannot occur in a value.
const SEP = '\u001f';
const NULL = '\u001e';
type Cell = string | number | boolean | null | undefined;

function column(rows: readonly StagedEvent[], f: (e: StagedEvent) => Cell): string {
	// Joined from an array, not built with +=: one flat string instead of a tree of 10,000 pieces.
	const cells = new Array<string>(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const v = f(rows[i]!);
		cells[i] = v === null || v === undefined ? NULL : v === true ? 't' : v === false ? 'f' : String(v);
	}
	return cells.join(SEP);
}

const arr = (s: string, type = 'text'): RawBuilder<unknown> =>
	sql`string_to_array(${s}, ${SEP}, ${NULL})::${sql.raw(type)}[]`;

export async function createStage(db: Kysely<Database>, runId: number): Promise<void> {
	await sql`
		create unlogged table ${tableOf(runId)} (
			line integer not null,
			signed_at timestamptz not null,
			certificate_id integer,
			certificate_ref text,
			acting_person_id integer,
			acting_title text,
			signing_form text not null,
			document_number text,
			document_agency_id integer,
			classification text not null,
			channel text not null,
			direction text not null,
			incoming_indication text,
			accepted boolean,
			source_system text not null,
			source_id text not null
		)
	`.execute(db);
}

/** One column of the rows, unnested: a set-returning function of the select list. */
const col = (s: string, type = 'text'): RawBuilder<unknown> => sql`unnest(${arr(s, type)})`;

/**
 * The rows as a relation with the staging table's columns (one array parameter per column). The
 * arrays are unnested side by side in the select list (they have the same length, so PostgreSQL
 * zips them), not by unnest(a, b, …) in FROM: that form materialises every array in a tuple
 * store first and costs three times as much for a chunk of 5,000.
 */
function rowsRelation(rows: readonly StagedEvent[]): RawBuilder<unknown> {
	const text = (f: (e: StagedEvent) => Cell) => col(column(rows, f));
	const int = (f: (e: StagedEvent) => Cell) => col(column(rows, f), 'int');
	return sql`
		select ${int((e) => e.line)} as line,
			to_timestamp(${col(
				column(rows, (e) => e.record.signed_at.getTime()),
				'int8'
			)}::float8 / 1000) as signed_at,
			${int((e) => e.refs.certificateId)} as certificate_id,
			${text((e) => e.refs.certificateRef)} as certificate_ref,
			${int((e) => e.refs.personId)} as acting_person_id,
			${text((e) => e.record.acting_title)} as acting_title,
			${text((e) => e.record.signing_form)} as signing_form,
			${text((e) => e.record.document_number)} as document_number,
			${int((e) => e.refs.documentAgencyId)} as document_agency_id,
			${text((e) => e.record.classification)} as classification,
			${text((e) => e.record.channel)} as channel,
			${text((e) => e.record.direction)} as direction,
			${text((e) => e.record.incoming_indication)} as incoming_indication,
			${col(
				column(rows, (e) => e.record.accepted),
				'boolean'
			)} as accepted,
			${text((e) => e.record.source_system)} as source_system,
			${text((e) => e.record.source_id)} as source_id`;
}

export async function stageEvents(
	db: Kysely<Database>,
	runId: number,
	rows: readonly StagedEvent[]
): Promise<void> {
	if (!rows.length) return;
	await sql`insert into ${tableOf(runId)} ${rowsRelation(rows)}`.execute(db);
}

/** Where the staged events are: the run's staging table, or (one chunk or less) memory. */
export type StagedSource = { table: number } | { rows: readonly StagedEvent[] };

/**
 * Moves the staged events whose (source_system, source_id) is new into signing_events; the key
 * table's trigger records their keys in the same statement. Call inside the run's transaction,
 * after locking the source systems (lockSourceSystems), so a concurrent batch of the same system
 * waits and then sees these keys.
 */
export async function commitStage(
	trx: Kysely<Database>,
	source: StagedSource
): Promise<{ inserted: number; unknownCertificates: number }> {
	const staged = 'table' in source ? sql`${tableOf(source.table)}` : sql`(${rowsRelation(source.rows)})`;
	// A chunk in memory (an API batch) probes the key index once per event: as NOT EXISTS the
	// planner makes it an anti-join that reads and sorts the whole key table, one row per event ever
	// stored, for every batch. A staged table (a large file) keeps the anti-join: one pass over the
	// keys costs less than a million probes.
	const isNew =
		'table' in source
			? sql`not exists (
					select 1 from signing_event_keys k where k.source_system = s.source_system and k.source_id = s.source_id
				)`
			: sql`(
					select true from signing_event_keys k
					where k.source_system = s.source_system and k.source_id = s.source_id
				) is null`;
	const { rows } = await sql<{ inserted: number; unknown: number }>`
		with ins as (
			insert into signing_events (signed_at, certificate_id, certificate_ref, acting_person_id, acting_title,
				signing_form, document_number, document_agency_id, classification, channel, direction,
				incoming_indication, accepted, source_system, source_id)
			select s.signed_at, s.certificate_id, s.certificate_ref, s.acting_person_id, s.acting_title,
				s.signing_form, s.document_number, s.document_agency_id, s.classification, s.channel, s.direction,
				s.incoming_indication, s.accepted, s.source_system, s.source_id
			from ${staged} s
			where ${isNew}
			returning certificate_id
		)
		select count(*)::int as inserted, (count(*) - count(certificate_id))::int as unknown from ins
	`.execute(trx);
	return { inserted: rows[0]?.inserted ?? 0, unknownCertificates: rows[0]?.unknown ?? 0 };
}

/** Any constant, the same for every writer: "KKSE" (Kiểm Ký signing events). */
const KEY_LOCK_CLASS = 0x4b4b5345;

/** Serialises imports of the same source systems for the rest of the transaction (sorted: no deadlock). */
export async function lockSourceSystems(trx: Kysely<Database>, systems: Iterable<string>): Promise<void> {
	for (const s of [...new Set(systems)].sort())
		await sql`select pg_advisory_xact_lock(${KEY_LOCK_CLASS}::int, hashtext(${s}))`.execute(trx);
}

export async function dropStage(db: Kysely<Database>, runId: number): Promise<void> {
	await sql`drop table if exists ${tableOf(runId)}`.execute(db);
}

/** Staging tables left by a process that died mid-import (their run is no longer running). */
export async function dropOrphanStages(db: Kysely<Database>): Promise<void> {
	const { rows } = await sql<{ name: string }>`
		select c.relname as name from pg_class c
		where c.relkind = 'r' and c.relname like ${PREFIX + '%'}
			and not exists (
				select 1 from import_runs r
				where r.status = 'running' and c.relname = ${PREFIX} || r.id::text
			)
	`.execute(db);
	for (const r of rows)
		if (/^import_stage_\d+$/.test(r.name)) await sql`drop table if exists ${sql.table(r.name)}`.execute(db);
}

/** The distinct certificate references of the staged events whose certificate is unknown. */
export async function stagedUnknownReferences(db: Kysely<Database>, source: StagedSource): Promise<string[]> {
	if ('rows' in source)
		return [...new Set(source.rows.map((r) => r.refs.certificateRef).filter((r): r is string => r !== null))];
	const { rows } = await sql<{ ref: string }>`
		select distinct certificate_ref as ref from ${tableOf(source.table)} where certificate_id is null
	`.execute(db);
	return rows.map((r) => r.ref);
}
