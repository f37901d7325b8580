// The one schema of a signing event, whoever sends it: the JSON API validates each event of a
// batch with it and the OpenAPI document shows it (SigningEvent), and the file readers' records
// go through it after normaliseTextRecord has turned their cells into the same JSON types.
// Messages are Vietnamese and English: each is written with bi() and split by issueMessages().
import { z } from 'zod/v4';
import { VIETNAM_UTC_OFFSET_MS } from '../../time/vietnam';
import { CHANNELS, CLASSIFICATIONS, DIRECTIONS, SIGNING_FORMS } from '../../domain/signing';
import {
	EVENT_DEFAULTS,
	FINGERPRINT_SHAPE,
	INDICATIONS,
	INSTANT,
	SOURCE_ID_MAX,
	TEXT_LIMITS,
	certainlyPassesSchema
} from './event-fast-check';

const SEP = '\u241f';
/** A message in both languages, carried through zod as one string. */
export const bi = (vi: string, en: string) => `${vi}${SEP}${en}`;
export interface BilingualMessage {
	vi: string;
	en: string;
}
export function splitMessage(message: string): BilingualMessage {
	const at = message.indexOf(SEP);
	return at < 0 ? { vi: message, en: message } : { vi: message.slice(0, at), en: message.slice(at + 1) };
}

const text = (max: number, description: string) =>
	z
		.string()
		.max(max, { error: bi(`dài quá ${max} ký tự`, `longer than ${max} characters`) })
		.meta({ description });

/** An optional text: absent, null and blank all mean "not given" (toEventRecord drops them). */
const optionalText = (max: number, description: string) => text(max, description).nullish();

const BAD_INSTANT = bi(
	'thời điểm không hợp lệ (ISO 8601, ví dụ 2026-03-05T09:15:03+07:00)',
	'not a valid time (ISO 8601, e.g. 2026-03-05T09:15:03+07:00)'
);
const BAD_FINGERPRINT = bi('dấu vân tay SHA-256 không hợp lệ', 'not a valid SHA-256 fingerprint');

const oneOf = <T extends readonly [string, ...string[]]>(values: T, description: string) =>
	z.enum(values).meta({ description });

// Only checks, no transforms: what the values mean (trimmed text, the instant, the normalised
// references) toEventRecord works out afterwards. Valid events do not even reach zod: the
// hand-written certainlyPassesSchema (event-fast-check.ts) lets them through; zod judges the rest
// and words their errors.
export const signingEventSchema = z
	.object({
		source_system: optionalText(
			TEXT_LIMITS.source_system,
			'Hệ thống nguồn; mặc định là hệ thống của khóa API. The source system; by default the API key’s.'
		),
		source_id: z.union([z.string().max(SOURCE_ID_MAX), z.number().int().nonnegative()]).meta({
			description:
				'Mã bản ghi trong hệ thống nguồn; mỗi (source_system, source_id) chỉ lưu một lần. ' +
				'The record id in the source system; one event per (source_system, source_id).'
		}),
		signed_at: z
			.string()
			.regex(INSTANT, { error: BAD_INSTANT })
			.meta({
				description:
					'Thời điểm ký, ISO 8601; không có múi giờ thì hiểu là giờ Việt Nam (+07:00). ' +
					'The signing time, ISO 8601; without an offset it is Vietnam time (+07:00).',
				examples: ['2026-03-05T09:15:03+07:00']
			}),
		certificate_fingerprint: z
			.string()
			.regex(FINGERPRINT_SHAPE, { error: BAD_FINGERPRINT })
			.nullish()
			.meta({
				description:
					'Dấu vân tay SHA-256 của chứng thư ký (64 chữ số hex, có thể có dấu :). ' +
					'SHA-256 fingerprint of the signing certificate (64 hex digits, colons allowed).'
			}),
		certificate_serial: optionalText(
			TEXT_LIMITS.certificate_serial,
			'Số hiệu chứng thư (hex), khi không có dấu vân tay. The certificate serial number (hex), when no fingerprint is given.'
		),
		acting_person_national_id: optionalText(
			TEXT_LIMITS.acting_person_national_id,
			'Số định danh cá nhân của người ký. The signer’s national identity number.'
		),
		acting_person_email: optionalText(
			TEXT_LIMITS.acting_person_email,
			'Thư điện tử của người ký. The signer’s e-mail.'
		),
		acting_title: optionalText(TEXT_LIMITS.acting_title, 'Chức danh khi ký. The title signed under.'),
		signing_form: oneOf(
			SIGNING_FORMS,
			'Hình thức ký: own (ký chính), kt (ký thay), tl (thừa lệnh), tuq (thừa ủy quyền), tm (thay mặt), q (quyền), ' +
				'org (chứng thư tổ chức), copy (bản sao), attachment (phụ lục). The signing form.'
		).default(EVENT_DEFAULTS.signing_form),
		document_number: optionalText(
			TEXT_LIMITS.document_number,
			'Số, ký hiệu văn bản. The document number and symbol.'
		),
		document_agency_code: optionalText(
			TEXT_LIMITS.document_agency_code,
			'Mã cơ quan của văn bản (ban hành hoặc nhận). The code of the document’s agency (issuing or receiving).'
		),
		classification: oneOf(
			CLASSIFICATIONS,
			'Độ mật: normal, confidential, secret, top_secret. The classification.'
		).default(EVENT_DEFAULTS.classification),
		channel: oneOf(CHANNELS, 'Kênh: qlvb (QLVB&ĐH), dvc (dịch vụ công), email, portal, other. The channel.'),
		direction: oneOf(DIRECTIONS, 'Văn bản đi hoặc đến. Outgoing or incoming.').default(
			EVENT_DEFAULTS.direction
		),
		incoming_indication: oneOf(
			INDICATIONS,
			'Kết quả kiểm tra chữ ký của văn bản đến. The verification result of an incoming document.'
		).nullish(),
		accepted: z
			.boolean()
			.nullish()
			.meta({ description: 'Văn bản đến có được tiếp nhận. Whether the incoming document was accepted.' })
	})
	.meta({
		description:
			'Một sự kiện ký số do hệ thống nguồn ghi nhận. A signing event as the source system recorded it.'
	});

