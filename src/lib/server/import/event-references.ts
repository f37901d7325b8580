// Resolves the references of signing events chunk by chunk, remembering what it looked up for the
// rest of the run: the signing certificate (SHA-256 fingerprint, or serial number when it names
// one certificate), the acting person (national id or e-mail) and the document agency (code).
// A certificate not in the inventory is not an error: the event keeps the reference as given
// (certificate_ref) and becomes an unknown_certificate finding. An unknown person or agency code,
// or a serial shared by several certificates, is a row error, never a guess.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { bi, splitMessage, type EventFieldIssue, type SigningEventRecord } from './event-schema';

export interface EventReferences {
	certificateId: number | null;
	/** 'sha256:<hex>' or 'serial:<hex>' when the certificate is not in the inventory. */
	certificateRef: string | null;
	personId: number | null;
	documentAgencyId: number | null;
	/** The agency that owns the event for scope checks: the document's, else the certificate's. */
	ownerAgencyPath: string | null;
}

export type ResolvedEvent = { ok: true; refs: EventReferences } | { ok: false; issues: EventFieldIssue[] };

interface KnownCertificate {
	id: number;
	agencyId: number | null;
}

/** Past this many entries a cache starts over: memory stays bounded on any input. */
const CACHE_LIMIT = 200_000;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
	if (cache.size >= CACHE_LIMIT) cache.clear();
	cache.set(key, value);
}

const issue = (field: string, vi: string, en: string): EventFieldIssue => ({
	field,
	...splitMessage(bi(vi, en))
});

export class EventReferenceResolver {
	private agencies: { byCode: Map<string, number>; pathById: Map<number, string> } | null = null;
	private readonly byFingerprint = new Map<string, KnownCertificate | null>();
	private readonly bySerial = new Map<string, KnownCertificate[]>();
	private readonly byNationalId = new Map<string, number | null>();
	private readonly byEmail = new Map<string, number[]>();

	constructor(private readonly db: Kysely<Database>) {}

	/** The agency tree is small (hundreds of rows): read once per run. */
	private async agencyIndex() {
		if (!this.agencies) {
			const rows = await this.db.selectFrom('agencies').select(['id', 'code', 'path']).execute();
			this.agencies = { byCode: new Map(), pathById: new Map() };
			for (const a of rows) {
				if (a.code) this.agencies.byCode.set(a.code, a.id);
				this.agencies.pathById.set(a.id, a.path);
			}
		}
		return this.agencies;
	}

	private async lookUp(records: readonly SigningEventRecord[]): Promise<void> {
		const missing = <K>(cache: Map<K, unknown>, keys: (K | undefined)[]) => [
			...new Set(keys.filter((k): k is K => k !== undefined && !cache.has(k)))
		];
		const fps = missing(
			this.byFingerprint,
			records.map((r) => r.certificate_fingerprint)
		);
		const serials = missing(
			this.bySerial,
			records.map((r) => (r.certificate_fingerprint ? undefined : r.certificate_serial))
		);
		const nids = missing(
			this.byNationalId,
			records.map((r) => r.acting_person_national_id)
		);
		const emails = missing(
			this.byEmail,
			records.map((r) => (r.acting_person_national_id ? undefined : r.acting_person_email))
		);
		const [certsByFp, certsBySerial, peopleByNid, peopleByEmail] = await Promise.all([
			fps.length
				? this.db
						.selectFrom('certificates')
						.select(['id', 'agency_id', 'fingerprint_sha256 as k'])
						.where(sql<boolean>`fingerprint_sha256 = any(${fps}::text[])`)
						.execute()
				: [],
			serials.length
				? this.db
						.selectFrom('certificates')
						.select(['id', 'agency_id', 'serial_number as k'])
						.where(sql<boolean>`serial_number = any(${serials}::text[])`)
						.execute()
				: [],
			nids.length
				? this.db
						.selectFrom('people')
						.select(['id', 'national_id as k'])
						.where(sql<boolean>`national_id = any(${nids}::text[])`)
						.execute()
				: [],
			emails.length
				? this.db
						.selectFrom('people')
						.select(['id', sql<string>`lower(email)`.as('k')])
						.where(sql<boolean>`lower(email) = any(${emails}::text[])`)
						.execute()
				: []
		]);
		for (const k of fps) remember(this.byFingerprint, k, null);
		for (const c of certsByFp) remember(this.byFingerprint, c.k, { id: c.id, agencyId: c.agency_id });
		for (const k of serials) remember(this.bySerial, k, []);
		const add = <K, V>(cache: Map<K, V[]>, key: K, value: V) => {
			const list = cache.get(key);
			if (list) list.push(value);
			else remember(cache, key, [value]);
		};
		for (const c of certsBySerial) add(this.bySerial, c.k, { id: c.id, agencyId: c.agency_id });
		for (const k of nids) remember(this.byNationalId, k, null);
		for (const p of peopleByNid) if (p.k) remember(this.byNationalId, p.k, p.id);
		for (const k of emails) remember(this.byEmail, k, []);
		for (const p of peopleByEmail) add(this.byEmail, p.k, p.id);
	}

