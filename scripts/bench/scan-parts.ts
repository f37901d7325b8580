// `npm run bench -- scan-parts [--after ID]`: the parts of a misuse-scan run timed one by one on the
// database BENCH_DB (a database `npm run bench -- scans --reuse` left; DATABASE_URL names the
// server), each in a transaction rolled back afterwards, so nothing changes: the full run's parts
// (burst slots, the pass rules, the certificate-first rules, the documents a rule can fire on and
// their rules) and a nightly run's for the events after --after (default: the watermark). Each is
// run three times; the best is printed. It asserts nothing.
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { openPostgres } from '../../src/lib/server/db/connection';
import type { Database } from '../../src/lib/server/db/schema';
import {
	CERTIFICATE_FIRST_KINDS,
	DEFAULT_EVENT_RULES,
	PASS_KINDS,
	burstSlots,
	certificateFirstRules,
	scanPassRules
} from '../../src/lib/jobs/scans/event-rules';
import {
	arrivedUpTo,
	certificatesToJudge,
	eventsOfCertificates,
	touchedCertificates,
	withSigningTimes
} from '../../src/lib/jobs/scans/incremental-rules';
import {
	DEFAULT_DOCUMENT_RULES,
	DOCUMENT_KINDS,
	documentRules
} from '../../src/lib/jobs/scans/document-rules';
import { documentCandidates } from '../../src/lib/jobs/scans/document-candidates';
import { documentYears, documentsToJudge, withinSpans } from '../../src/lib/jobs/scans/document-spans';
import { candidateEventsFromRollups } from '../../src/lib/jobs/scans/candidate-events';
import { syncFindings } from '../../src/lib/server/findings/sync';
import type { FindingKind } from '../../src/lib/domain/findings';

const { values } = parseArgs({
	options: { after: { type: 'string' }, 'nightly-only': { type: 'boolean', default: false } }
});
const base = process.env.DATABASE_URL;
const dbName = process.env.BENCH_DB;
if (!base || !dbName) {
	console.error('bench scan-parts: DATABASE_URL and BENCH_DB are required');
	process.exit(2);
}
const url = new URL(base);
url.pathname = `/${dbName}`;
const handle = openPostgres(url.toString(), 2);
const db = handle.db;
const now = new Date();
const s = DEFAULT_EVENT_RULES;
const d = DEFAULT_DOCUMENT_RULES;

class Rollback extends Error {}
/** The best of three runs of `f`, each in a transaction rolled back. */
async function time<T>(name: string, f: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
	let best = Infinity;
	let out: T | undefined;
	for (let i = 0; i < 3; i++) {
		const t0 = performance.now();
		await db
			.transaction()
			.execute(async (trx) => {
				out = await f(trx);
				best = Math.min(best, performance.now() - t0);
				throw new Rollback();
			})
			.catch((e: unknown) => {
				if (!(e instanceof Rollback)) throw e;
			});
	}
	console.log(`${name.padEnd(44)} ${best.toFixed(1).padStart(9)} ms`);
	return out as T;
}
const sync =
	(kinds: FindingKind[], found: RawBuilder<unknown>, resolveWithin?: RawBuilder<boolean>) =>
	(trx: Kysely<Database>) =>
		syncFindings(trx, { kinds, found, now, workMem: '256MB', resolveWithin });

if (!values['nightly-only']) await fullRun();
async function fullRun(): Promise<void> {
	console.log('full run');
	const slots = await time('burst slots', (trx) => burstSlots(trx, s));
	await time(
		'pass rules from the roll-ups',
		sync(PASS_KINDS, scanPassRules(s, 1, candidateEventsFromRollups(s)))
	);
	await time('pass rules from the events (grouped reads)', sync(PASS_KINDS, scanPassRules(s, slots)));
	await time('certificate-first rules', sync(CERTIFICATE_FIRST_KINDS, certificateFirstRules(now)));
	const candidates = await time('documents a rule can fire on', (trx) => documentCandidates(trx, d));
	await time(
		`document rules on those ${candidates.length}`,
		sync(DOCUMENT_KINDS, documentRules(d, documentYears(candidates), withinSpans(candidates)))
	);
}

const mark = await sql<{ id: string }>`select last_event_id::text as id from scan_watermarks
	where scan = 'misuse-scan'`.execute(db);
const afterId = Number(values.after ?? mark.rows[0]?.id ?? 0);
const t0 = performance.now();
const toId = await arrivedUpTo(db);
console.log(
	`${'nightly: range end (share lock)'.padEnd(44)} ${(performance.now() - t0).toFixed(1).padStart(9)} ms`
);
console.log(`\nnightly: events ${afterId + 1}–${toId}`);
const range = await time('nightly: signing times of the range', (trx) =>
	withSigningTimes(trx, { afterId, toId })
);
const touched = await time('nightly: touched certificates', (trx) => touchedCertificates(trx, s, range));
await time(
	`nightly: pass rules on ${touched.length} certificates`,
	sync(
		PASS_KINDS,
		scanPassRules(s, 1, eventsOfCertificates(touched)),
		sql<boolean>`f.certificate_id = any(${`{${touched.join(',')}}`}::int[])`
	)
);
const dated = await time('nightly: certificates to judge', (trx) =>
	certificatesToJudge(trx, range, [], null, now)
);
await time(
	`nightly: certificate-first rules on ${dated.length}`,
	sync(
		CERTIFICATE_FIRST_KINDS,
		certificateFirstRules(now, dated),
		sql<boolean>`f.certificate_id = any(${`{${dated.join(',')}}`}::int[])`
	)
);
const docs = await time('nightly: documents to judge', (trx) => documentsToJudge(trx, d, range, []));
await time(
	`nightly: document rules on ${docs.judged.length} of ${docs.all.length}`,
	sync(DOCUMENT_KINDS, documentRules(d, documentYears(docs.judged), withinSpans(docs.judged)))
);
console.log(
	`load average ${loadavg()
		.map((x) => x.toFixed(1))
		.join(' ')}`
);
await handle.close();