export type SigningEventInput = z.input<typeof signingEventSchema>;
type Checked = z.output<typeof signingEventSchema>;

/** A signing event as the pipeline stores it: text trimmed, blanks gone, the instant parsed. */
export interface SigningEventRecord {
	source_system: string;
	source_id: string;
	signed_at: Date;
	/** Lower-case hex without colons. */
	certificate_fingerprint?: string;
	/** Lower-case hex without colons or spaces. */
	certificate_serial?: string;
	acting_person_national_id?: string;
	/** Lower case. */
	acting_person_email?: string;
	acting_title?: string;
	signing_form: Checked['signing_form'];
	document_number?: string;
	document_agency_code?: string;
	classification: Checked['classification'];
	channel: Checked['channel'];
	direction: Checked['direction'];
	incoming_indication?: NonNullable<Checked['incoming_indication']>;
	accepted?: boolean;
}

export interface EventFieldIssue extends BilingualMessage {
	/** The canonical field at fault, or null for the whole record. */
	field: string | null;
}

/** Messages for the issues whose schema gives none (missing, wrong type, not one of the values). */
function defaultMessage(issue: z.core.$ZodRawIssue): string {
	if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input == null)
		return bi('thiếu giá trị', 'missing');
	if (issue.code === 'invalid_type') {
		if (!issue.path?.length)
			return bi('mỗi sự kiện phải là một đối tượng JSON ({…})', 'each event must be a JSON object ({…})');
		const want =
			issue.expected === 'string'
				? 'chuỗi ký tự'
				: issue.expected === 'boolean'
					? 'true/false'
					: issue.expected;
		return bi(`kiểu dữ liệu không hợp lệ (cần ${want})`, `wrong type (expected ${issue.expected})`);
	}
	if (issue.code === 'invalid_value') {
		const values = issue.values.map(String).join(', ');
		return bi(`phải là một trong: ${values}`, `must be one of: ${values}`);
	}
	if (issue.code === 'invalid_union')
		return bi('phải là chuỗi ký tự hoặc số', 'must be a string or a number');
	if (issue.code === 'too_small') return bi('giá trị quá nhỏ', 'value too small');
	return bi('giá trị không hợp lệ', 'invalid value');
}

