// deadline-watch: token recovery within 01 working day (Điều 11.2) and the key device handed
// back to the CA within 5 working days of revocation or expiry (NĐ 68 Art. 17-20, Mẫu 08),
// counted on the Vietnamese working-day calendar with the administrator's exceptions. The
// recovery clock starts when the request is submitted, not when it is accepted as valid, so a
// request left unaccepted runs late as well; and it applies to PKI tokens only (Điều 11.3:
// other devices follow Decree 68 Art. 22.3). Requests and devices are few (thousands), so
// deadlines are computed here and the findings synced as one set.
import { sql } from 'kysely';
import type { JobDefinition } from '../definition';
import { DEADLINE_WATCH } from '../catalogue';
import { FINDING_KINDS } from '../../domain/findings';
import { foundFromRows, sumCounts, syncFindings, type FoundFinding } from '../../server/findings/sync';
import { loadWorkingCalendar } from '../../server/calendar/load';
import { formatDate, startOfVietnamDay } from '../../time/vietnam';
import { readSetting } from '../../server/settings/store';

export const deadlineWatch: JobDefinition<Record<string, never>> = {
	...DEADLINE_WATCH,
	async run(ctx) {
		const now = ctx.clock.now();
		const cfg = await readSetting(ctx.db, 'jobs.deadlines');
		const cal = await loadWorkingCalendar(ctx.db);

		const recoveries = await ctx.db
			.selectFrom('lifecycle_requests as r')
			.innerJoin('tokens as t', 't.id', 'r.token_id')
			.select([
				'r.id',
				'r.agency_id',
				'r.person_id',
				'r.token_id',
				'r.certificate_id',
				'r.submitted_at',
				'r.valid_at',
				'r.decided_at',
				'r.reference_number',
				't.serial'
			])
			.where('r.kind', '=', 'recover')
			.where('t.device_type', '=', 'pki_token')
			.where('r.status', '<>', 'cancelled')
			.execute();
		const overdue: FoundFinding[] = [];
		for (const r of recoveries) {
			const due = cal.deadline(r.submitted_at, cfg.recoveryWorkingDays);
			const late = r.decided_at ? r.decided_at > due : now > due;
			if (!late) continue;
			const state = r.decided_at
				? `được xử lý ngày ${formatDate(r.decided_at)}, quá`
				: r.valid_at
					? 'chưa được xử lý, đã quá'
					: 'chưa được tiếp nhận là hợp lệ, đã quá';
			overdue.push({
				dedupe_key: `recovery_overdue:${r.id}`,
				kind: 'recovery_overdue',
				severity: FINDING_KINDS.recovery_overdue.severity,
				legal_basis: FINDING_KINDS.recovery_overdue.legalBasis,
				summary:
					`Yêu cầu khôi phục thiết bị PKI Token ${r.serial ?? ''} ${r.reference_number ? `(${r.reference_number}) ` : ''}gửi ngày ${formatDate(r.submitted_at)} ${state} hạn ${cfg.recoveryWorkingDays} ngày làm việc (hạn ${formatDate(new Date(due.getTime() - 1))}).`.replace(
						/\s+/g,
						' '
					),
				agency_id: r.agency_id,
				certificate_id: r.certificate_id,
				person_id: r.person_id,
				token_id: r.token_id,
				document_id: null,
				request_id: r.id,
				evidence: {
					submitted_at: r.submitted_at,
					valid_at: r.valid_at,
					decided_at: r.decided_at,
					due_at: due,
					working_days: cfg.recoveryWorkingDays
				}
			});
		}
		await ctx.progress(1, 2);

		// Certificates revoked or expired on a device that is neither back with the CA nor reported lost,
		// and not carrying another certificate still in use (a renewal onto the same token).
		const since = startOfVietnamDay(cfg.returnWatchSince);
		const devices = await sql<{
			id: number;
			fingerprint_sha256: string;
			subject_cn: string;
			agency_id: number | null;
			person_id: number | null;
			token_id: number;
			serial: string;
			cut: Date;
			returned_at: Date | null;
		}>`
			select c.id, c.fingerprint_sha256, c.subject_cn, c.agency_id, c.person_id, c.token_id, t.serial,
				least(coalesce(c.revoked_at, c.not_after), c.not_after) as cut,
				(select min(x.occurred_at) from token_custody_events x where x.token_id = c.token_id
					and x.event in ('returned_to_ca', 'lost') and x.occurred_at >= least(coalesce(c.revoked_at, c.not_after), c.not_after) - interval '30 days') as returned_at
			from certificates c join tokens t on t.id = c.token_id
			where (c.status = 'revoked' or c.not_after <= ${now}::timestamptz)
				and least(coalesce(c.revoked_at, c.not_after), c.not_after) >= ${since}::timestamptz
				and least(coalesce(c.revoked_at, c.not_after), c.not_after) <= ${now}::timestamptz
				and not exists (select 1 from certificates o where o.token_id = c.token_id and o.id <> c.id
					and o.status = 'active' and o.not_after > ${now}::timestamptz)`.execute(ctx.db);
		const unreturned: FoundFinding[] = [];
		for (const d of devices.rows) {
			const due = cal.deadline(d.cut, cfg.returnWorkingDays);
			const late = d.returned_at ? d.returned_at > due : now > due;
			if (!late) continue;
			unreturned.push({
				dedupe_key: `device_not_returned:${d.fingerprint_sha256}`,
				kind: 'device_not_returned',
				severity: FINDING_KINDS.device_not_returned.severity,
				legal_basis: FINDING_KINDS.device_not_returned.legalBasis,
				summary: `Thiết bị ${d.serial} của chứng thư "${d.subject_cn}" (thu hồi/hết hạn ngày ${formatDate(d.cut)}) ${d.returned_at ? `nộp lại ngày ${formatDate(d.returned_at)}, quá` : 'chưa nộp lại cho CA, đã quá'} hạn ${cfg.returnWorkingDays} ngày làm việc.`,
				agency_id: d.agency_id,
				certificate_id: d.id,
				person_id: d.person_id,
				token_id: d.token_id,
				document_id: null,
				request_id: null,
				evidence: { cut: d.cut, returned_at: d.returned_at, due_at: due, working_days: cfg.returnWorkingDays }
			});
		}
		const counts = await ctx.commit(async (trx) =>
			sumCounts(
				await syncFindings(trx, { kinds: ['recovery_overdue'], found: foundFromRows(overdue), now }),
				await syncFindings(trx, { kinds: ['device_not_returned'], found: foundFromRows(unreturned), now })
			)
		);
		await ctx.progress(2, 2);
		await ctx.log.info(
			`Yêu cầu khôi phục đã xét: ${recoveries.length}, quá hạn: ${overdue.length}; thiết bị cần nộp lại đã xét: ${devices.rows.length}, quá hạn: ${unreturned.length}.`
		);
		return { ...counts, recoveryRequests: recoveries.length, devicesWatched: devices.rows.length };
	}
};
