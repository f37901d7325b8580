// The verifier's sources come from the database: only trusted roots anchor, other CAs and the
// inventory are intermediates, stored CRLs are used, and the revocation policy is a setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { signCms } from '../../../src/lib/pki/testing';
import { commitCertificateImport } from '../../../src/lib/server/import/certificates';
import { loadVerifierSources, REVOCATION_POLICY_SETTING } from '../../../src/lib/server/verification/sources';
import { verifyUploadedFile, MAX_VERIFY_UPLOAD_BYTES } from '../../../src/lib/server/verification/upload';
import { buildImportTestPki, T, type ImportTestPki } from '../import/test-pki';

let h: DbHandle;
let pki: ImportTestPki;
const who = { userId: null, actor: 'test', ip: null };

beforeAll(async () => {
	h = await openTestDb();
	pki = await buildImportTestPki();
	const files = [pki.root.der, pki.sub.der, pki.person.der, pki.rootCrl, pki.subCrl].map((bytes, i) => ({
		name: `${i}.der`,
		bytes
	}));
	await commitCertificateImport(h.db, files, { ...who, trustSelfSignedRoots: true });
});
afterAll(async () => h?.close());

describe('verifier sources from the database', () => {
	it('anchors on trusted roots only and reads CRLs and the revocation policy', async () => {
		const s = await loadVerifierSources(h.db);
		expect(s.counts).toEqual({ trustAnchors: 1, intermediates: 2, crls: 2 });
		expect(s.revocation?.policy).toBe('require');
		await h.db
			.insertInto('settings')
			.values({ key: REVOCATION_POLICY_SETTING, value: JSON.stringify('if-available') })
			.execute();
		expect((await loadVerifierSources(h.db)).revocation?.policy).toBe('if-available');
	});

	it('verifies an upload: valid, tampered, malformed, missing content, too large', async () => {
		const content = new TextEncoder().encode('Công văn 05/SYT-VP');
		const p7s = await signCms({
			content,
			signer: pki.person,
			chain: [pki.sub],
			signingTime: T.signed,
			detached: true
		});
		const ok = await verifyUploadedFile(
			h.db,
			{ name: 'cv.p7s', bytes: p7s },
			{ name: 'cv.txt', bytes: content },
			T.now
		);
		expect([ok.report.indication, ok.report.signatures[0]!.signer!.subject]).toEqual([
			'TOTAL_PASSED',
			expect.stringContaining('Trần Văn Bình')
		]);
		const changed = new TextEncoder().encode('Công văn 06/SYT-VP');
		const bad = await verifyUploadedFile(
			h.db,
			{ name: 'cv.p7s', bytes: p7s },
			{ name: 'cv.txt', bytes: changed },
			T.now
		);
		expect([bad.report.indication, bad.report.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
		const junk = await verifyUploadedFile(
			h.db,
			{ name: 'x.pdf', bytes: new TextEncoder().encode('không phải PDF') },
			null,
			T.now
		);
		expect([junk.report.indication, junk.report.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
		const noContent = await verifyUploadedFile(h.db, { name: 'cv.p7s', bytes: p7s }, null, T.now);
		expect(noContent.report.subIndication).toBe('SIGNED_DATA_NOT_FOUND');
		await expect(verifyUploadedFile(h.db, null, null)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
		const huge = { name: 'lon.pdf', bytes: new Uint8Array(MAX_VERIFY_UPLOAD_BYTES + 1) };
		await expect(verifyUploadedFile(h.db, huge, null)).rejects.toMatchObject({
			code: 'INVALID_INPUT',
			message: expect.stringContaining('quá lớn')
		});
	});
});
