// revocation-scan and archive-reverify against a real PKI built in memory: a root, a signer,
// CRLs before and after its revocation, a detached CMS signature kept in the archive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { insertCaCertificate } from '../../helpers/ca-certificates';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { revocationScan } from '../../../src/lib/jobs/definitions/revocation-scan';
import { archiveReverify } from '../../../src/lib/jobs/definitions/archive-reverify';
import {
	createCrl,
	generateKeyPair,
	issueCertificate,
	signCms,
	type Issued
} from '../../../src/lib/pki/testing';
import { parseCertificate } from '../../../src/lib/pki/certificate';
import { buildWorld, addEvent, type World } from './fixtures';

let h: DbHandle;
let w: World;
let root: Issued;
let leaf: Issued;
let certId: number;
let docId: number;
const clock = new ManualClock('2026-06-01T10:00:00+07:00');
let runner: JobRunner;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function run(name: string, payload?: unknown) {
	clock.advance(3_600_000);
	await runner.enqueue(name, { trigger: 'manual', payload });
	const [r] = await runner.pollOnce();
	expect(r?.status, r?.error ?? '').toBe('succeeded');
	return r!;
}

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({
		db: h.db,
		jobs: [revocationScan, archiveReverify],
		clock,
		instanceId: 'T',
		log: () => undefined
	});
	root = await issueCertificate({
		subject: { cn: 'Root thử nghiệm', o: 'Ban Cơ yếu Chính phủ' },
		keys: await generateKeyPair(),
		notBefore: new Date('2020-01-01'),
		notAfter: new Date('2040-01-01')
	});
	leaf = await issueCertificate({
		subject: { cn: 'Nguyễn Văn Ký', o: 'Cơ quan A' },
		issuer: root,
		keys: await generateKeyPair(),
		notBefore: new Date('2025-01-01'),
		notAfter: new Date('2028-01-01'),
		serial: '0badc0de'
	});
	await insertCaCertificate(h.db, root.der);
	const lc = parseCertificate(leaf.der);
	certId = (
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: lc.fingerprint,
				serial_number: lc.serialHex,
				issuer_dn: lc.issuer,
				subject_dn: lc.subject,
				subject_cn: 'Nguyễn Văn Ký',
				kind: 'individual',
				agency_id: w.agencies.A.id,
				person_id: w.people.head,
				not_before: lc.notBefore,
				not_after: lc.notAfter,
				der: leaf.der
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const crl1 = await createCrl({
		issuer: root,
		thisUpdate: new Date('2026-05-01'),
		nextUpdate: new Date('2027-05-01'),
		crlNumber: 1
	});
	await h.db
		.insertInto('crls')
		.values({
			issuer_dn: parseCertificate(root.der).subject,
			this_update: new Date('2026-05-01'),
			der_sha256: sha(crl1.der),
			der: crl1.der
		})
		.execute();
	const content = new TextEncoder().encode('Quyết định số 12/QĐ-A');
	const sig = await signCms({
		content,
		signer: leaf,
		chain: [root],
		detached: true,
		signingTime: new Date('2026-03-01T02:00:00Z')
	});
	for (const [hash, bytes] of [
		[sha(content), content],
		[sha(sig), sig]
	] as const)
		await h.db
			.insertInto('document_contents')
			.values({ sha256: hash, size_bytes: bytes.length, content: bytes })
			.execute();
	docId = (
		await h.db
			.insertInto('archived_documents')
			.values({
				content_sha256: sha(content),
				signature_sha256: sha(sig),
				format: 'cms',
				file_name: 'qd-12.p7s',
				document_number: '12/QĐ-A',
				issuing_agency_id: w.agencies.A.id,
				received_at: new Date('2026-03-01T03:00:00Z'),
				source_system: 'qlvb',
				source_id: 'D1'
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	await addEvent(h.db, w, {
		at: '2026-03-01T09:00:00+07:00',
		cert: { id: certId },
		person: w.people.head,
		title: 'Giám đốc'
	});
});
afterAll(async () => {
	await h?.close();
});

describe('revocation-scan and archive-reverify', () => {
	it('a clean archive verifies, is kept, and raises nothing; an unchanged archive is not re-verified', async () => {
		const r = await run('archive-reverify');
		expect(r.counts).toMatchObject({ verified: 1, passed: 1 });
		const v = await h.db
			.selectFrom('document_verifications')
			.selectAll()
			.where('document_id', '=', docId)
			.execute();
		expect(v).toHaveLength(1);
		expect(v[0]!.indication).toBe('TOTAL_PASSED');
		expect(v[0]!.poe_time?.toISOString()).toBe('2026-03-01T03:00:00.000Z');
		expect(v[0]!.signer_fingerprints).toEqual([parseCertificate(leaf.der).fingerprint]);
		const again = await run('archive-reverify');
		expect(again.counts).toMatchObject({ full: 0 });
		expect(again.counts).not.toHaveProperty('verified');
		expect(await h.db.selectFrom('findings').select('id').execute()).toHaveLength(0);
	});

	it('a CRL revoking the signer before it signed: certificate marked, event and archive flagged, verdict got worse', async () => {
		const crl2 = await createCrl({
			issuer: root,
			thisUpdate: new Date('2026-05-20'),
			nextUpdate: new Date('2027-05-20'),
			crlNumber: 2,
			revoked: [{ serialHex: '0badc0de', date: new Date('2026-02-01T00:00:00Z') }]
		});
		await h.db
			.insertInto('crls')
			.values({
				issuer_dn: parseCertificate(root.der).subject,
				this_update: new Date('2026-05-20'),
				der_sha256: sha(crl2.der),
				der: crl2.der
			})
			.execute();
		const r = await run('revocation-scan');
		expect(r.counts).toMatchObject({ markedRevoked: 1, opened: 1 });
		const c = await h.db
			.selectFrom('certificates')
			.selectAll()
			.where('id', '=', certId)
			.executeTakeFirstOrThrow();
		expect(c.status).toBe('revoked');
		expect(c.revoked_at?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id'])
			.where('action', '=', 'certificate.revoked_by_crl')
			.execute();
		expect(audit).toEqual([{ action: 'certificate.revoked_by_crl', entity_id: String(certId) }]);
		const again = await run('revocation-scan');
		expect(again.counts).toMatchObject({ markedRevoked: 0, opened: 0, resolved: 0 });

		const a = await run('archive-reverify');
		expect(a.counts).toMatchObject({ verified: 1, notPassed: 1 });
		const kinds = (
			await h.db.selectFrom('findings').select(['kind', 'document_id']).orderBy('kind').execute()
		).map((f) => f.kind);
		expect(kinds).toEqual([
			'archive_verdict_worse',
			'archive_verification_failed',
			'signed_after_revocation'
		]);
		const full = await run('archive-reverify', { full: true });
		expect(full.counts).toMatchObject({ full: 1, verified: 1, opened: 0 });
		expect(await h.db.selectFrom('document_verifications').select('id').execute()).toHaveLength(3);
	});
});
