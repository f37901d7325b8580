// Whether a device went back to the CA (Mẫu 08) within the working days allowed after its
// certificate was revoked or expired (Decree 68 Art. 17-20: 5 working days, a setting shared with
// the deadline-watch job), counted on the working-day calendar. Derived when shown, never stored.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { loadWorkingCalendar } from '../calendar/load';
import { readSetting } from '../settings/store';

export interface ReturnDeadline {
	/** The certificate whose end started the clock. */
	certificateId: number;
	/** When it ended: revoked, or expired, whichever came first. */
	endedAt: Date;
	dueAt: Date;
	workingDays: number;
	onTime: boolean;
}

/**
 * For each 'returned_to_ca' event of a device, the deadline it answered: the latest certificate on
 * the device that ended before the return. A return before any certificate ended has no deadline.
 */
export async function returnDeadlines(
	db: Kysely<Database>,
	tokenId: number,
	events: readonly { id: number; event: string; occurred_at: Date }[]
): Promise<Map<number, ReturnDeadline>> {
	const out = new Map<number, ReturnDeadline>();
	const returns = events.filter((e) => e.event === 'returned_to_ca');
	if (!returns.length) return out;
	const [certs, cfg, cal] = await Promise.all([
		db
			.selectFrom('certificates')
			.select(['id', 'revoked_at', 'not_after'])
			.where('token_id', '=', tokenId)
			.execute(),
		readSetting(db, 'jobs.deadlines'),
		loadWorkingCalendar(db)
	]);
	const ends = certs
		.map((c) => ({
			id: c.id,
			at: c.revoked_at && c.revoked_at < c.not_after ? c.revoked_at : c.not_after
		}))
		.sort((a, b) => a.at.getTime() - b.at.getTime());
	for (const r of returns) {
		const ended = ends.filter((c) => c.at <= r.occurred_at).at(-1);
		if (!ended) continue;
		const dueAt = cal.deadline(ended.at, cfg.returnWorkingDays);
		out.set(r.id, {
			certificateId: ended.id,
			endedAt: ended.at,
			dueAt,
			workingDays: cfg.returnWorkingDays,
			onTime: r.occurred_at <= dueAt
		});
	}
	return out;
}
