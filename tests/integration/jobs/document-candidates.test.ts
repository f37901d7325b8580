// The full run of the Decree 30 document rules (document-candidates.ts: one grouped read, then the
// rules on the documents a rule can fire on) finds exactly what the rules over every document find
// (documentRules with no documents, the reference), column for column, on the demo data with edge
// cases added: a document across the new year (microseconds either side of midnight), a seal and
// a copy seven hours before the signature, two signatures at one instant, a slip exactly at the
// tolerance or at 7 h, a seal one microsecond before the signature, an invalid number in two
// years, copies alone and incoming events under a number; for the tolerances 0, 45 and 180
// minutes. The same with every document passed in, as an incremental run passes its documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { documentRules } from '../../../src/lib/jobs/scans/document-rules';
import { documentCandidates } from '../../../src/lib/jobs/scans/document-candidates';
import { foldScanState } from '../../../src/lib/server/rollups/scan-state-fold';
import { documentYears, withinSpans, type DocumentYear } from '../../../src/lib/jobs/scans/document-spans';

let h: DbHandle;
let seq = 0;

/** One event of `number` for the first agency's first certificates, at a Vietnam time (microseconds allowed). */
async function sign(number: string, at: string, form: string, direction = 'outgoing'): Promise<void> {
	seq += 1;
	await sql`insert into signing_events (signed_at, certificate_id, acting_person_id, acting_title, signing_form,
			document_number, document_agency_id, direction, channel, source_system, source_id)
		select ${at}::timestamp at time zone 'Asia/Ho_Chi_Minh', c.id, c.person_id, 'Giám đốc', ${form},
			${number}, c.agency_id, ${direction}, 'qlvb', 'test', ${`EDGE-${seq}`}
		from certificates c where c.agency_id is not null and c.person_id is not null
		order by c.id limit 1`.execute(h.db);
}

const rows = (r: { rows: unknown[] }) => r.rows.map((x) => JSON.stringify(x)).sort();

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	await sign('05/QĐ-EDGE', '2025-12-31T23:00:00', 'kt');
	await sign('05/QĐ-EDGE', '2025-12-31T23:59:59.999501', 'own');
	await sign('05/QĐ-EDGE', '2026-01-01T00:00:00', 'org');
	await sign('05/QĐ-EDGE', '2026-01-01T00:00:00.0004', 'copy');
	await sign('06/QĐ-EDGE', '2026-03-02T09:00:00', 'org');
	await sign('06/QĐ-EDGE', '2026-03-02T16:05:00', 'own');
	await sign('07/QĐ-EDGE', '2026-03-03T09:00:00', 'own');
	await sign('07/QĐ-EDGE', '2026-03-03T09:00:00', 'kt');
	await sign('07/QĐ-EDGE', '2026-03-03T15:00:00', 'org');
	await sign('08/QĐ-EDGE', '2026-03-04T08:00:00', 'own');
	await sign('08/QĐ-EDGE', '2026-03-04T14:15:00', 'copy');
	await sign('08/QĐ-EDGE', '2026-03-04T11:00:00', 'attachment');
	await sign('09/QĐ-EDGE', '2026-03-05T10:00:00.000001', 'own');
	await sign('09/QĐ-EDGE', '2026-03-05T10:00:00', 'org');
	await sign('9/QĐ-EDGE', '2025-06-01T09:00:00', 'own');
	await sign('9/QĐ-EDGE', '2026-06-01T09:00:00', 'tm');
	await sign('10/QĐ-EDGE', '2026-03-06T10:00:00', 'copy');
	await sign('10/QĐ-EDGE', '2026-03-06T20:00:00', 'attachment');
	await sign('11/QĐ-EDGE', '2026-03-07T10:00:00', 'own');
	await sign('11/QĐ-EDGE', '2026-03-07T17:00:00', 'own', 'incoming');
	await sign('11/QĐ-EDGE', '2026-03-07T03:00:00', 'org', 'incoming');
	await sign('12/QĐ-EDGE', '2026-03-09T10:00:00', 'own');
	await sign('12/QĐ-EDGE', '2026-03-09T17:00:00', 'org');
	await sign('13/QĐ-EDGE', '2026-03-10T02:00:00', 'copy');
	await sign('13/QĐ-EDGE', '2026-03-10T09:00:00', 'own');
	// As a misuse-scan run does first: the new events folded into the documents' state it reads.
	const { rows: newest } = await sql<{ id: string }>`select max(id)::text as id from signing_events`.execute(
		h.db
	);
	await foldScanState(h.db, Number(newest[0]!.id));
}, 120_000);
afterAll(async () => {
	await h?.close();
});

describe('the full pass of the document rules', () => {
	it.each([0, 45, 180])(
		'finds what the rules over every document find (tolerance %i min)',
		async (tolerance) => {
			const s = { zoneSlipToleranceMinutes: tolerance };
			await h.db.transaction().execute(async (trx) => {
				const docs = await documentCandidates(trx, s);
				const judged = rows(
					await sql`${documentRules(s, documentYears(docs), withinSpans(docs))}`.execute(trx)
				);
				const reference = rows(await sql`${documentRules(s, null)}`.execute(trx));
				expect(judged).toEqual(reference);
				// As an incremental run judges its documents: every document passed in, the rules keep those
				// a rule can fire on (mayFire) and find the same.
				const every = (
					await sql<DocumentYear>`select document_agency_id as agency_id, document_number as number,
						extract(year from signed_at at time zone 'Asia/Ho_Chi_Minh')::int as year,
						date_trunc('milliseconds', min(signed_at)) as first_at,
						date_trunc('milliseconds', max(signed_at) + interval '999 microseconds') as last_at
					from signing_events where direction = 'outgoing' and document_number is not null
						and document_agency_id is not null group by 1, 2, 3`.execute(trx)
				).rows;
				const incremental = rows(
					await sql`${documentRules(s, documentYears(every), withinSpans(every))}`.execute(trx)
				);
				expect(incremental).toEqual(reference);
				// The edge cases do raise findings (the comparison is not of two empty sets).
				const keys = reference.map((r) => (JSON.parse(r) as { dedupe_key: string }).dedupe_key);
				expect(keys.filter((k) => k.includes('EDGE')).length).toBeGreaterThanOrEqual(3);
				expect(keys.some((k) => k.startsWith('signing_time_zone_slip:'))).toBe(true);
				// A few documents are judged again, not every one.
				const all = await sql<{
					n: number;
				}>`select count(distinct (document_agency_id, document_number))::int as n
				from signing_events where document_number is not null`.execute(trx);
				expect(docs.length).toBeLessThan(all.rows[0]!.n / 4);
			});
		}
	);
});
