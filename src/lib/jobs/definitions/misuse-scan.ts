// misuse-scan: every signing rule (Điều 3, 8, 17; NĐ 68 Art. 17, 31), set-based SQL in two
// groups, each committed with its checkpoint, so a stopped scan resumes with the group it was on;
// the checkpoint carries the counts so far, so a resumed run reports the whole scan.
// Incremental by default: the event rules read the events that arrived since the last successful
// run (scan_watermarks, written with the run's last group), the certificates those touched
// (scans/incremental-rules.ts) and those whose events were changed or removed
// (scan_dirty_certificates); the first run, and a run with payload {"full": true}, read the whole
// history. Changes to reference data (titles, clerks, delegations, agencies) are judged on new
// events at once and on old ones by the next full run. The certificate-first rules read few certificates' events by index either way.
import { sql } from 'kysely';
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
import { arrivedUpTo, eventsOfCertificates, touchedCertificates } from '../scans/incremental-rules';
import { readSetting } from '../../server/settings/store';
import { DOCUMENT_KINDS, documentRules, documentsTouched } from '../scans/document-rules';

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
		if (toId === undefined) {
			const mark = ctx.payload?.full
				? undefined
				: await ctx.db
						.selectFrom('scan_watermarks')
						.select('last_event_id')
						.where('scan', '=', SCAN)
						.executeTakeFirst();
			afterId = mark ? Number(mark.last_event_id) : null;
			toId = await arrivedUpTo(ctx.db);
		}
		const range = afterId === null || afterId === undefined ? null : { afterId, toId };
		await ctx.log.info(
			range
				? `Quét tăng dần: sự kiện số ${range.afterId + 1}–${range.toId}`
				: `Quét toàn bộ: sự kiện đến số ${toId}`
		);
		// Certificates whose events were changed or removed since (their ids are old).
		const dirty = done.has('events')
			? []
			: (await ctx.db.selectFrom('scan_dirty_certificates').select('certificate_id').execute()).map(
					(r) => r.certificate_id
				);
		const touched =
			range && !done.has('events')
				? [...new Set([...(await touchedCertificates(ctx.db, settings, range)), ...dirty])].sort(
						(a, b) => a - b
					)
				: [];
		const slots = done.has('events') || range ? 1 : await burstSlots(ctx.db, settings);
		const watermark = (trx: Parameters<Parameters<typeof ctx.commit>[0]>[0]) =>
			sql`insert into scan_watermarks (scan, last_event_id, run_id, updated_at)
				values (${SCAN}, ${toId}, ${ctx.runId}, ${now})
				on conflict (scan) do update set last_event_id = excluded.last_event_id, run_id = excluded.run_id,
					updated_at = excluded.updated_at`.execute(trx);
		const groups = [
			{
				name: 'events',
				kinds: PASS_KINDS,
				// Nothing flagged among the new events: no finding of these kinds can change.
				skip: range !== null && touched.length === 0,
				found: () =>
					range ? scanPassRules(settings, 1, eventsOfCertificates(touched)) : scanPassRules(settings, slots),
				resolveWithin: range
					? sql<boolean>`f.certificate_id = any(${`{${touched.join(',')}}`}::int[])`
					: undefined
			},
			{
				name: 'certificates',
				kinds: CERTIFICATE_FIRST_KINDS,
				skip: false,
				found: () => certificateFirstRules(now),
				resolveWithin: undefined
			},
			{
				// Decree 30: an incremental run judges again the documents the new events (or the changed
				// certificates' events) carry, and resolves only their findings.
				name: 'documents',
				kinds: DOCUMENT_KINDS,
				skip: false,
				found: () => documentRules(documentSettings, range ? documentsTouched(range, dirty) : null),
				resolveWithin: range
					? sql<boolean>`(f.agency_id, f.evidence->>'document_number') in (select agency_id, number from (${documentsTouched(range, dirty)}) t)`
					: undefined
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
					if (g.name === 'events' && dirty.length)
						await trx.deleteFrom('scan_dirty_certificates').where('certificate_id', 'in', dirty).execute();
					const found = g.skip
						? { seen: 0, opened: 0, reopened: 0, resolved: 0 }
						: await syncFindings(trx, {
								kinds: g.kinds,
								found: g.found(),
								now,
								workMem: '256MB',
								resolveWithin: g.resolveWithin
							});
					if (last) await watermark(trx);
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
