// The documents a full run of the Decree 30 document rules must judge: those of
// signing_document_state (per document: agency, number and symbol, Vietnam year; kept exact by
// triggers on signing_events, migration 2026_12_12_0200) on which one of the four rules can fire
// (mayFireState of document-rules.ts, the test an incremental run applies). documentRules then
// judges those few as an incremental run judges its documents (each read by the document index
// within its span), so the findings are those of the rules over every document: a document left
// out cannot have a finding, because each test is implied by its rule.
// Grouping every event with four ordered array_aggs, and joining every event back to its document,
// took 24 s at scale 10 (1.65 million events, 791,000 documents); one grouped read of the events
// with plain aggregates took about 3 s; reading the state's 791,000 rows takes a fraction of that.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema';
import { mayFireState, type DocumentRuleSettings } from './document-rules';
import { outward, type DocumentYear } from './document-spans';

/** The documents on which a document rule can fire, with their spans. */
export async function documentCandidates(
	db: Kysely<Database>,
	s: DocumentRuleSettings
): Promise<DocumentYear[]> {
	const { rows } = await sql<DocumentYear>`
		select d.agency_id, d.number, d.year, ${outward('d.first_at', 'd.last_at')}
		from signing_document_state d
		where d.events > 0 and ${mayFireState(s, 'd')}`.execute(db);
	return rows;
}
