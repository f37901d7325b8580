// What the administrator sees and sets about e-mail (/quan-tri/thu-dien-tu): whether SMTP is
// configured (from the environment, never the password), the digest's time of day, and the
// mail-digest job's schedule, which follows that time: saving the time rewrites the schedule in
// the same transaction, and the scheduler picks it up at its next reload (every minute).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/log';
import { readSetting, writeSettings } from '../settings/store';
import { SETTINGS } from '../settings/catalogue';
import { MAIL_DIGEST } from '../../jobs/catalogue';
import { mailSummary, type MailSummary } from '../config/mail';

export interface MailSettingsView {
	mail: MailSummary;
	digestTime: string;
	/** The mail-digest job's schedule as stored (its default while the scheduler has not written it). */
	cron: string;
	enabled: boolean;
	/** The schedule was changed on the jobs page and no longer runs at digestTime. */
	cronDiffers: boolean;
}

/** "07:30" → "30 7 * * *": every day at that time, Vietnam time (the scheduler's time zone). */
export function digestCron(time: string): string {
	const [h, m] = time.split(':').map(Number);
	return `${m} ${h} * * *`;
}

export async function mailSettingsView(
	db: Kysely<Database>,
	env: NodeJS.ProcessEnv = process.env
): Promise<MailSettingsView> {
	const digestTime = await readSetting(db, 'notifications.digest_time');
	const schedule = await db
		.selectFrom('job_schedules')
		.select(['cron', 'enabled'])
		.where('job_name', '=', MAIL_DIGEST.name)
		.executeTakeFirst();
	const cron = schedule?.cron ?? MAIL_DIGEST.defaultCron;
	return {
		mail: mailSummary(env),
		digestTime,
		cron,
		enabled: schedule?.enabled ?? true,
		cronDiffers: cron !== digestCron(digestTime)
	};
}

export async function saveDigestTime(
	db: Kysely<Database>,
	user: AuthUser,
	time: string,
	ip: string | null
): Promise<string> {
	const value = time.trim();
	if (!SETTINGS['notifications.digest_time'].schema.safeParse(value).success)
		throw new AppError('INVALID_INPUT', 'Giờ gửi thư phải có dạng giờ:phút, ví dụ 07:00.', {
			field: 'digestTime'
		});
	const cron = digestCron(value);
	await db.transaction().execute(async (trx) => {
		const before = await readSetting(trx, 'notifications.digest_time');
		await writeSettings(trx, { 'notifications.digest_time': value });
		await trx
			.insertInto('job_schedules')
			.values({
				job_name: MAIL_DIGEST.name,
				cron,
				catch_up: MAIL_DIGEST.catchUp,
				updated_at: new Date(),
				updated_by: user.id
			})
			.onConflict((oc) =>
				oc.column('job_name').doUpdateSet({ cron, updated_at: new Date(), updated_by: user.id })
			)
			.execute();
		await recordAudit(trx, {
			userId: user.id,
			actor: user.username,
			action: 'settings.digest_time_update',
			entityType: 'settings',
			entityId: 'notifications.digest_time',
			ip,
			details: { before, after: value, schedule: { job: MAIL_DIGEST.name, cron } }
		});
	});
	return value;
}
