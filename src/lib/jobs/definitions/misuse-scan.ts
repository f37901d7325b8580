// misuse-scan: every signing rule (Điều 3, 8, 17; NĐ 68 Art. 17, 31) and the Decree 30 document
// rules, set-based SQL in three groups, each committed with its checkpoint, so a stopped scan
// resumes with the group it was on; the checkpoint carries the counts so far, so a resumed run
// reports the whole scan.
// Incremental by default: the rules read the events that arrived since the last successful run
// (scan_watermarks, written with the run's last group) and judge again only what those, or a
// change recorded since, can alter: the pass rules the certificates the new events touched
// (scans/incremental-rules.ts) and those whose events or certificate row changed
// (scan_dirty_certificates); the certificate-first rules the certificates of the new events, those
// and the ones whose dated state (revocation, expiry, lost device, holder who left) was recorded
// since (scan_dirty_certificate_states) or whose expiry passed since; the document rules the
// documents of the new events and of the changed certificates on which a rule can fire, each read
// within its year's span (scans/document-spans.ts, from signing_document_state). The first run, and
// a run with payload {"full": true}, judge the whole history from the state kept as events arrive
// (signing_event_groups, certificate_daily_use, signing_document_state, certificate_last_use) and
// the candidates' events. Changes to other reference data (titles, clerks, delegations, agencies)
// are judged on new events at once and on old ones by the next full run.
import { sql, type RawBuilder } from 'kysely';
import type { JobCounts, JobDefinition } from '../definition';
import { addCounts } from '../definition';
import { jobResultInWords } from '../../i18n/job-result';
import { MISUSE_SCAN } from '../catalogue';
import { syncFindings } from '../../server/findings/sync';
import {
	CERTIFICATE_FIRST_KINDS,
	PASS_KINDS,
	burstSlots,
	certificateFirstRules,
	scanPassRules
} from '../scans/event-rules';
import {
	arrivedUpTo,
	certificatesToJudge,
	eventsOfCertificates,
	touchedCertificates,
	withSigningTimes
} from '../scans/incremental-rules';
import { readSetting } from '../../server/settings/store';
import { foldScanState } from '../../server/rollups/scan-state-fold';
import { bucketsNestInDays, candidateEventsFromRollups } from '../scans/candidate-events';
import { DOCUMENT_KINDS, documentRules, findingDocumentYear } from '../scans/document-rules';
import { documentCandidates } from '../scans/document-candidates';
import { documentYears, documentsToJudge, withinSpans } from '../scans/document-spans';

type State = { done?: string[]; counts?: JobCounts; afterId?: number | null; toId?: number };

const SCAN = 'misuse-scan';