// Not calendarDay() of time/vietnam.ts: it builds a Date per call, and this runs a million times an import.
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
	if (month !== 2) return DAYS[month - 1]!;
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * The instant of an ISO 8601 date and time; without an offset it is Vietnam time (+07:00), as
 * the province's document systems log local time. A day the month does not have (2026-02-30) is
 * null, never rolled over into March as Date() would.
 */
export function parseInstant(value: string): Date | null {
	const m = INSTANT.exec(value);
	if (!m) return null;
	const y = +m[1]!;
	const mo = +m[2]!;
	const d = +m[3]!;
	const h = +m[4]!;
	const mi = +m[5]!;
	const s = m[6] ? +m[6] : 0;
	if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
	const ms = m[7] ? Math.floor(+`0.${m[7]}` * 1000) : 0;
	let offsetMinutes = VIETNAM_UTC_OFFSET_MS / 60_000;
	const zone = m[8];
	if (zone === 'Z' || zone === 'z') offsetMinutes = 0;
	else if (zone) {
		const oh = +zone.slice(1, 3);
		const om = +(zone.length > 3 ? zone.slice(-2) : '0');
		if (oh > 14 || om > 59) return null;
		offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000);
}

const CANONICAL_FINGERPRINT = /^[0-9a-f]{64}$/;
export const normaliseFingerprint = (fp: string) => fp.replace(/[:\s]/g, '').toLowerCase();
/** Lower-case hex without separators or the DER sign byte, as the inventory stores serials. */
export const normaliseSerial = (s: string) =>
	s
		.replace(/[:\s]/g, '')
		.toLowerCase()
		.replace(/^00(?=[89a-f])/, '');

// NUL cannot be stored in PostgreSQL text, and the other C0 controls are never part of an id, a
// title or a document number: refused rather than stored (or failing the whole insert).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MISSING = bi('thiếu giá trị', 'missing');
const CONTROL_CHARS = bi('chứa ký tự điều khiển', 'contains control characters');

const TEXT_FIELDS = [
	'source_system',
	'certificate_serial',
	'acting_person_national_id',
	'acting_person_email',
	'acting_title',
	'document_number',
	'document_agency_code'
] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() || undefined : undefined);

/**
 * What the values mean, and the rules a JSON Schema cannot say: text trimmed and free of control
 * characters, the instant existing, a certificate reference given, the incoming-only fields.
 * `skip` names the fields the schema already refused (their raw values are not looked at).
 */
const NOTHING_SKIPPED: ReadonlySet<string | null> = new Set();

