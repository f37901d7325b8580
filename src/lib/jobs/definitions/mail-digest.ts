// mail-digest: the daily e-mail digest (src/lib/server/notifications/digest-service.ts) at the
// time of day the administrator set (setting notifications.digest_time, which moves this job's
// schedule). Without KIEMKY_SMTP_URL it sends nothing and says so: only the app notifies. Sends
// the server refused are recorded and retried: the run fails with a transient error, the runner
// queues its retry after a backoff, and the retry sends only what is still due (at most 3 tries).
import type { JobDefinition } from '../definition';
import { MAIL_DIGEST } from '../catalogue';
import { TransientError } from '../errors';
import { mailConfig } from '../../server/config/mail';
import { createMailer } from '../../server/mail/mailer';
import { sendDailyDigests, type DigestOutcome } from '../../server/notifications/digest-service';
import { MAX_DIGEST_ATTEMPTS } from '../../server/notifications/digest-store';
import { jobResultInWords } from '../../i18n/job-result';
import { formatDay } from '../../time/vietnam';

export const SMTP_NOT_CONFIGURED =
	'Chưa cấu hình máy chủ thư (KIEMKY_SMTP_URL): không gửi thư, chỉ thông báo trong ứng dụng.';

function failureSentence(outcome: DigestOutcome): string {
	const list = outcome.failures.map((f) => `${f.username} <${f.recipient}> (lần ${f.attempts}): ${f.error}`);
	return `Thư tổng hợp ngày ${formatDay(outcome.day)}: ${jobResultInWords('vi', outcome.counts)} Gửi lỗi: ${list.join('; ')}.`;
}

/** The job, reading the mail settings from `env` when it runs (tests pass their own). */
export function makeMailDigest(env: NodeJS.ProcessEnv = process.env): JobDefinition<Record<string, never>> {
	return {
		...MAIL_DIGEST,
		async run(ctx) {
			const config = mailConfig(env);
			if (!config) {
				await ctx.log.warn(SMTP_NOT_CONFIGURED);
				return { smtpNotConfigured: 1 };
			}
			const mailer = createMailer(config);
			let outcome: DigestOutcome;
			try {
				outcome = await sendDailyDigests({
					db: ctx.db,
					write: (w) => ctx.commit(w),
					mailer,
					origin: config.origin,
					now: ctx.clock.now(),
					signal: ctx.signal,
					progress: (done, total) => ctx.progress(done, total)
				});
			} finally {
				mailer.close();
			}
			if (outcome.counts.interrupted)
				await ctx.log.warn(
					`${outcome.counts.interrupted} thư bị gián đoạn ở lần chạy trước: không gửi lại (tránh trùng).`
				);
			if (outcome.failures.length) {
				const sentence = failureSentence(outcome);
				await ctx.log.error(sentence);
				if (outcome.failures.some((f) => f.attempts < MAX_DIGEST_ATTEMPTS))
					throw new TransientError(
						`${sentence} Sẽ thử lại ở lần chạy sau (tối đa ${MAX_DIGEST_ATTEMPTS} lần mỗi thư).`
					);
				throw new Error(`${sentence} Đã thử ${MAX_DIGEST_ATTEMPTS} lần: không thử lại.`);
			}
			await ctx.log.info(
				`Thư tổng hợp ngày ${formatDay(outcome.day)}: ${jobResultInWords('vi', outcome.counts)}`
			);
			return outcome.counts;
		}
	};
}

export const mailDigest = makeMailDigest();
