// The fast path of signing-event validation. signingEventSchema (zod, event-schema.ts) stays the
// one definition the OpenAPI document shows and the one that words every error; this hand-written
// check only answers "does this value certainly pass the schema?" without building zod's issue
// machinery, which costs about as much as the rest of the pipeline over a million rows. It may
// answer false for a value the schema accepts (the schema then decides, more slowly), never true
// for one it refuses: a false is always followed by the schema's own verdict and messages, so
// no message is ever worded here. tests/unit/import/event-fast-check.test.ts holds the two to
// each other.

import { CHANNELS, CLASSIFICATIONS, DIRECTIONS, SIGNING_FORMS } from '../../domain/signing';
export const INDICATIONS = ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'] as const;

/** The defaults the schema fills in when the field is absent (undefined, not null). */
export const EVENT_DEFAULTS = {
	signing_form: 'own',
	classification: 'normal',
	direction: 'outgoing'
} as const;

export const INSTANT =
	/^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i;
export const FINGERPRINT_SHAPE = /^\s*[0-9A-Fa-f:]{64,95}\s*$|^\s*$/;

/** The optional text fields and their maximum length (string length, as zod's max counts);
 * certainlyPassesSchema reads each by name, so a field added here is added there too. */
export const TEXT_LIMITS = {
	source_system: 100,
	certificate_serial: 100,
	acting_person_national_id: 50,
	acting_person_email: 200,
	acting_title: 200,
	document_number: 100,
	document_agency_code: 50
} as const;
export const SOURCE_ID_MAX = 200;

/** An optional text field: absent, null, or a string of at most `max` characters. */
const textFits = (x: unknown, max: number) =>
	x === undefined || x === null || (typeof x === 'string' && x.length <= max);
const channels = new Set<unknown>(CHANNELS);
const forms = new Set<unknown>(SIGNING_FORMS);
const classifications = new Set<unknown>(CLASSIFICATIONS);
const directions = new Set<unknown>(DIRECTIONS);
const indications = new Set<unknown>(INDICATIONS);

/** An enum with a default: absent, or one of the values (null is refused, as zod's default does). */
const withDefault = (v: unknown, allowed: Set<unknown>) => v === undefined || allowed.has(v);

/**
 * Whether `v` certainly passes signingEventSchema. The schema's output for such a value is the
 * value itself (unknown keys aside) with EVENT_DEFAULTS for the enums left out.
 */
export function certainlyPassesSchema(v: unknown): v is Record<string, unknown> {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
	const r = v as Record<string, unknown>;
	// Each field read by name (not r[field] in a loop over TEXT_LIMITS): named loads are several
	// times cheaper than keyed ones, and this runs for every record.
	if (
		!textFits(r.source_system, TEXT_LIMITS.source_system) ||
		!textFits(r.certificate_serial, TEXT_LIMITS.certificate_serial) ||
		!textFits(r.acting_person_national_id, TEXT_LIMITS.acting_person_national_id) ||
		!textFits(r.acting_person_email, TEXT_LIMITS.acting_person_email) ||
		!textFits(r.acting_title, TEXT_LIMITS.acting_title) ||
		!textFits(r.document_number, TEXT_LIMITS.document_number) ||
		!textFits(r.document_agency_code, TEXT_LIMITS.document_agency_code)
	)
		return false;
	const id = r.source_id;
	if (typeof id === 'string') {
		if (id.length > SOURCE_ID_MAX) return false;
	} else if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return false;
	const at = r.signed_at;
	if (typeof at !== 'string' || !INSTANT.test(at)) return false;
	const fp = r.certificate_fingerprint;
	if (fp !== undefined && fp !== null && (typeof fp !== 'string' || !FINGERPRINT_SHAPE.test(fp)))
		return false;
	if (!channels.has(r.channel)) return false;
	if (!withDefault(r.signing_form, forms)) return false;
	if (!withDefault(r.classification, classifications)) return false;
	if (!withDefault(r.direction, directions)) return false;
	const ind = r.incoming_indication;
	if (ind !== undefined && ind !== null && !indications.has(ind)) return false;
	const acc = r.accepted;
	return acc === undefined || acc === null || typeof acc === 'boolean';
}
