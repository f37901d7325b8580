// A job's title and description in the page's language. The Vietnamese ones are the catalogue's
// (src/lib/jobs/catalogue.ts, also printed by `kiem-ky job list`); the English ones are here, one per
// job of the catalogue (tests/unit/i18n/job-titles.test.ts fails on a job without them).
import type { Lang } from './catalogue';

export const JOB_TEXT_EN: Record<string, { title: string; description: string }> = {
	'expiry-scan': {
		title: 'Expiring certificates scan',
		description:
			'Certificates about to expire without a renewal request, expired ones still recorded in use, validity over 5 years or a renewal over 3, certificates that should have been revoked, missing change-of-information requests, organisation certificates without a clerk or a hand-over.'
	},
	'revocation-scan': {
		title: 'Certificate revocation scan (CRL)',
		description:
			"Compares the CAs' CRLs with the certificate inventory, marks revoked certificates, finds signatures made after revocation or expiry."
	},
	'misuse-scan': {
		title: 'Signature misuse scan',
		description:
			'Organisation certificates not used by the clerk, wrong titles, signing on behalf with the wrong certificate, using another person’s certificate, classified documents, use for another agency, incoming documents without a signature check, signing after revocation, expiry or loss of the device, unusual patterns.'
	},
	'archive-reverify': {
		title: 'Archive re-verification',
		description:
			'Verifies again the signatures of archived documents (the time of receipt is the proof of existence); raises a finding when the result gets worse.'
	},
	'deadline-watch': {
		title: 'Deadline watch',
		description:
			'Device recovery within 01 working day (Article 11.2), devices handed back within 5 working days after revocation or expiry.'
	},
	'periodic-reports': {
		title: 'Periodic reports',
		description:
			'The quarterly report after each quarter; the annual report and the next year’s demand plan in January; kept in the report archive.'
	},
	'audit-verify': {
		title: 'Audit log integrity check',
		description:
			'Checks the hash chain, the sequence numbers and the authentication codes of the audit log; records a daily checkpoint (Article 3.4).'
	},
	'mail-digest': {
		title: 'Daily e-mail digest',
		description:
			'One e-mail a day per user listing the unread items to act on, by agency; the sending time is set by the administrator.'
	},
	'notifications-refresh': {
		title: 'Notifications refresh',
		description:
			'Creates notifications for each user within their scope (new findings, expiring certificates, deadlines, decisions on requests, failed jobs); removes those whose reason has gone; escalates items left unread to the inspectors.'
	}
};

interface JobText {
	name: string;
	title: string;
	description: string;
}

/** The job's title and description in `lang`: the catalogue's Vietnamese, or the English above. */
export function jobText(lang: Lang, job: JobText): { title: string; description: string } {
	const en = lang === 'en' ? JOB_TEXT_EN[job.name] : undefined;
	return en ?? { title: job.title, description: job.description };
}
