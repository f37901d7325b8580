// A verification made on the upload page is kept like the archive's: its files, its report, its policy and
// settings and the validation material it relied on (chain, CRLs with their times, time-stamp token), with an
// audit entry; it opens again later for whoever made it and for the province-wide roles only, is shown again
// exactly as it was made whatever the live CRLs say since, is set against today's material, and downloads as
// a report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import {
	createCrl,
	createSignedPdf,
	issueCertificate,
	signCms,
	type Issued
} from '../../../src/lib/pki/testing';
import { importCrlFiles } from '../../../src/lib/server/import/crls';
import {
	getUploadVerification,
	listUploadVerifications,
	storeUploadVerification,
	verifyAndStoreUpload,
	type UploadMaker,
	type UploadViewer
} from '../../../src/lib/server/verification/stored-uploads';
import {
	compareUploadWithToday,
	replayUploadVerification,
	uploadVerificationReport
} from '../../../src/lib/server/verification/stored-upload-replay';
import { loadUploadEvidence } from '../../../src/lib/server/verification/evidence';
import { MAX_VERIFY_UPLOAD_BYTES } from '../../../src/lib/server/verification/upload';
import { buildIntakePki, type IntakePki } from '../document-archive/intake-fixtures';
import { validateEtsiReport } from '../../helpers/etsi-schema';

let h: DbHandle;
let pki: IntakePki;
let tsa: Issued;
let agencyA: number;
let agencyB: number;
let officerA: number;
let officerB: number;
let inspector: number;

const province = (id: number): UploadViewer => ({ id, scope: { kind: 'all' } });
const officer = (id: number, agencyId: number): UploadViewer => ({
	id,
	scope: { kind: 'subtree', agencyId, path: `${root.path}${agencyId}/` }
});
const maker = (userId: number | null, agencyId: number | null, actor: string): UploadMaker => ({
	origin: 'web',
	userId,
	agencyId,
	who: { userId, actor, ip: '10.0.0.9' }
});

async function user(username: string, agencyId: number | null): Promise<number> {
	const r = await h.db
		.insertInto('users')
		.values({ username, display_name: username, password_hash: 'x', agency_id: agencyId })
		.returning('id')
		.executeTakeFirstOrThrow();
	return r.id;
}

let root: { id: number; path: string };

