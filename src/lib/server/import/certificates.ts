// Certificate import into the inventory (the database side of the PKI engine's importer): a
// preview that says, per certificate, whether it is new, already known, a CA certificate, and to
// which agency or person it links (or why not); then an all-or-nothing commit in one transaction.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { importCertificates, type ImportInput, type ImportLimitsInput } from '../../pki/certificate-import';
import { linkCertificate, type AgencyCandidate, type PersonCandidate } from '../../pki/certificate-linking';
import type { CertificateDescription } from '../../pki/certificate-describe';
import type { ParsedCrl } from '../../pki/crl';
import { storeCrl } from '../crls/store';
import { linkUnknownCertificateEvents } from '../findings/unknown-certificates';
import { recordAudit, type AuditInput } from '../audit/log';
import { withRefusals } from './refused';

// 19 columns a row: 500 rows stay far below PostgreSQL's 65,535 parameters a statement, and the DER
// of 500 certificates (a few MB) is one message.
const CERTIFICATES_PER_INSERT = 500;

export type ImportAction = 'new' | 'existing' | 'ca_new' | 'ca_existing';

export interface CertificateImportRow {
	fingerprint: string;
	subjectCn: string | null;
	subjectDn: string;
	issuerCn: string | null;
	kind: CertificateDescription['kind'];
	isCa: boolean;
	selfSigned: boolean;
	publicCa: boolean;
	statedTitle: string | null;
	email: string | null;
	province: string | null;
	notBefore: Date;
	notAfter: Date;
	sources: string[];
	action: ImportAction;
	agencyId: number | null;
	agencyName: string | null;
	personId: number | null;
	personName: string | null;
	matchedBy: string | null;
	/** Why the certificate could not be linked (Vietnamese), for subscriber certificates only. */
	linkProblem: string | null;
}

export interface CertificateImportPreview {
	rows: CertificateImportRow[];
	crls: { issuer: string; thisUpdate: Date; nextUpdate: Date | null; isNew: boolean }[];
	duplicates: number;
	problems: { source: string; reason: string }[];
	totals: {
		new: number;
		existing: number;
		caNew: number;
		caExisting: number;
		unlinked: number;
		crlsNew: number;
	};
}

export interface CertificateImportSummary {
	inserted: number;
	caInserted: number;
	caTrusted: number;
	crlsInserted: number;
	skippedExisting: number;
	unlinked: number;
	problems: number;
}

interface Prepared {
	preview: CertificateImportPreview;
	descriptions: Map<string, { der: Uint8Array; d: CertificateDescription }>;
	newCrls: ParsedCrl[];
}

async function candidates(db: Kysely<Database>) {
	const [agencies, people] = await Promise.all([
		db.selectFrom('agencies').select(['id', 'name', 'short_name']).execute(),
		db.selectFrom('people').select(['id', 'full_name', 'email', 'agency_id']).execute()
	]);
	const agencyCandidates: AgencyCandidate[] = agencies.map((a) => ({
		id: String(a.id),
		name: a.name,
		aliases: a.short_name ? [a.short_name] : []
	}));
	const personCandidates: PersonCandidate[] = people.map((p) => ({
		id: String(p.id),
		fullName: p.full_name,
		email: p.email,
		agencyId: String(p.agency_id)
	}));
	return {
		agencyCandidates,
		personCandidates,
		agencyName: new Map(agencies.map((a) => [a.id, a.name])),
		personName: new Map(people.map((p) => [p.id, p.full_name]))
	};
}

// Looked up in chunks: a bundle of the whole province can exceed PostgreSQL's 65 535 parameters.
async function inChunks(
	values: string[],
	fetch: (chunk: string[]) => Promise<{ f: string }[]>
): Promise<Set<string>> {
	const out = new Set<string>();
	for (let i = 0; i < values.length; i += 5000)
		for (const r of await fetch(values.slice(i, i + 5000))) out.add(r.f);
	return out;
}

