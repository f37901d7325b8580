// What the ingestion tests refer to in the demo province: Sở Y tế and one of its units, another
// department outside its subtree, a certificate of each, a person with a national id; and a signing event.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';

export interface IngestFixtures {
	syt: { id: number; code: string; path: string };
	sytUnit: { id: number; code: string };
	stc: { id: number; code: string };
	sytCert: { id: number; fp: string };
	stcCert: { id: number; fp: string };
	nationalId: string;
	personId: number;
}

export async function ingestFixtures(db: Kysely<Database>): Promise<IngestFixtures> {
	const syt = await db
		.selectFrom('agencies')
		.select(['id', 'code', 'path'])
		.where('code', '=', 'SYT')
		.executeTakeFirstOrThrow();
	// Another department outside Sở Y tế's subtree that holds a certificate.
	const stc = await db
		.selectFrom('agencies as a')
		.select(['a.id', 'a.code', 'a.path'])
		.where('a.path', 'not like', `${syt.path}%`)
		.where('a.code', 'is not', null)
		.where('a.parent_id', 'is not', null)
		.where(({ exists, selectFrom }) =>
			exists(selectFrom('certificates as c').select('c.id').whereRef('c.agency_id', '=', 'a.id'))
		)
		.orderBy('a.id')
		.executeTakeFirstOrThrow();
	const sytUnit = await db
		.selectFrom('agencies')
		.select(['id', 'code'])
		.where('path', 'like', `${syt.path}%`)
		.where('id', '<>', syt.id)
		.where('code', 'is not', null)
		.orderBy('id')
		.executeTakeFirstOrThrow();
	const certOf = (agencyId: number) =>
		db
			.selectFrom('certificates')
			.select(['id', 'fingerprint_sha256 as fp'])
			.where('agency_id', '=', agencyId)
			.orderBy('id')
			.executeTakeFirstOrThrow();
	const [sytCert, stcCert] = await Promise.all([certOf(syt.id), certOf(stc.id)]);
	const person = await db
		.selectFrom('people')
		.select(['id', 'national_id'])
		.where('national_id', 'is not', null)
		.orderBy('id')
		.executeTakeFirstOrThrow();
	return {
		syt: { id: syt.id, code: syt.code!, path: syt.path },
		sytUnit: { id: sytUnit.id, code: sytUnit.code! },
		stc: { id: stc.id, code: stc.code! },
		sytCert,
		stcCert,
		nationalId: person.national_id!,
		personId: person.id
	};
}

export const who = { userId: null, actor: 'test', ip: null };

/** A valid event of Sở Y tế (override any field; undefined removes it). */
export function sytEvent(f: IngestFixtures, id: string, overrides: Record<string, unknown> = {}) {
	const e: Record<string, unknown> = {
		source_system: 'QLVB-TEST',
		source_id: id,
		signed_at: '2025-06-10T09:15:03+07:00',
		certificate_fingerprint: f.sytCert.fp,
		channel: 'qlvb',
		signing_form: 'own',
		document_number: `${id}/SYT-VP`,
		document_agency_code: f.syt.code,
		...overrides
	};
	for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
	return e;
}

export const countEvents = async (db: Kysely<Database>, sourceSystem: string) =>
	(
		await sql<{
			n: number;
		}>`select count(*)::int as n from signing_events where source_system = ${sourceSystem}`.execute(db)
	).rows[0]!.n;

export const records = (events: Record<string, unknown>[]) =>
	events.map((values, i) => ({ line: i + 1, values }));