async function agency(code: string, parent: { id: number; path: string } | null = root): Promise<number> {
	const r = await h.db
		.insertInto('agencies')
		.values({
			code,
			name: `Cơ quan ${code}`,
			kind: parent ? 'department' : 'province',
			parent_id: parent?.id ?? null,
			path: '/'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const path = `${parent?.path ?? '/'}${r.id}/`;
	await h.db.updateTable('agencies').set({ path }).where('id', '=', r.id).execute();
	return r.id;
}

const signedPdf = (text: string) =>
	createSignedPdf({
		signer: pki.signer,
		chain: [pki.sub],
		signingTime: pki.signedAt,
		text,
		timestamp: { tsa, time: new Date(pki.signedAt.getTime() + 30 * 60_000) }
	});

beforeAll(async () => {
	h = await openTestDb();
	const provinceId = await agency('UP', null);
	root = { id: provinceId, path: `/${provinceId}/` };
	agencyA = await agency('UA');
	agencyB = await agency('UB');
	pki = await buildIntakePki(h.db);
	tsa = await issueCertificate({
		issuer: pki.sub,
		profile: 'tsa',
		subject: { cn: 'Dịch vụ dấu thời gian kiểm tra', o: 'Ban Cơ yếu Chính phủ', c: 'VN' },
		keys: pki.signer.keys,
		notBefore: pki.sub.cert.notBefore,
		notAfter: pki.sub.cert.notAfter,
		serial: '7b09'
	});
	officerA = await user('canbo.a', agencyA);
	officerB = await user('canbo.b', agencyB);
	inspector = await user('thanhtra', null);
});
afterAll(async () => h?.close());

describe('an upload verification kept with its evidence', () => {
	let id: number;

	it('stores the file, the report, the settings and the material, each blob once, and audits it', async () => {
		const pdf = await signedPdf('Cong van UP-1');
		const r = await verifyAndStoreUpload(
			h.db,
			maker(officerA, agencyA, 'canbo.a'),
			{ name: 'cong-van-up-1.pdf', bytes: pdf },
			null
		);
		expect(r.report.indication).toBe('TOTAL_PASSED');
		id = r.id;
		const row = await h.db
			.selectFrom('upload_verifications')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			origin: 'web',
			verified_by: officerA,
			agency_id: agencyA,
			file_name: 'cong-van-up-1.pdf',
			size_bytes: pdf.byteLength,
			indication: 'TOTAL_PASSED',
			validation_time_chosen: false
		});
		expect(Buffer.from(row.file_bytes).equals(Buffer.from(pdf))).toBe(true);
		expect(row.validation_settings).toMatchObject({ revocationChecked: true, online: false });

		const m = (await loadUploadEvidence(h.db, id))!;
		const certs = m.items.filter((i) => i.kind === 'certificate');
		expect(certs.map((c) => c.role).sort()).toEqual(['anchor', 'ca', 'signer', 'tsa']);
		const crls = m.items.filter((i) => i.kind === 'crl');
		expect(crls.length).toBeGreaterThanOrEqual(2);
		for (const c of crls) expect(c).toMatchObject({ origin: 'store', thisUpdate: expect.any(String) });
		expect(m.items.filter((i) => i.kind === 'timestamp')).toHaveLength(1);

		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'entity_type', 'entity_id', 'actor', 'details'])
			.where('action', '=', 'signature.verify_upload')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({
			entity_type: 'upload_verification',
			entity_id: String(id),
			actor: 'canbo.a'
		});
		expect(audit.details).toMatchObject({ fileName: 'cong-van-up-1.pdf', indication: 'TOTAL_PASSED' });

		// The same signer again: only the new time-stamp token is a new blob.
		const blobs = async () =>
			Number(
				(
					await h.db
						.selectFrom('evidence_blobs')
						.select((e) => e.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await blobs();
		await verifyAndStoreUpload(
			h.db,
			maker(officerB, agencyB, 'canbo.b'),
			{ name: 'cong-van-up-2.pdf', bytes: await signedPdf('Cong van UP-2') },
			null
		);
		expect(await blobs()).toBe(before + 1);
	});

	it('is seen by its maker and the province roles; another agency officer gets NOT_FOUND', async () => {
		expect((await getUploadVerification(h.db, officer(officerA, agencyA), id)).fileName).toBe(
			'cong-van-up-1.pdf'
		);
		expect((await getUploadVerification(h.db, province(inspector), id)).evidence).toMatchObject({
			certificates: 4,
			timestamps: 1
		});
		await expect(getUploadVerification(h.db, officer(officerB, agencyB), id)).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(replayUploadVerification(h.db, officer(officerB, agencyB), id)).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(
			uploadVerificationReport(h.db, officer(officerB, agencyB), id, 'xml', {
				userId: officerB,
				actor: 'canbo.b',
				ip: null
			})
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const mine = await listUploadVerifications(h.db, officer(officerB, agencyB));
		expect(mine.map((v) => v.fileName)).toEqual(['cong-van-up-2.pdf']);
		const all = await listUploadVerifications(h.db, province(inspector));
		expect(all.map((v) => v.fileName)).toEqual(['cong-van-up-2.pdf', 'cong-van-up-1.pdf']);
	});

	it('is shown as made after the live CRL revokes the signer, and today it is not TOTAL_PASSED', async () => {
		const issued = Date.now() + 1_000;
		const crl = await createCrl({
			issuer: pki.sub,
			thisUpdate: new Date(issued),
			nextUpdate: new Date(issued + 7 * 86400_000),
			crlNumber: 2,
			revoked: [
				{ serialHex: pki.signer.serialHex, date: new Date(pki.signedAt.getTime() - 3600_000), reason: 1 }
			]
		});
		await importCrlFiles(h.db, [{ name: 'sub-2.crl', bytes: crl.der }], {
			userId: null,
			actor: 'test',
			ip: null
		});
		const again = await replayUploadVerification(h.db, officer(officerA, agencyA), id);
		expect(again.same).toBe(true);
		expect(again.replayed.indication).toBe('TOTAL_PASSED');

		const cmp = await compareUploadWithToday(h.db, province(inspector), id, new Date(issued + 60_000));
		expect(cmp.replayed.indication).toBe('TOTAL_PASSED');
		expect(cmp.now.indication).not.toBe('TOTAL_PASSED');
		expect(cmp.now.signatures[0]!.reasons.join(' ')).toMatch(/thu hồi/);
		expect(cmp.comparison).toMatchObject({ same: false, file: { then: 'TOTAL_PASSED' } });
	});

	it('downloads its report as made (HTML and ETSI XML), audited', async () => {
		const who = { userId: officerA, actor: 'canbo.a', ip: null };
		const html = await uploadVerificationReport(h.db, officer(officerA, agencyA), id, 'html', who);
		expect(html.contentType).toMatch(/text\/html/);
		expect(html.body).toContain('cong-van-up-1.pdf');
		expect(html.body).toContain(`Lần kiểm tra đã lưu số ${id}`);
		const xml = await uploadVerificationReport(h.db, officer(officerA, agencyA), id, 'xml', who);
		expect(xml.body).toContain('urn:etsi:019102:mainindication:total-passed');
		expect(await validateEtsiReport(xml.body)).toEqual({ valid: true, errors: [] });
		const audits = await h.db
			.selectFrom('audit_log')
			.select(['details'])
			.where('action', '=', 'signature.report_download')
			.where('entity_id', '=', String(id))
			.execute();
		expect(audits.map((a) => (a.details as { format: string }).format).sort()).toEqual(['html', 'xml']);
	});

	it('keeps a detached signature with its content, and makes it again from both', async () => {
		const text = new TextEncoder().encode('Tờ trình 3/TTr-UA');
		const p7s = await signCms({
			content: text,
			detached: true,
			signer: pki.person,
			chain: [pki.sub],
			signingTime: pki.signedAt
		});
		const r = await verifyAndStoreUpload(
			h.db,
			maker(inspector, null, 'thanhtra'),
			{ name: 'to-trinh.p7s', bytes: p7s },
			{ name: 'to-trinh.txt', bytes: text }
		);
		const row = await h.db
			.selectFrom('upload_verifications')
			.select(['content_name', 'content_bytes', 'indication'])
			.where('id', '=', r.id)
			.executeTakeFirstOrThrow();
		expect(row.content_name).toBe('to-trinh.txt');
		expect(Buffer.from(row.content_bytes!).equals(Buffer.from(text))).toBe(true);
		const again = await replayUploadVerification(h.db, province(inspector), r.id);
		expect(again.replayed.indication).toBe(row.indication);
		expect(again.same).toBe(true);
		// Without its content the same signature could not be judged: the replay used the kept content.
		expect(again.replayed.subIndication).not.toBe('SIGNED_DATA_NOT_FOUND');
	});

	it('refuses to keep a file over the size limit, and nothing is stored', async () => {
		const m = (await loadUploadEvidence(h.db, id))!;
		const stored = await getUploadVerification(h.db, province(inspector), id);
		const count = async () => (await h.db.selectFrom('upload_verifications').select('id').execute()).length;
		const before = await count();
		await expect(
			storeUploadVerification(
				h.db,
				maker(officerA, agencyA, 'canbo.a'),
				{
					file: { name: 'qua-lon.pdf', bytes: new Uint8Array(MAX_VERIFY_UPLOAD_BYTES + 1) },
					content: null,
					report: stored.report,
					material: m,
					validationTimeChosen: false
				},
				'0'.repeat(64)
			)
		).rejects.toMatchObject({ code: 'INVALID_INPUT' });
		await expect(
			verifyAndStoreUpload(
				h.db,
				maker(officerA, agencyA, 'canbo.a'),
				{ name: 'qua-lon.pdf', bytes: new Uint8Array(MAX_VERIFY_UPLOAD_BYTES + 1) },
				null
			)
		).rejects.toThrow(/quá lớn/);
		expect(await count()).toBe(before);
	});
});