async function known(db: Kysely<Database>, fingerprints: string[], crlHashes: string[]) {
	const [certs, cas, crls] = await Promise.all([
		inChunks(fingerprints, (c) =>
			db
				.selectFrom('certificates')
				.select('fingerprint_sha256 as f')
				.where('fingerprint_sha256', 'in', c)
				.execute()
		),
		inChunks(fingerprints, (c) =>
			db
				.selectFrom('ca_certificates')
				.select('fingerprint_sha256 as f')
				.where('fingerprint_sha256', 'in', c)
				.execute()
		),
		inChunks(crlHashes, (c) =>
			db.selectFrom('crls').select('der_sha256 as f').where('der_sha256', 'in', c).execute()
		)
	]);
	return { certs, cas, crls };
}

async function prepare(
	db: Kysely<Database>,
	inputs: readonly ImportInput[],
	limits: ImportLimitsInput = {}
): Promise<Prepared> {
	// A broken cap (zip bomb, absurd bundle) refuses the whole import: AppError IMPORT_FAILED naming the file.
	const parsed = await withRefusals(() => importCertificates(inputs, limits));
	const c = await candidates(db);
	const have = await known(
		db,
		parsed.certificates.map((x) => x.description.fingerprintSha256),
		parsed.crls.map((x) => x.fingerprint)
	);
	const descriptions = new Map<string, { der: Uint8Array; d: CertificateDescription }>();
	const rows: CertificateImportRow[] = parsed.certificates.map(({ der, description: d, sources }) => {
		descriptions.set(d.fingerprintSha256, { der, d });
		const fp = d.fingerprintSha256;
		const action: ImportAction = d.isCa
			? have.cas.has(fp)
				? 'ca_existing'
				: 'ca_new'
			: have.certs.has(fp)
				? 'existing'
				: 'new';
		const row: CertificateImportRow = {
			fingerprint: fp,
			subjectCn: d.subjectCn,
			subjectDn: d.subjectDn,
			issuerCn: d.issuerCn,
			kind: d.kind,
			isCa: d.isCa,
			selfSigned: d.subjectDn === d.issuerDn,
			publicCa: d.publicCa,
			statedTitle: d.statedTitle,
			email: d.email,
			province: d.province,
			notBefore: d.notBefore,
			notAfter: d.notAfter,
			sources,
			action,
			agencyId: null,
			agencyName: null,
			personId: null,
			personName: null,
			matchedBy: null,
			linkProblem: null
		};
		if (d.isCa) return row;
		const link = linkCertificate(d, { agencies: c.agencyCandidates, people: c.personCandidates });
		if (!link.linked) return { ...row, linkProblem: link.message };
		const agencyId = link.agencyId === null ? null : Number(link.agencyId);
		const personId = link.kind === 'person' ? Number(link.personId) : null;
		return {
			...row,
			agencyId,
			agencyName: agencyId === null ? null : (c.agencyName.get(agencyId) ?? null),
			personId,
			personName: personId === null ? null : (c.personName.get(personId) ?? null),
			matchedBy: link.matchedBy
		};
	});
	const newCrls = parsed.crls.filter((x) => !have.crls.has(x.fingerprint));
	const count = (a: ImportAction) => rows.filter((r) => r.action === a).length;
	return {
		descriptions,
		newCrls,
		preview: {
			rows,
			crls: parsed.crls.map((x) => ({
				issuer: x.issuer,
				thisUpdate: x.thisUpdate,
				nextUpdate: x.nextUpdate,
				isNew: !have.crls.has(x.fingerprint)
			})),
			duplicates: parsed.duplicates,
			problems: parsed.problems,
			totals: {
				new: count('new'),
				existing: count('existing'),
				caNew: count('ca_new'),
				caExisting: count('ca_existing'),
				unlinked: rows.filter((r) => r.action === 'new' && r.linkProblem).length,
				crlsNew: newCrls.length
			}
		}
	};
}

/** What an import of these files would do, without writing anything. */
export async function previewCertificateImport(
	db: Kysely<Database>,
	inputs: readonly ImportInput[],
	limits: ImportLimitsInput = {}
): Promise<CertificateImportPreview> {
	return (await prepare(db, inputs, limits)).preview;
}

