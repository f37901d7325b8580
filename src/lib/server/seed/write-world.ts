// Writes the in-memory demo world to the database in multi-row inserts, keeping the ids assigned in memory,
// then moves the identity sequences past them so later inserts by the app get fresh ids.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { describeCertificate } from '../../pki/certificate-describe';
import { createHash } from 'node:crypto';
import type { DemoPki } from './demo-pki';
import type { WCertificate, World } from './world';
import { buildPersonHistory } from './build-person-history';

const SEED_RECORDER = 'Bộ phận chuyên trách chữ ký số';

const DN_ORDER = [
	['email', 'E'],
	['uid', 'UID'],
	['cn', 'CN'],
	['title', 'T'],
	['ou', 'OU'],
	['o', 'O'],
	['l', 'L']
] as const;
const escapeRdn = (v: string) =>
	v
		.replace(/([,+"\\<>;=])/g, '\\$1')
		.replace(/^([ #])/, '\\$1')
		.replace(/ $/, '\\ ');

/** The RFC 4514 string of a demo subject, as src/lib/pki/names.ts nameToString prints it. */
export function subjectDn(s: WCertificate['subject']): string {
	const parts: string[] = [];
	for (const [key, short] of DN_ORDER) {
		const v = s[key];
		if (v) parts.push(`${short}=${escapeRdn(v)}`);
	}
	return [...parts, 'C=VN'].join(', ');
}

async function insertChunks<T>(
	rows: T[],
	size: number,
	write: (chunk: T[]) => Promise<unknown>
): Promise<void> {
	for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function writeOrganisation(db: Kysely<Database>, world: World): Promise<void> {
	await insertChunks(world.agencies, 1000, (chunk) =>
		db
			.insertInto('agencies')
			.values(
				chunk.map((a) => ({
					id: a.id,
					code: a.code,
					name: a.name,
					short_name: a.shortName,
					kind: a.kind,
					parent_id: a.parentId,
					path: a.path
				}))
			)
			.execute()
	);
	await insertChunks(world.people, 2000, (chunk) =>
		db
			.insertInto('people')
			.values(
				chunk.map((p) => ({
					id: p.id,
					agency_id: p.agencyId,
					full_name: p.fullName,
					title: p.title,
					email: p.email,
					national_id: p.nationalId,
					status: p.status,
					status_since: p.statusSince
				}))
			)
			.execute()
	);
	if (world.agencyEvents.length)
		await db
			.insertInto('agency_events')
			.values(
				world.agencyEvents.map((e) => ({
					agency_id: e.agencyId,
					kind: e.kind,
					effective_on: e.effectiveOn,
					details: JSON.stringify(e.details),
					decision_number: e.decisionNumber,
					recorded_by: SEED_RECORDER
				}))
			)
			.execute();
	const history = buildPersonHistory(world);
	await insertChunks(history.positions, 3000, (chunk) =>
		db
			.insertInto('person_positions')
			.values(
				chunk.map((h) => ({
					person_id: h.personId,
					agency_id: h.agencyId,
					title: h.title,
					valid_from: h.validFrom,
					valid_to: h.validTo,
					decision_number: h.decisionNumber,
					recorded_by: SEED_RECORDER
				}))
			)
			.execute()
	);
	await insertChunks(history.statuses, 3000, (chunk) =>
		db
			.insertInto('person_status_history')
			.values(
				chunk.map((h) => ({
					person_id: h.personId,
					status: h.status,
					since: h.since,
					recorded_by: SEED_RECORDER
				}))
			)
			.execute()
	);
}

export async function writeCertificates(db: Kysely<Database>, world: World, pki: DemoPki): Promise<void> {
	await insertChunks(world.tokens, 2000, (chunk) =>
		db
			.insertInto('tokens')
			.values(
				chunk.map((t) => ({
					id: t.id,
					serial: t.serial,
					device_type: t.deviceType ?? 'pki_token',
					model: t.model,
					max_pin_retries: t.maxPinRetries
				}))
			)
			.execute()
	);
	// The inventory columns are what describeCertificate (src/lib/pki) reads from each DER; they are written from
	// the plan the DER was encoded from (parsing 100,000 certificates would dominate the seeding time), and the
	// seeding tests check every row against describeCertificate.
	const issuerDn = {
		government: describeCertificate(pki.subCa.der).subjectDn,
		public: describeCertificate(pki.publicSubCa.der).subjectDn
	};
	await insertChunks(world.certificates, 1000, (chunk) =>
		db
			.insertInto('certificates')
			.values(
				chunk.map((c) => ({
					id: c.id,
					fingerprint_sha256: createHash('sha256').update(c.der!).digest('hex'),
					serial_number: c.serial.toLowerCase(),
					issuer_dn: issuerDn[c.issuer],
					subject_dn: subjectDn(c.subject),
					subject_cn: c.subject.cn,
					kind: c.kind,
					agency_id: c.agencyId,
					person_id: c.personId,
					stated_title: c.subject.title ?? null,
					email: c.subject.email ?? null,
					province: c.subject.l,
					not_before: c.notBefore,
					not_after: c.notAfter,
					status: c.status,
					revoked_at: c.revokedAt,
					revocation_reason: c.revocationReason,
					token_id: c.tokenId,
					key_algorithm: 'RSA',
					key_bits: 2048,
					signature_algorithm: 'sha256WithRSAEncryption',
					public_ca: c.issuer === 'public',
					der: c.der!
				}))
			)
			.execute()
	);
	const renewals = world.certificates.filter((c) => c.renewalOfId);
	if (renewals.length)
		await sql`update certificates c set renewal_of_id = v.old from unnest(${renewals.map((c) => c.id)}::int[], ${renewals.map((c) => c.renewalOfId)}::int[]) as v(id, old) where c.id = v.id`.execute(
			db
		);
	await db
		.insertInto('ca_certificates')
		.values(
			[pki.root, pki.subCa, pki.publicRoot, pki.publicSubCa].map((ca) => {
				const d = describeCertificate(ca.der);
				return {
					fingerprint_sha256: d.fingerprintSha256,
					subject_dn: d.subjectDn,
					issuer_dn: d.issuerDn,
					serial_number: d.serialNumber,
					not_before: d.notBefore,
					not_after: d.notAfter,
					trusted: ca === pki.root,
					der: ca.der
				};
			})
		)
		.execute();
	await insertChunks(world.clerks, 2000, (chunk) =>
		db
			.insertInto('clerk_appointments')
			.values(
				chunk.map((c) => ({
					agency_id: c.agencyId,
					person_id: c.personId,
					certificate_id: c.certificateId,
					decision_number: c.decisionNumber,
					appointed_on: c.appointedOn,
					ended_on: c.endedOn,
					recorded_by: SEED_RECORDER
				}))
			)
			.execute()
	);
	await insertChunks(world.custody, 3000, (chunk) =>
		db
			.insertInto('token_custody_events')
			.values(
				chunk.map((e) => ({
					token_id: e.tokenId,
					event: e.event,
					occurred_at: e.occurredAt,
					from_person_id: e.fromPersonId,
					to_person_id: e.toPersonId,
					agency_id: e.agencyId,
					recorded_by: SEED_RECORDER,
					form: e.form,
					note: e.note
				}))
			)
			.execute()
	);
	await insertChunks(world.requests, 2000, (chunk) =>
		db
			.insertInto('lifecycle_requests')
			.values(
				chunk.map((r) => ({
					id: r.id,
					kind: r.kind,
					form: r.form,
					agency_id: r.agencyId,
					person_id: r.personId,
					certificate_id: r.certificateId,
					token_id: r.tokenId,
					reference_number: r.referenceNumber,
					submitted_at: r.submittedAt,
					valid_at: r.validAt,
					due_at: r.dueAt,
					decided_at: r.decidedAt,
					status: r.status,
					reason: r.reason
				}))
			)
			.execute()
	);
}

/** The demo CRLs as the revocation store holds them. Not re-parsed: at large scales the sub-CA's CRL lists tens of
 * thousands of entries, more than the PKI engine's parser accepts (its node limit guards against hostile input). */
export async function writeCrls(
	db: Kysely<Database>,
	crls: {
		issuer: { der: Uint8Array };
		der: Uint8Array;
		url: string;
		thisUpdate: Date;
		nextUpdate: Date;
		number: number;
	}[]
): Promise<void> {
	await db
		.insertInto('crls')
		.values(
			crls.map((c) => ({
				issuer_dn: describeCertificate(c.issuer.der).subjectDn,
				crl_number: String(c.number),
				this_update: c.thisUpdate,
				next_update: c.nextUpdate,
				is_delta: false,
				source_url: c.url,
				der_sha256: createHash('sha256').update(c.der).digest('hex'),
				der: c.der
			}))
		)
		.execute();
}

const IDENTITY_TABLES = [
	'agencies',
	'people',
	'tokens',
	'certificates',
	'lifecycle_requests',
	'clerk_appointments',
	'token_custody_events',
	'ca_certificates',
	'crls',
	'archived_documents',
	'inspections',
	'trainings',
	'findings',
	'document_verifications'
] as const;

/** Moves each identity sequence past the ids written explicitly. */
export async function resetIdentities(db: Kysely<Database>): Promise<void> {
	for (const t of IDENTITY_TABLES)
		await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(
			db
		);
}
