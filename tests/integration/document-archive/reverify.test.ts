// Archive re-verification: the received time is the proof of existence, each result is stored as
// history with what changed, a tampered document fails, downloads are audited, and an agency
// officer sees only their agency's documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { signCms, createSignedPdf, createCrl } from '../../../src/lib/pki/testing';
import { importCrlFiles } from '../../../src/lib/server/import/crls';
import { commitCertificateImport } from '../../../src/lib/server/import/certificates';
import { listArchivedDocuments } from '../../../src/lib/server/document-archive/queries';
import {
	archiveDocument,
	downloadArchivedFile,
	getArchivedDocument,
	reverifyArchivedDocument,
	verificationHistory
} from '../../../src/lib/server/document-archive/service';
import { buildImportTestPki, T, type ImportTestPki } from '../import/test-pki';

let h: DbHandle;
let pki: ImportTestPki;
let sytId: number;
let skhcnId: number;
const who = { userId: null, actor: 'test', ip: null };
const inspector: AuthUser = {
	id: 1,
	username: 'thanhtra',
	displayName: 'T',
	roles: ['inspector'],
	agencyId: null,
	scope: { kind: 'all' },
	sessionId: 's'
};
let officer: AuthUser;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	pki = await buildImportTestPki();
	const agencies = await h.db
		.selectFrom('agencies')
		.select(['id', 'code', 'path'])
		.where('code', 'in', ['SYT', 'SKHCN'])
		.execute();
	const syt = agencies.find((a) => a.code === 'SYT')!;
	sytId = syt.id;
	skhcnId = agencies.find((a) => a.code === 'SKHCN')!.id;
	officer = {
		...inspector,
		id: 5,
		username: 'coquan',
		roles: ['agency_officer'],
		agencyId: syt.id,
		scope: { kind: 'subtree', agencyId: syt.id, path: syt.path }
	};
	// The CA chain and its CRLs are known, but the root is not trusted yet.
	const crls = [pki.rootCrl, pki.subCrl].map((der, i) => ({ name: `${i}.crl`, bytes: der }));
	await commitCertificateImport(
		h.db,
		[{ name: 'root.der', bytes: pki.root.der }, { name: 'sub.der', bytes: pki.sub.der }, ...crls],
		who
	);
});
afterAll(async () => h?.close());

describe('archive', () => {
	it('stores each re-verification as history and says what changed', async () => {
		const content = new TextEncoder().encode('Quyết định số 15/QĐ-SYT');
		const p7m = await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed });
		const id = await archiveDocument(h.db, {
			content: p7m,
			format: 'cms',
			fileName: '15-QD-SYT.p7m',
			documentNumber: '15/QĐ-SYT',
			issuingAgencyId: sytId,
			receivedAt: T.received,
			sourceSystem: 'qlvb',
			sourceId: 'A-1'
		});

		const first = await reverifyArchivedDocument(h.db, inspector, id, who, T.now);
		expect(first.indication).toBe('INDETERMINATE');
		expect(first.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');

		await h.db
			.updateTable('ca_certificates')
			.set({ trusted: true })
			.where('subject_dn', 'like', '%RootCA thử nghiệm%')
			.execute();
		// CRLs issued after the received time settle revocation at that time, however old they get.
		const fresh = await Promise.all(
			[pki.root, pki.sub].map((issuer) =>
				createCrl({ issuer, thisUpdate: T.now, nextUpdate: T.crlNext, crlNumber: 2 })
			)
		);
		await importCrlFiles(
			h.db,
			fresh.map((c, i) => ({ name: `fresh${i}.crl`, bytes: c.der })),
			who
		);
		// Years later, after the certificate expired: the received time still proves existence.
		const later = new Date('2030-05-01T00:00:00Z');
		const second = await reverifyArchivedDocument(h.db, inspector, id, who, later);
		expect([second.indication, second.subIndication]).toEqual(['TOTAL_PASSED', null]);

		const history = await verificationHistory(h.db, id);
		expect(history.map((x) => x.indication)).toEqual(['TOTAL_PASSED', 'INDETERMINATE']);
		expect(history[0]!.poeTime!.toISOString()).toBe(T.received.toISOString());
		expect(history[0]!.changes).toEqual([
			'Tốt lên: INDETERMINATE → TOTAL_PASSED',
			'Chỉ dẫn phụ: NO_CERTIFICATE_CHAIN_FOUND → —'
		]);
		expect(history[1]!.changes).toEqual(['Lần kiểm tra đầu tiên']);
		expect(history[0]!.report.signatures[0]!.signer!.subject).toContain('Trần Văn Bình');

		const listed = await listArchivedDocuments(h.db, inspector.scope, { verdict: 'TOTAL_PASSED' });
		expect(listed.rows.map((r) => r.id)).toContain(id);
		expect(listed.rows.find((r) => r.id === id)!.verifications).toBe(2);
	});

	it('reports a tampered PDF as TOTAL_FAILED / HASH_FAILURE', async () => {
		const pdf = await createSignedPdf({
			signer: pki.orgSyt,
			chain: [pki.sub],
			signingTime: T.signed,
			text: 'Cong van 05/SYT-VP'
		});
		const tampered = new Uint8Array(pdf);
		const at = Buffer.from(tampered).indexOf('Cong van 05');
		tampered[at] = 'X'.charCodeAt(0);
		const id = await archiveDocument(h.db, {
			content: tampered,
			format: 'pdf',
			fileName: '05-SYT-VP.pdf',
			issuingAgencyId: sytId,
			receivedAt: T.received,
			sourceSystem: 'qlvb',
			sourceId: 'A-2'
		});
		const r = await reverifyArchivedDocument(h.db, inspector, id, who, T.now);
		expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
	});

	it('limits an agency officer to their agency and audits downloads', async () => {
		const other = await archiveDocument(h.db, {
			content: new TextEncoder().encode('x'),
			format: 'cms',
			fileName: 'khcn.p7m',
			issuingAgencyId: skhcnId,
			receivedAt: T.received,
			sourceSystem: 'qlvb',
			sourceId: 'B-1'
		});
		const mine = await listArchivedDocuments(h.db, officer.scope, {});
		expect(mine.rows.length).toBeGreaterThan(0);
		const subtree = new Set(
			(
				await h.db
					.selectFrom('agencies')
					.select('id')
					.where('path', 'like', `${(officer.scope as { path: string }).path}%`)
					.execute()
			).map((a) => a.id)
		);
		expect(mine.rows.filter((r) => r.agencyId === null || !subtree.has(r.agencyId))).toEqual([]);
		expect(await getArchivedDocument(h.db, officer.scope, other)).toBeNull();
		await expect(reverifyArchivedDocument(h.db, officer, other, who)).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(downloadArchivedFile(h.db, officer, other, 'content', who)).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		const file = await downloadArchivedFile(h.db, inspector, other, 'content', { ...who, actor: 'thanhtra' });
		expect(new TextDecoder().decode(file.bytes)).toBe('x');
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['actor', 'entity_id'])
			.where('action', '=', 'archive.download')
			.execute();
		expect(audit).toEqual([{ actor: 'thanhtra', entity_id: String(other) }]);
	});
});