export const misuseScan: JobDefinition<{ full?: boolean }> = {
	...MISUSE_SCAN,
	async run(ctx) {
		const now = ctx.clock.now();
		const settings = await readSetting(ctx.db, 'jobs.misuse_rules');
		const documentSettings = await readSetting(ctx.db, 'jobs.document_rules');
		const state = (ctx.checkpoint.load() ?? {}) as State;
		const done = new Set(state.done ?? []);
		// The range is fixed once per run, so a resumed run finishes the range it started.
		let afterId = state.afterId;
		let toId = state.toId;
		// The previous run's clock: certificates that expired since are judged again.
		const stored = await ctx.db
			.selectFrom('scan_watermarks')
			.select(['last_event_id', 'updated_at'])
			.where('scan', '=', SCAN)
			.executeTakeFirst();
		const mark = ctx.payload?.full ? undefined : stored;
		if (toId === undefined) {
			afterId = mark ? Number(mark.last_event_id) : null;
			toId = await arrivedUpTo(ctx.db);
		}
		// The document and event-group state the rules read, brought up to the range's end (the API's
		// inserts do not keep it: scan-state-fold.ts).
		const folded = await foldScanState(ctx.db, toId);
		if (folded) await ctx.log.info(`Cập nhật trạng thái văn bản và nhóm sự kiện: ${folded} mã sự kiện mới`);
		const range =
			afterId === null || afterId === undefined ? null : await withSigningTimes(ctx.db, { afterId, toId });
		await ctx.log.info(
			range
				? `Quét tăng dần: sự kiện số ${range.afterId + 1}–${range.toId}`
				: `Quét toàn bộ: sự kiện đến số ${toId}`
		);
		// Certificates whose events were changed or removed since (their ids are old), and those whose
		// dated state (revocation, expiry, device lost, holder left…) was recorded since: read again by a
		// resumed run, and removed in the transaction that moves the watermark.
		const dirty = (await ctx.db.selectFrom('scan_dirty_certificates').select('certificate_id').execute()).map(
			(r) => r.certificate_id
		);
		const dirtyStates = await ctx.db
			.selectFrom('scan_dirty_certificate_states')
			.select(['certificate_id', 'noted'])
			.execute();
		const touched =
			range && !done.has('events')
				? [...new Set([...(await touchedCertificates(ctx.db, settings, range)), ...dirty])].sort(
						(a, b) => a - b
					)
				: [];
		// The certificate-first rules are judged again on the certificates of the new events, on the
		// changed ones above, and on those that expired since the last run (signing after expiry
		// counts once the expiry has passed).
		const dated =
			range && !done.has('certificates')
				? await certificatesToJudge(
						ctx.db,
						range,
						[...dirty, ...dirtyStates.map((r) => r.certificate_id)],
						mark?.updated_at ?? null,
						now
					)
				: [];
		// A full run reads the roll-ups when the burst buckets nest in days, the events otherwise.
		const fromRollups = bucketsNestInDays(settings);
		const slots = done.has('events') || range || fromRollups ? 1 : await burstSlots(ctx.db, settings);
		const watermark = (trx: Parameters<Parameters<typeof ctx.commit>[0]>[0]) =>
			sql`insert into scan_watermarks (scan, last_event_id, run_id, updated_at)
				values (${SCAN}, ${toId}, ${ctx.runId}, ${now})
				on conflict (scan) do update set last_event_id = excluded.last_event_id, run_id = excluded.run_id,
					updated_at = excluded.updated_at`.execute(trx);
		type Trx = Parameters<Parameters<typeof ctx.commit>[0]>[0];
		const groups: {
			name: string;
			kinds: typeof PASS_KINDS;
			skip: boolean;
			found: (trx: Trx) => Promise<{ found: RawBuilder<unknown>; resolveWithin?: RawBuilder<boolean> }>;
		}[] = [
			{
				name: 'events',
				kinds: PASS_KINDS,
				// Nothing flagged among the new events: no finding of these kinds can change.
				skip: range !== null && touched.length === 0,
				found: async () =>
					range
						? {
								found: scanPassRules(settings, 1, eventsOfCertificates(touched)),
								resolveWithin: sql<boolean>`f.certificate_id = any(${`{${touched.join(',')}}`}::int[])`
							}
						: {
								found: fromRollups
									? scanPassRules(settings, 1, candidateEventsFromRollups(settings))
									: scanPassRules(settings, slots)
							}
			},
			{
				name: 'certificates',
				kinds: CERTIFICATE_FIRST_KINDS,
				skip: range !== null && dated.length === 0,
				found: async () =>
					range
						? {
								found: certificateFirstRules(now, dated),
								resolveWithin: sql<boolean>`f.certificate_id = any(${`{${dated.join(',')}}`}::int[])`
							}
						: { found: certificateFirstRules(now) }
			},
			{
				// Decree 30: an incremental run judges again the documents (agency, number, year) the new
				// events (or the changed certificates' events) carry, and resolves only their findings.
				name: 'documents',
				kinds: DOCUMENT_KINDS,
				skip: false,
				found: async (trx) => {
					if (!range) {
						// Every document's aggregates are read from signing_document_state; only those a
						// rule can fire on are judged.
						const candidates = await documentCandidates(trx, documentSettings);
						return {
							found: documentRules(documentSettings, documentYears(candidates), withinSpans(candidates))
						};
					}
					const docs = await documentsToJudge(trx, documentSettings, range, dirty);
					return {
						found: documentRules(documentSettings, documentYears(docs.judged), withinSpans(docs.judged)),
						resolveWithin: sql<boolean>`${findingDocumentYear} in (select agency_id, number, year from (${documentYears(docs.all)}) t)`
					};
				}
			}
		];
		let counts: JobCounts = state.counts ?? {};
		let i = 0;
		for (const g of groups) {
			i += 1;
			if (done.has(g.name)) continue;
			done.add(g.name);
			const before = counts;
			const last = i === groups.length;
			const c = await ctx.commit(
				async (trx) => {
					let found = { seen: 0, opened: 0, reopened: 0, resolved: 0 };
					if (!g.skip) {
						const q = await g.found(trx);
						found = await syncFindings(trx, {
							kinds: g.kinds,
							found: q.found,
							now,
							workMem: '256MB',
							resolveWithin: q.resolveWithin
						});
					}
					if (last) {
						if (dirty.length)
							await sql`delete from scan_dirty_certificates
								where certificate_id = any(${`{${dirty.join(',')}}`}::int[])`.execute(trx);
						if (dirtyStates.length)
							await sql`delete from scan_dirty_certificate_states d
								using jsonb_to_recordset(${JSON.stringify(dirtyStates)}::jsonb) as x(certificate_id integer, noted bigint)
								where d.certificate_id = x.certificate_id and d.noted = x.noted`.execute(trx);
						await watermark(trx);
					}
					return found;
				},
				{
					checkpoint: (found): State => ({
						done: [...done],
						counts: addCounts(before, { ...found }),
						afterId: afterId ?? null,
						toId
					})
				}
			);
			counts = addCounts(counts, { ...c });
			await ctx.progress(i, groups.length);
			await ctx.log.info(`Nhóm quy tắc "${g.name}": ${jobResultInWords('vi', c)}`);
		}
		return counts;
	}
};
