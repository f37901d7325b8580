// The select list every scan rule produces (the FoundFinding columns of findings/sync.ts),
// typed explicitly so that unions of rules line up on both PostgreSQL 15 and PGlite.
import { sql, type RawBuilder } from 'kysely';
import { FINDING_KINDS, type FindingKind, type Severity } from '../../domain/findings';

export interface FindingColumns {
	dedupe: RawBuilder<unknown>;
	summary: RawBuilder<unknown>;
	severity?: Severity | RawBuilder<unknown>;
	agency?: RawBuilder<unknown>;
	certificate?: RawBuilder<unknown>;
	person?: RawBuilder<unknown>;
	token?: RawBuilder<unknown>;
	document?: RawBuilder<unknown>;
	request?: RawBuilder<unknown>;
	evidence: RawBuilder<unknown>;
}

const NULL = sql`null`;

export function findingColumns(kind: FindingKind, c: FindingColumns): RawBuilder<unknown> {
	const k = FINDING_KINDS[kind];
	const severity = typeof c.severity === 'object' ? c.severity : sql.lit(c.severity ?? k.severity);
	return sql`(${c.dedupe})::text as dedupe_key, ${sql.lit(kind)}::text as kind, (${severity})::text as severity,
		${sql.lit(k.legalBasis)}::text as legal_basis, (${c.summary})::text as summary,
		(${c.agency ?? NULL})::int as agency_id, (${c.certificate ?? NULL})::int as certificate_id,
		(${c.person ?? NULL})::int as person_id, (${c.token ?? NULL})::int as token_id,
		(${c.document ?? NULL})::int as document_id, (${c.request ?? NULL})::int as request_id,
		(${c.evidence})::jsonb as evidence`;
}

/** A Vietnam-time text of a timestamptz column, dd/MM/yyyy HH24:MI. */
export const vnTime = (col: RawBuilder<unknown>) =>
	sql`to_char(${col} at time zone 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI')`;
export const vnDay = (col: RawBuilder<unknown>) =>
	sql`to_char(${col} at time zone 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY')`;