function toEventRecord(
	c: Record<string, unknown>,
	skip: ReadonlySet<string | null> = NOTHING_SKIPPED
): { ok: true; value: SigningEventRecord } | { ok: false; issues: EventFieldIssue[] } {
	const issues: EventFieldIssue[] = [];
	const fail = (field: string, message: string) => {
		if (!skip.has(field)) issues.push({ field, ...splitMessage(message) });
	};
	// The schema's defaults: its output has them, a value that took the fast path may not.
	const out: Record<string, unknown> = {
		signing_form: c.signing_form ?? EVENT_DEFAULTS.signing_form,
		classification: c.classification ?? EVENT_DEFAULTS.classification,
		channel: c.channel,
		direction: c.direction ?? EVENT_DEFAULTS.direction
	};
	for (const f of TEXT_FIELDS) {
		const v = str(c[f]);
		if (v === undefined) continue;
		if (CONTROL.test(v)) fail(f, CONTROL_CHARS);
		else out[f] = v;
	}
	const sourceId = typeof c.source_id === 'number' ? String(c.source_id) : str(c.source_id);
	if (!sourceId) fail('source_id', MISSING);
	else if (CONTROL.test(sourceId)) fail('source_id', CONTROL_CHARS);
	out.source_id = sourceId;
	if (!out.source_system) fail('source_system', MISSING);
	if (typeof c.signed_at === 'string') {
		const at = parseInstant(c.signed_at);
		if (!at)
			fail(
				'signed_at',
				INSTANT.test(c.signed_at)
					? bi(`ngày giờ không tồn tại: ${c.signed_at.trim()}`, `no such date or time: ${c.signed_at.trim()}`)
					: BAD_INSTANT
			);
		out.signed_at = at;
	}
	const fp = str(c.certificate_fingerprint);
	if (fp) {
		// Most systems send it already as 64 lower-case hex digits: then there is nothing to strip.
		out.certificate_fingerprint = CANONICAL_FINGERPRINT.test(fp) ? fp : normaliseFingerprint(fp);
		if (!CANONICAL_FINGERPRINT.test(out.certificate_fingerprint as string))
			fail('certificate_fingerprint', BAD_FINGERPRINT);
	}
	if (out.certificate_serial) out.certificate_serial = normaliseSerial(out.certificate_serial as string);
	if (!fp && !out.certificate_serial && !skip.has('certificate_serial'))
		fail(
			'certificate_fingerprint',
			bi(
				'cần certificate_fingerprint hoặc certificate_serial',
				'certificate_fingerprint or certificate_serial is required'
			)
		);
	if (out.acting_person_email) {
		const email = (out.acting_person_email as string).toLowerCase();
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
			fail('acting_person_email', bi('thư điện tử không hợp lệ', 'not a valid e-mail address'));
		out.acting_person_email = email;
	}
	if (c.incoming_indication != null) out.incoming_indication = c.incoming_indication;
	if (c.accepted != null) out.accepted = c.accepted;
	if (c.direction !== 'incoming' && (c.incoming_indication != null || c.accepted != null))
		fail(
			'direction',
			bi(
				'incoming_indication và accepted chỉ dùng cho văn bản đến (direction = incoming)',
				'incoming_indication and accepted apply to incoming documents only (direction = incoming)'
			)
		);
	return issues.length ? { ok: false, issues } : { ok: true, value: out as unknown as SigningEventRecord };
}

/** Validates one record with signingEventSchema; its issues one per field, in both languages. */
export function parseSigningEvent(
	values: unknown
): { ok: true; value: SigningEventRecord } | { ok: false; issues: EventFieldIssue[] } {
	if (certainlyPassesSchema(values)) return toEventRecord(values);
	const fast = signingEventSchema.safeParse(values);
	if (fast.success) return toEventRecord(fast.data);
	// Failures are rare: only then is the schema run again with the message map (which costs).
	const parsed = signingEventSchema.safeParse(values, { error: defaultMessage });
	const seen = new Set<string | null>();
	const issues: EventFieldIssue[] = [];
	for (const i of parsed.success ? fast.error.issues : parsed.error.issues) {
		const field = i.path.length ? String(i.path[0]) : null;
		if (seen.has(field)) continue; // one message per field is enough to fix it
		seen.add(field);
		issues.push({ field, ...splitMessage(i.message) });
	}
	// The fields the schema let through still get their own checks, so every problem is told at once.
	if (!seen.has(null) && values && typeof values === 'object' && !Array.isArray(values)) {
		const rest = toEventRecord(values as Record<string, unknown>, seen);
		if (!rest.ok) issues.push(...rest.issues);
	}
	return { ok: false, issues };
}

/**
 * Cells of a file (CSV, XLSX, JSON Lines) as the schema's JSON types: a blank cell is no value,
 * a date cell is its instant, a number where text is expected is its digits, and `accepted`
 * reads the words people type (có/không, x, 1/0, true/false).
 */
export function normaliseTextRecord(values: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const k in values) {
		if (!Object.hasOwn(values, k)) continue;
		const v = values[k];
		if (typeof v === 'string') {
			if (k === 'accepted') out[k] = acceptedWord(v);
			else if (v.trim() !== '') out[k] = v;
		} else if (v === undefined || v === null) continue;
		else if (k === 'accepted' && typeof v !== 'boolean') out[k] = acceptedWord(String(v));
		else if (typeof v === 'number') out[k] = k === 'source_id' ? v : String(v);
		else if (v instanceof Date) out[k] = Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
		else out[k] = v;
	}
	return out;
}

function acceptedWord(v: string): unknown {
	const s = v.trim().toLowerCase();
	if (s === '') return undefined;
	if (s === 'true' || s === '1' || s === 'yes' || s === 'có' || s === 'x') return true;
	if (s === 'false' || s === '0' || s === 'no' || s === 'không') return false;
	return v;
}
