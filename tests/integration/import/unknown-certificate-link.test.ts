// Events that arrive before their certificate: kept with the reference given and counted under
// their document's agency, then linked when the certificate is imported, which moves them in the
// daily summary to the certificate's agency and resolves the unknown_certificate finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { ingestSigningEvents } from '../../../src/lib/server/import/event-ingest';
import { commitCertificateImport } from '../../../src/lib/server/import/certificates';
import { buildImportTestPki, type ImportTestPki } from './test-pki';
import { verifyRollups } from '../../../src/lib/server/rollups/rollups';
import { ingestFixtures, records, sytEvent, who, type IngestFixtures } from './ingest-fixtures';

let h: DbHandle;
let f: IngestFixtures;
let pki: ImportTestPki;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	[f, pki] = await Promise.all([ingestFixtures(h.db), buildImportTestPki()]);
});
afterAll(async () => h?.close());

/** Events of 2025-04-02 per agency, the daily summary (and every roll-up) checked against the events themselves. */
async function countsOfDay() {
	const { rows } = await sql<{ agency_id: number | null; summary: number; events: number }>`
		with s as (
			select agency_id, sum(n)::int as n from signing_daily_summary where day = '2025-04-02' group by agency_id
		), e as (
			select case when e.certificate_id is null then e.document_agency_id else c.agency_id end as agency_id, count(*)::int as n
			from signing_events e left join certificates c on c.id = e.certificate_id
			where (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date = '2025-04-02'
			group by 1
		)
		select coalesce(s.agency_id, e.agency_id) as agency_id, coalesce(s.n, 0) as summary, coalesce(e.n, 0) as events
		from s full join e on coalesce(s.agency_id, -1) = coalesce(e.agency_id, -1)
		where coalesce(s.n, 0) > 0 or coalesce(e.n, 0) > 0
	`.execute(h.db);
	for (const r of rows) expect(r.summary, `agency ${r.agency_id}`).toBe(r.events);
	// Every roll-up (the monthly tables too) against the events, the linked ones moved with their certificate.
	expect(await verifyRollups(h.db)).toEqual([]);
	return new Map(rows.map((r) => [r.agency_id, r.events]));
}

describe('an event whose certificate is imported later', () => {
	it('is linked to it, moves to its agency in the summary, and its finding is resolved', async () => {
		const fp = createHash('sha256').update(pki.orgSyt.der).digest('hex');
		const events = ['LK-1', 'LK-2', 'LK-3'].map((id) =>
			sytEvent(f, id, {
				signed_at: '2025-04-02T10:00:00+07:00',
				certificate_fingerprint: fp,
				document_agency_code: f.sytUnit.code
			})
		);
		const start = await countsOfDay();
		const r = await ingestSigningEvents(h.db, records(events), {
			mode: 'all-or-nothing',
			who,
			origin: { kind: 'api' }
		});
		expect(r).toMatchObject({ inserted: 3, unknownCertificates: 3 });
		const before = await countsOfDay();
		expect(before.get(f.sytUnit.id)).toBe((start.get(f.sytUnit.id) ?? 0) + 3);
		const finding = () =>
			h.db
				.selectFrom('findings')
				.select(['status', 'auto_resolved'])
				.where('dedupe_key', '=', `unknown_certificate:sha256:${fp}:${f.sytUnit.id}`)
				.executeTakeFirstOrThrow();
		expect(await finding()).toMatchObject({ status: 'open' });

		await commitCertificateImport(h.db, [{ name: 'so-y-te.cer', bytes: pki.orgSyt.der }], who);
		const cert = await h.db
			.selectFrom('certificates')
			.select(['id', 'agency_id'])
			.where('fingerprint_sha256', '=', fp)
			.executeTakeFirstOrThrow();
		const linked = await h.db
			.selectFrom('signing_events')
			.select(['certificate_id', 'certificate_ref'])
			.where('source_id', 'in', ['LK-1', 'LK-2', 'LK-3'])
			.execute();
		expect(linked.every((e) => e.certificate_id === cert.id)).toBe(true);
		expect(cert.agency_id).not.toBe(f.sytUnit.id);
		const after = await countsOfDay();
		expect(after.get(f.sytUnit.id) ?? 0).toBe(start.get(f.sytUnit.id) ?? 0);
		expect(after.get(cert.agency_id)).toBe((before.get(cert.agency_id) ?? 0) + 3);
		expect(await finding()).toMatchObject({ status: 'resolved', auto_resolved: true });
		const audit = await h.db
			.selectFrom('audit_log')
			.select('details')
			.where('action', '=', 'certificate.import')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.details).toMatchObject({ inserted: 1, eventsLinked: 3 });
	});
});
