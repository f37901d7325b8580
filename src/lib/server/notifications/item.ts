// What a notification source found: one subject at one stage (a certificate 15 days before expiry,
// a request whose deadline passed), written in both languages, with the roles it is for. The
// refresh (./refresh.ts) turns each item into one row per user it reaches.
import type { NotificationKind } from '../../domain/notifications';
import type { Severity } from '../../domain/findings';
import type { Role } from '../auth/roles';

export interface NotificationItem {
	kind: NotificationKind;
	/** Names the subject and its stage, e.g. 'expiry:cert:42:15'; unique per user. */
	key: string;
	/** The agency the subject belongs to: an agency officer is reached only within their subtree. */
	agencyId: number | null;
	severity: Severity;
	titleVi: string;
	titleEn: string;
	bodyVi: string | null;
	bodyEn: string | null;
	/** A path inside the app. */
	link: string;
	dueAt: Date | null;
	/** The roles it is for (within each user's scope). */
	audience: readonly Role[];
	/**
	 * Whether it is new enough to notify about now. A stale item (a finding open for months) is
	 * still current, so the notifications already made for it stay, but nobody is told afresh.
	 */
	fresh: boolean;
}

/** Kinds whose notifications are cleared when their source no longer reports them. */
export const CLEARABLE_KINDS = [
	'finding',
	'certificate_expiry',
	'deadline',
	'job_failed',
	'escalation'
] as const;

/** How far back a source looks for something new (decisions, failed runs, findings). */
export const FRESH_DAYS = 30;

/** One line, without the runs of spaces a template leaves. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** "Sở Y tế: " before a body, when the subject has an agency. */
export const agencyPrefix = (name: string | null | undefined): string => (name ? `${name}: ` : '');