/**
 * Imports in one transaction (all or nothing): new subscriber certificates into `certificates`
 * (linked where the engine could link them), CA certificates into `ca_certificates` (untrusted
 * unless `trustSelfSignedRoots`, which only the CLI operator or an admin sets), new CRLs into `crls`.
 */
export async function commitCertificateImport(
	db: Kysely<Database>,
	inputs: readonly ImportInput[],
	who: Omit<AuditInput, 'action'> & { trustSelfSignedRoots?: boolean },
	now: Date = new Date()
): Promise<{ summary: CertificateImportSummary; preview: CertificateImportPreview }> {
	const run = async (trx: Kysely<Database>) => {
		const { preview, descriptions, newCrls } = await prepare(trx, inputs);
		const summary: CertificateImportSummary = {
			inserted: 0,
			caInserted: 0,
			caTrusted: 0,
			crlsInserted: 0,
			skippedExisting: 0,
			unlinked: 0,
			problems: preview.problems.length
		};
		const certificates: Insertable<Database['certificates']>[] = [];
		for (const row of preview.rows) {
			const { der, d } = descriptions.get(row.fingerprint)!;
			if (row.action === 'existing' || row.action === 'ca_existing') {
				summary.skippedExisting++;
				continue;
			}
			if (row.action === 'ca_new') {
				const trusted = !!who.trustSelfSignedRoots && row.selfSigned;
				await trx
					.insertInto('ca_certificates')
					.values({
						fingerprint_sha256: d.fingerprintSha256,
						subject_dn: d.subjectDn,
						issuer_dn: d.issuerDn,
						serial_number: d.serialNumber,
						not_before: d.notBefore,
						not_after: d.notAfter,
						trusted,
						der
					})
					.execute();
				summary.caInserted++;
				if (trusted) summary.caTrusted++;
				continue;
			}
			if (row.linkProblem) summary.unlinked++;
			certificates.push({
				fingerprint_sha256: d.fingerprintSha256,
				serial_number: d.serialNumber,
				issuer_dn: d.issuerDn,
				subject_dn: d.subjectDn,
				subject_cn: d.subjectCn ?? d.subjectDn,
				kind: d.kind,
				agency_id: row.agencyId,
				person_id: d.kind === 'individual' ? row.personId : null,
				stated_title: d.statedTitle,
				email: d.email,
				province: d.province,
				not_before: d.notBefore,
				not_after: d.notAfter,
				status: d.notAfter < now ? 'expired' : 'active',
				key_algorithm: d.keyAlgorithm,
				key_bits: d.keyBits,
				signature_algorithm: d.signatureAlgorithm,
				public_ca: d.publicCa,
				der
			});
		}
		// A few hundred rows a statement: the certificates' statement triggers (the tallies, the agencies'
		// counts) run once per statement, not once per certificate (`npm run bench -- tally-writes`).
		const newIds: number[] = [];
		for (let i = 0; i < certificates.length; i += CERTIFICATES_PER_INSERT) {
			const rows = await trx
				.insertInto('certificates')
				.values(certificates.slice(i, i + CERTIFICATES_PER_INSERT))
				.returning('id')
				.execute();
			for (const r of rows) newIds.push(r.id);
			summary.inserted += rows.length;
		}
		// Signing events that arrived before their certificate now name it.
		const eventsLinked = await linkUnknownCertificateEvents(trx, newIds);
		for (const crl of newCrls) if (await storeCrl(trx, crl)) summary.crlsInserted++;
		const { trustSelfSignedRoots: _ignored, ...audit } = who;
		await recordAudit(trx, {
			...audit,
			action: 'certificate.import',
			entityType: 'certificate_import',
			details: {
				...summary,
				...(eventsLinked ? { eventsLinked } : {}),
				files: inputs.map((i) => i.name).slice(0, 50),
				...(audit.details ?? {})
			}
		});
		return { summary, preview };
	};
	return db.isTransaction ? run(db) : db.transaction().execute(run);
}
