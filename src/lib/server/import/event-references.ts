// Resolves the references of imported signing-event rows in bulk: certificate (SHA-256
// fingerprint, or serial number when it is unique), acting person (national id or e-mail) and
// document agency (code). A reference that does not resolve is a row error, never a guess.
import type { Kysely } from 'kysely';
import type { Database, NewSigningEvent } from '../db/schema';
import type { EventRow, RowError } from './events';

const unique = <T>(xs: (T | undefined)[]): T[] => [...new Set(xs.filter((x): x is T => x !== undefined))];
const normFp = (fp: string) => fp.replace(/:/g, '').toLowerCase();
const normSerial = (s: string) => s.replace(/[:\s]/g, '').toLowerCase();

async function chunked<T>(values: string[], fetch: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
	const out: T[] = [];
	for (let i = 0; i < values.length; i += 5000) out.push(...(await fetch(values.slice(i, i + 5000))));
	return out;
}

export async function resolveEventReferences(
	db: Kysely<Database>,
	rows: readonly { line: number; row: EventRow }[]
): Promise<{ events: NewSigningEvent[]; errors: RowError[] }> {
	const fps = unique(rows.map((r) => r.row.certificate_fingerprint && normFp(r.row.certificate_fingerprint)));
	const serials = unique(rows.map((r) => r.row.certificate_serial && normSerial(r.row.certificate_serial)));
	const ids = unique(rows.map((r) => r.row.acting_person_national_id));
	const emails = unique(rows.map((r) => r.row.acting_person_email?.toLowerCase()));
	const codes = unique(rows.map((r) => r.row.document_agency_code));
	const [byFp, bySerial, byNid, byEmail, agencies] = await Promise.all([
		chunked(fps, (c) =>
			db
				.selectFrom('certificates')
				.select(['id', 'fingerprint_sha256 as k'])
				.where('fingerprint_sha256', 'in', c)
				.execute()
		),
		chunked(serials, (c) =>
			db
				.selectFrom('certificates')
				.select(['id', 'serial_number as k'])
				.where('serial_number', 'in', c)
				.execute()
		),
		chunked(ids, (c) =>
			db.selectFrom('people').select(['id', 'national_id as k']).where('national_id', 'in', c).execute()
		),
		chunked(emails, (c) =>
			db
				.selectFrom('people')
				.select(['id', 'email as k'])
				.where((eb) => eb(eb.fn('lower', ['email']), 'in', c))
				.execute()
		),
		chunked(codes, (c) =>
			db.selectFrom('agencies').select(['id', 'code as k']).where('code', 'in', c).execute()
		)
	]);
	const index = (xs: { id: number; k: string | null }[], norm = (s: string) => s) => {
		const m = new Map<string, number[]>();
		for (const x of xs) if (x.k !== null) m.set(norm(x.k), [...(m.get(norm(x.k)) ?? []), x.id]);
		return m;
	};
	const fpMap = index(byFp);
	const serialMap = index(bySerial, normSerial);
	const nidMap = index(byNid);
	const emailMap = index(byEmail, (s) => s.toLowerCase());
	const agencyMap = index(agencies);

	const events: NewSigningEvent[] = [];
	const errors: RowError[] = [];
	for (const { line, row } of rows) {
		const problems: string[] = [];
		let certificateId: number | undefined;
		if (row.certificate_fingerprint) {
			certificateId = fpMap.get(normFp(row.certificate_fingerprint))?.[0];
			if (certificateId === undefined) problems.push('không có chứng thư với dấu vân tay này trong danh mục');
		} else if (row.certificate_serial) {
			const found = serialMap.get(normSerial(row.certificate_serial)) ?? [];
			if (found.length === 1) certificateId = found[0];
			else
				problems.push(
					found.length
						? 'số hiệu chứng thư trùng nhiều chứng thư: dùng dấu vân tay'
						: 'không có chứng thư với số hiệu này trong danh mục'
				);
		}
		let personId: number | null = null;
		if (row.acting_person_national_id) {
			personId = nidMap.get(row.acting_person_national_id)?.[0] ?? null;
			if (personId === null) problems.push('không tìm thấy người ký theo số định danh');
		} else if (row.acting_person_email) {
			const found = emailMap.get(row.acting_person_email.toLowerCase()) ?? [];
			if (found.length === 1) personId = found[0]!;
			else
				problems.push(
					found.length ? 'thư điện tử trùng nhiều người' : 'không tìm thấy người ký theo thư điện tử'
				);
		}
		let agencyId: number | null = null;
		if (row.document_agency_code) {
			agencyId = agencyMap.get(row.document_agency_code)?.[0] ?? null;
			if (agencyId === null) problems.push(`không có cơ quan mã "${row.document_agency_code}"`);
		}
		if (problems.length || certificateId === undefined) {
			errors.push({ line, message: problems.join('; ') });
			continue;
		}
		events.push({
			signed_at: row.signed_at,
			certificate_id: certificateId,
			acting_person_id: personId,
			acting_title: row.acting_title ?? null,
			signing_form: row.signing_form,
			document_number: row.document_number ?? null,
			document_agency_id: agencyId,
			classification: row.classification,
			channel: row.channel,
			direction: row.direction,
			incoming_indication: row.incoming_indication ?? null,
			accepted: row.accepted ?? null,
			source_system: row.source_system,
			source_id: row.source_id
		});
	}
	return { events, errors };
}