	/** The references of each record, in order (one chunk: a few thousand records). */
	async resolve(records: readonly SigningEventRecord[]): Promise<ResolvedEvent[]> {
		// The agency tree and the chunk's look-ups go out side by side: one round trip, not two.
		const [agencies] = await Promise.all([this.agencyIndex(), this.lookUp(records)]);
		return records.map((r) => {
			const issues: EventFieldIssue[] = [];
			let certificate: KnownCertificate | null = null;
			let certificateRef: string | null = null;
			if (r.certificate_fingerprint) {
				certificate = this.byFingerprint.get(r.certificate_fingerprint) ?? null;
				if (!certificate) certificateRef = `sha256:${r.certificate_fingerprint}`;
			} else if (r.certificate_serial) {
				const found = this.bySerial.get(r.certificate_serial) ?? [];
				if (found.length > 1)
					issues.push(
						issue(
							'certificate_serial',
							'số hiệu chứng thư trùng nhiều chứng thư: dùng dấu vân tay',
							'the serial number matches several certificates: give the fingerprint'
						)
					);
				else if (found.length === 1) certificate = found[0]!;
				else certificateRef = `serial:${r.certificate_serial}`;
			}
			let personId: number | null = null;
			if (r.acting_person_national_id) {
				personId = this.byNationalId.get(r.acting_person_national_id) ?? null;
				if (personId === null)
					issues.push(
						issue(
							'acting_person_national_id',
							'không tìm thấy người ký theo số định danh',
							'no person with this national id'
						)
					);
			} else if (r.acting_person_email) {
				const found = this.byEmail.get(r.acting_person_email) ?? [];
				if (found.length === 1) personId = found[0]!;
				else
					issues.push(
						found.length
							? issue(
									'acting_person_email',
									'thư điện tử trùng nhiều người',
									'the e-mail matches several people'
								)
							: issue(
									'acting_person_email',
									'không tìm thấy người ký theo thư điện tử',
									'no person with this e-mail'
								)
					);
			}
			let documentAgencyId: number | null = null;
			if (r.document_agency_code) {
				documentAgencyId = agencies.byCode.get(r.document_agency_code) ?? null;
				if (documentAgencyId === null)
					issues.push(
						issue(
							'document_agency_code',
							`không có cơ quan mã "${r.document_agency_code}"`,
							`no agency with code "${r.document_agency_code}"`
						)
					);
			}
			if (issues.length) return { ok: false, issues };
			const owner = documentAgencyId ?? certificate?.agencyId ?? null;
			return {
				ok: true,
				refs: {
					certificateId: certificate?.id ?? null,
					certificateRef,
					personId,
					documentAgencyId,
					ownerAgencyPath: owner === null ? null : (agencies.pathById.get(owner) ?? null)
				}
			};
		});
	}
}
