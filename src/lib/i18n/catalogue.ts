// The message catalogues, one file per domain under messages/ (so features add words without
// touching each other's files), merged into one dictionary per language. Pure: the server, the
// workbooks and the CLI read it directly; pages use `t()` from ./index, which adds the page's language.
import * as common from './messages/common';
import * as dashboard from './messages/dashboard';
import * as audit from './messages/audit';
import * as archive from './messages/archive';
import * as archiveIntake from './messages/archive-intake';
import * as requests from './messages/requests';
import * as reports from './messages/reports';
import * as jobs from './messages/jobs';
import * as signingImport from './messages/signing-import';
import * as organisationAgencies from './messages/organisation-agencies';
import * as people from './messages/people';
import * as custody from './messages/custody';
import * as requestCompletion from './messages/request-completion';
import * as orgImport from './messages/organisation-import';
import * as apiDocs from './messages/api-docs';
import * as verificationReports from './messages/verification-reports';
import * as overview from './messages/overview';
import * as jobWords from './messages/job-words';
import * as evidence from './messages/evidence';
import * as auditWords from './messages/audit-words';
import * as layout from './messages/layout';
import * as mail from './messages/mail';
import * as notifications from './messages/notifications';
import * as ruleSettings from './messages/rule-settings';
import * as pickers from './messages/pickers';

export type Lang = 'vi' | 'en';
export const LANGS: Lang[] = ['vi', 'en'];

const catalogues = [
	common,
	dashboard,
	audit,
	archive,
	archiveIntake,
	requests,
	reports,
	jobs,
	organisationAgencies,
	signingImport,
	people,
	custody,
	requestCompletion,
	orgImport,
	apiDocs,
	verificationReports,
	overview,
	jobWords,
	evidence,
	auditWords,
	layout,
	mail,
	notifications,
	ruleSettings,
	pickers
];

const dictionaries: Record<Lang, Record<string, string>> = {
	vi: Object.assign({}, ...catalogues.map((c) => c.vi)),
	en: Object.assign({}, ...catalogues.map((c) => c.en))
};

export function translate(lang: Lang, key: string): string {
	return dictionaries[lang][key] ?? dictionaries.vi[key] ?? key;
}

export function parseLang(value: string | undefined | null): Lang {
	return value === 'en' ? 'en' : 'vi';
}
