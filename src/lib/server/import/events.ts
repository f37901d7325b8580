// Signing events from a document system (QLVB&ĐH, DVC, …) as CSV or JSON Lines. Every row is
// checked first and references resolved (certificate, acting person, document agency); a file
// with any bad row imports nothing and the report lists each bad row. Good files are inserted
// in one transaction, idempotently on (source_system, source_id, signed_at), after the monthly
// partitions they need exist.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { NewSigningEvent } from '../db/schema';
import { ensureSigningEventPartitions } from '../db/partitions';
import { recordAudit, type AuditInput } from '../audit/log';
import { parseCsv } from './csv';
import { formatDate, isCalendarDay, startOfVietnamDay, VIETNAM_UTC_OFFSET } from '../../time/vietnam';
import { resolveEventReferences } from './event-references';

export interface RowError {
	line: number;
	message: string;
}

export interface EventImportResult {
	rows: number;
	inserted: number;
	alreadyPresent: number;
	errors: RowError[];
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodTypeAny>(s: T) => z.preprocess(blankToUndefined, s.optional());
const bool = z.preprocess(
	(v) => {
		if (typeof v === 'boolean' || v === undefined) return v;
		const s = String(v).trim().toLowerCase();
		if (s === '') return undefined;
		return ['true', '1', 'yes', 'có', 'x'].includes(s)
			? true
			: ['false', '0', 'no', 'không'].includes(s)
				? false
				: v;
	},
	z.boolean({ invalid_type_error: 'phải là true/false' }).optional()
);

// A time without an offset is Vietnam time: document systems of the province log local time.
const instant = z.preprocess(
	(v) => {
		if (typeof v !== 'string') return v;
		const s = v.trim().replace(' ', 'T');
		const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}${VIETNAM_UTC_OFFSET}`;
		const d = new Date(withZone);
		// Date() rolls 2026-02-30 over to 2 March: a day the month does not have is refused.
		const ymd = /^\d{4}-\d{2}-\d{2}/.exec(s);
		if (ymd && !isCalendarDay(ymd[0])) return v;
		return Number.isNaN(d.getTime()) ? v : d;
	},
	z.date({ invalid_type_error: 'thời điểm không hợp lệ (ISO 8601, ví dụ 2026-03-05T09:15:03+07:00)' })
);

export const eventRowSchema = z
	.object({
		source_system: z.string().trim().min(1, 'thiếu hệ thống nguồn'),
		source_id: z.string().trim().min(1, 'thiếu mã bản ghi nguồn'),
		signed_at: instant,
		certificate_fingerprint: opt(
			z
				.string()
				.trim()
				.regex(/^[0-9a-fA-F:]{64,95}$/, 'dấu vân tay SHA-256 không hợp lệ')
		),
		certificate_serial: opt(z.string().trim()),
		acting_person_national_id: opt(z.string().trim()),
		acting_person_email: opt(z.string().trim().email('thư điện tử không hợp lệ')),
		acting_title: opt(z.string().trim()),
		signing_form: z.preprocess(
			blankToUndefined,
			z.enum(['own', 'kt', 'tl', 'tuq', 'tm', 'q', 'org', 'copy', 'attachment']).default('own')
		),
		document_number: opt(z.string().trim()),
		document_agency_code: opt(z.string().trim()),
		classification: z.preprocess(
			blankToUndefined,
			z.enum(['normal', 'confidential', 'secret', 'top_secret']).default('normal')
		),
		channel: z.enum(['qlvb', 'dvc', 'email', 'portal', 'other'], {
			errorMap: () => ({ message: 'kênh phải là qlvb, dvc, email, portal hoặc other' })
		}),
		direction: z.preprocess(blankToUndefined, z.enum(['outgoing', 'incoming']).default('outgoing')),
		incoming_indication: opt(z.enum(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'])),
		accepted: bool
	})
	.refine((r) => r.certificate_fingerprint || r.certificate_serial, {
		message: 'cần certificate_fingerprint hoặc certificate_serial'
	})
	.refine(
		(r) => r.direction === 'incoming' || (r.incoming_indication === undefined && r.accepted === undefined),
		{
			message: 'incoming_indication và accepted chỉ dùng cho văn bản đến (direction = incoming)'
		}
	);
export type EventRow = z.infer<typeof eventRowSchema>;

/**
 * The signing times an import accepts: from KIEMKY_EVENTS_EARLIEST (default 2010-01-01, before
 * the government CA issued its first specialised certificates) to one day after now (clock skew).
 * Each month in between gets a partition, so a mistyped year (1926) would otherwise create 1,200.
 */
export function signedAtWindow(
	env: NodeJS.ProcessEnv = process.env,
	now = new Date()
): { earliest: Date; latest: Date } {
	const configured = env.KIEMKY_EVENTS_EARLIEST ? startOfVietnamDay(env.KIEMKY_EVENTS_EARLIEST) : null;
	const earliest =
		configured && !Number.isNaN(configured.getTime()) ? configured : startOfVietnamDay('2010-01-01');
	return { earliest, latest: new Date(now.getTime() + 86_400_000) };
}

/** Reads CSV (header row) or JSON Lines by the file name, or by the first character when unsure. */
export function readEventRecords(
	name: string,
	text: string
): { records: { line: number; values: unknown }[]; errors: RowError[] } {
	const jsonl =
		/\.(jsonl|ndjson|json)$/i.test(name) || (!/\.csv$/i.test(name) && text.trimStart().startsWith('{'));
	if (!jsonl) {
		const csv = parseCsv(text);
		return { records: csv.records, errors: csv.errors };
	}
	const records: { line: number; values: unknown }[] = [];
	const errors: RowError[] = [];
	text.split(/\r?\n/).forEach((raw, i) => {
		if (!raw.trim()) return;
		try {
			records.push({ line: i + 1, values: JSON.parse(raw) });
		} catch {
			errors.push({ line: i + 1, message: 'không phải JSON hợp lệ' });
		}
	});
	return { records, errors };
}

// zod's own messages are English; every message a row can get is Vietnamese.
const viErrorMap: z.ZodErrorMap = (issue, ctx) => {
	// A message the schema already gives (its own errorMap) wins over this map.
	if (ctx.defaultError !== z.defaultErrorMap(issue, ctx).message) return { message: ctx.defaultError };
	if (issue.code === z.ZodIssueCode.invalid_type) {
		if (issue.received === 'undefined' || issue.received === 'null') return { message: 'thiếu giá trị' };
		if (issue.path.length === 0) return { message: 'mỗi dòng phải là một đối tượng JSON ({…})' };
		if (issue.expected === 'string') return { message: 'phải là chuỗi ký tự' };
		return { message: `kiểu dữ liệu không hợp lệ (cần ${issue.expected})` };
	}
	if (issue.code === z.ZodIssueCode.invalid_enum_value)
		return { message: `phải là một trong: ${issue.options.join(', ')}` };
	if (issue.code === z.ZodIssueCode.invalid_string) return { message: 'chuỗi không hợp lệ' };
	return { message: ctx.defaultError === 'Invalid input' ? 'giá trị không hợp lệ' : ctx.defaultError };
};

const describeIssues = (e: z.ZodError) =>
	e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

export async function importSigningEvents(
	db: Kysely<Database>,
	file: { name: string; text: string },
	who: Omit<AuditInput, 'action'>
): Promise<EventImportResult> {
	const read = readEventRecords(file.name, file.text);
	const errors: RowError[] = [...read.errors];
	const valid: { line: number; row: EventRow }[] = [];
	const seen = new Map<string, number>();
	const window = signedAtWindow();
	for (const r of read.records) {
		const parsed = eventRowSchema.safeParse(r.values, { errorMap: viErrorMap });
		if (!parsed.success) {
			errors.push({ line: r.line, message: describeIssues(parsed.error) });
			continue;
		}
		const at = parsed.data.signed_at;
		if (at < window.earliest || at > window.latest) {
			errors.push({
				line: r.line,
				message: `signed_at: ${formatDate(at)} nằm ngoài khoảng cho phép (${formatDate(window.earliest)} đến ${formatDate(window.latest)})`
			});
			continue;
		}
		// The same key twice in one file would keep one row silently and drop the other.
		const key = JSON.stringify([
			parsed.data.source_system,
			parsed.data.source_id,
			parsed.data.signed_at.getTime()
		]);
		const firstLine = seen.get(key);
		if (firstLine !== undefined)
			errors.push({
				line: r.line,
				message: `trùng với dòng ${firstLine} (cùng source_system, source_id, signed_at)`
			});
		else {
			seen.set(key, r.line);
			valid.push({ line: r.line, row: parsed.data });
		}
	}
	const resolved = await resolveEventReferences(db, valid);
	errors.push(...resolved.errors);
	const rows = read.records.length + read.errors.length;
	if (errors.length || !resolved.events.length) {
		if (!rows) errors.push({ line: 1, message: 'tệp không có dòng dữ liệu nào' });
		return { rows, inserted: 0, alreadyPresent: 0, errors: errors.sort((a, b) => a.line - b.line) };
	}
	let first = Infinity;
	let last = -Infinity;
	for (const e of resolved.events) {
		const t = (e.signed_at as Date).getTime();
		first = Math.min(first, t);
		last = Math.max(last, t);
	}
	await ensureSigningEventPartitions(db, new Date(first), new Date(last));
	const inserted = await db.transaction().execute(async (trx) => {
		let n = 0;
		for (let i = 0; i < resolved.events.length; i += 1000) {
			const chunk: NewSigningEvent[] = resolved.events.slice(i, i + 1000);
			const out = await trx
				.insertInto('signing_events')
				.values(chunk)
				.onConflict((oc) => oc.columns(['source_system', 'source_id', 'signed_at']).doNothing())
				.returning('id')
				.execute();
			n += out.length;
		}
		await recordAudit(trx, {
			...who,
			action: 'signing_event.import',
			entityType: 'signing_events',
			details: {
				file: file.name,
				rows,
				inserted: n,
				alreadyPresent: resolved.events.length - n,
				...(who.details ?? {})
			}
		});
		return n;
	});
	return { rows, inserted, alreadyPresent: resolved.events.length - inserted, errors: [] };
}
