// Every enumerated list the application shows, by the name its labels are filed under in the
// i18n vocabulary (`src/lib/i18n/messages/vocabulary.ts`). A label is read through `valueLabel`
// (`$lib/i18n/values`; `tv` on a page), by the pages and the workbooks alike.
import { CERT_KINDS, CERT_STATUSES } from './certificates';
import { CUSTODY_EVENTS, DEVICE_KINDS, TOKEN_STATUSES } from './devices';
import { FINDING_KIND_NAMES, FINDING_STATUSES, SEVERITIES } from './findings';
import { INSPECTION_STATUSES } from './inspections';
import { NOTIFICATION_KINDS } from './notifications';
import { AGENCY_KINDS, PERSON_STATUSES } from './organisation';
import { REPORT_KINDS, RECIPIENTS } from './reports';
import { REQUEST_KINDS, REQUEST_STATUSES } from './requests';
import { ROLES } from './roles';
import { CHANNELS, CLASSIFICATIONS, DIRECTIONS, SIGNING_FORMS } from './signing';

export const VOCABULARY = {
	certStatus: CERT_STATUSES,
	certKind: CERT_KINDS,
	tokenStatus: TOKEN_STATUSES,
	deviceType: DEVICE_KINDS,
	custody: CUSTODY_EVENTS,
	channel: CHANNELS,
	form: SIGNING_FORMS,
	classification: CLASSIFICATIONS,
	direction: DIRECTIONS,
	severity: SEVERITIES,
	findingStatus: FINDING_STATUSES,
	findingKind: FINDING_KIND_NAMES,
	personStatus: PERSON_STATUSES,
	agencyKind: AGENCY_KINDS,
	requestKind: REQUEST_KINDS,
	requestStatus: REQUEST_STATUSES,
	inspectionStatus: INSPECTION_STATUSES,
	reportKind: REPORT_KINDS,
	recipient: RECIPIENTS,
	role: ROLES,
	notificationKind: NOTIFICATION_KINDS
} as const;

export type ListName = keyof typeof VOCABULARY;
export type ValueOf<L extends ListName> = (typeof VOCABULARY)[L][number];
/** One label for every value of every list: what each language's catalogue must provide. */
export type VocabularyLabels = { [L in ListName]: Record<ValueOf<L>, string> };

export const LIST_NAMES = Object.keys(VOCABULARY) as ListName[];
