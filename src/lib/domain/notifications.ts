// Notifications: what kinds of thing reach a user (in the app's centre and in the daily e-mail
// digest), and where a digest's send stands. Mirrors the check constraints of migration
// 2026_12_07_0100_notifications.
export const NOTIFICATION_KINDS = [
	'finding',
	'certificate_expiry',
	'deadline',
	'request_decision',
	'job_failed',
	'escalation'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const MAIL_DIGEST_STATUSES = ['pending', 'sent', 'failed', 'empty'] as const;
export type MailDigestStatus = (typeof MAIL_DIGEST_STATUSES)[number];
