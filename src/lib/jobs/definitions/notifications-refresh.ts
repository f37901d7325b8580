// notifications-refresh: fills every user's notification centre from the findings, certificates,
// requests, devices and job runs in their scope (src/lib/server/notifications), clears what no
// longer needs doing and escalates what an officer left unread. Hourly, so the scans' findings
// reach the bells within the hour; the daily e-mail digest reads what it made.
import type { JobDefinition } from '../definition';
import { NOTIFICATIONS_REFRESH } from '../catalogue';
import { refreshNotifications } from '../../server/notifications/refresh';

export const notificationsRefresh: JobDefinition<Record<string, never>> = {
	...NOTIFICATIONS_REFRESH,
	async run(ctx) {
		const now = ctx.clock.now();
		const counts = await ctx.commit((trx) => refreshNotifications(trx, now));
		await ctx.progress(1, 1);
		await ctx.log.info(
			`Thông báo mới: ${counts.notificationsCreated}; đã gỡ: ${counts.notificationsCleared}; chuyển thanh tra: ${counts.notificationsEscalated}; người dùng đã xét: ${counts.usersConsidered}.`
		);
		return { ...counts };
	}
};
