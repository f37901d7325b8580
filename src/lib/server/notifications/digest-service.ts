// The daily e-mail digest: for each user with an address, one message a day listing what is
// waiting for them (digest-store.ts says what), sent over SMTP and recorded. Exactly once per user
// and day: the day's row is claimed ('pending') in a committed write before the send and updated
// after it; a user whose row is sent, pending or failed for good is not sent to again, so a second
// run the same day, another instance, or a run resumed after a crash sends nothing twice.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Mailer } from '../mail/mailer';
import { MailSendError } from '../mail/mailer';
import { vietnamDay } from '../../time/vietnam';
import { renderDigest } from './digest-render';
import {
	MAX_DIGEST_ATTEMPTS,
	claimDigest,
	closeInterrupted,
	digestItems,
	digestRecipients,
	digestsOfDay,
	recordEmpty,
	recordFailed,
	recordSent
} from './digest-store';

export interface DigestRunInput {
	/** For reads and for recording a send's outcome. */
	db: Kysely<Database>;
	/**
	 * Writes that must commit only while this run still owns the job (the runner's `ctx.commit`):
	 * a run taken over stops at its next claim instead of sending beside its successor.
	 */
	write: <T>(w: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;
	mailer: Mailer;
	origin: string;
	now: Date;
	signal?: AbortSignal;
	progress?: (done: number, total: number) => Promise<void>;
}

export interface DigestFailure {
	username: string;
	recipient: string;
	error: string;
	attempts: number;
}

export interface DigestCounts {
	[key: string]: number;
	recipients: number;
	mailsSent: number;
	nothingToSend: number;
	alreadySent: number;
	mailsFailed: number;
	interrupted: number;
}

export interface DigestOutcome {
	day: string;
	counts: DigestCounts;
	failures: DigestFailure[];
}

export const INTERRUPTED_NOTE =
	'Gửi bị gián đoạn giữa chừng (máy chủ dừng hoặc mất kết nối): không rõ máy chủ thư đã nhận chưa, nên không gửi lại để tránh trùng; các việc trong thư sẽ có trong thư ngày hôm sau.';

function messageIdDomain(origin: string): string {
	try {
		return new URL(origin).hostname || 'kiemky';
	} catch {
		return 'kiemky';
	}
}

export async function sendDailyDigests(input: DigestRunInput): Promise<DigestOutcome> {
	const { db, write, mailer, origin, now } = input;
	const day = vietnamDay(now);
	const counts: DigestCounts = {
		recipients: 0,
		mailsSent: 0,
		nothingToSend: 0,
		alreadySent: 0,
		mailsFailed: 0,
		interrupted: 0
	};
	const failures: DigestFailure[] = [];

	counts.interrupted = await write((trx) => closeInterrupted(trx, INTERRUPTED_NOTE));
	const done = await digestsOfDay(db, day);
	const recipients = await digestRecipients(db);
	counts.recipients = recipients.length;
	const domain = messageIdDomain(origin);

	for (const [i, user] of recipients.entries()) {
		if (input.signal?.aborted) throw input.signal.reason ?? new Error('aborted');
		await input.progress?.(i, recipients.length);
		const today = done.get(user.id);
		if (today?.status === 'sent') {
			counts.alreadySent += 1;
			continue;
		}
		// Failed for good today (or interrupted): tomorrow's digest lists the items again.
		if (today?.status === 'failed' && today.attempts >= MAX_DIGEST_ATTEMPTS) continue;

		const items = await digestItems(db, user);
		if (!items.length) {
			if (!today) await write((trx) => recordEmpty(trx, user.id, day, user.email));
			counts.nothingToSend += 1;
			continue;
		}
		const message = renderDigest({ displayName: user.displayName, day, origin, items });
		const claim = await write((trx) =>
			claimDigest(trx, {
				userId: user.id,
				day,
				recipient: user.email,
				subject: message.subject,
				notificationIds: items.map((n) => n.id)
			})
		);
		if (!claim) continue;
		try {
			const sent = await mailer.send({
				to: user.email,
				...message,
				messageId: `<digest-${claim.id}.${claim.attempts}@${domain}>`
			});
			await recordSent(db, claim.id, { ...sent, at: new Date() });
			counts.mailsSent += 1;
		} catch (e) {
			if (!(e instanceof MailSendError)) throw e;
			await recordFailed(db, claim.id, { error: e.message, response: e.response });
			counts.mailsFailed += 1;
			failures.push({
				username: user.username,
				recipient: user.email,
				error: e.message,
				attempts: claim.attempts
			});
		}
	}
	await input.progress?.(recipients.length, recipients.length);
	return { day, counts, failures };
}
