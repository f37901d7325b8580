// The validation policy's levels as a stored setting read by every database verifier; the same stored facts
// judged again under another stored policy without a second fetch (a counting fetcher answers OCSP); the upload
// check at a chosen validation time; and an archived verification downloaded as HTML and ETSI XML, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { insertCaCertificate } from '../../helpers/ca-certificates';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { applyPolicy, type FileReport } from '../../../src/lib/pki';
import { parseCrl } from '../../../src/lib/pki/crl';
import { answerOcspRequest, signCms } from '../../../src/lib/pki/testing';
import { storeCrl } from '../../../src/lib/server/crls/store';
import {
	loadVerificationSettings,
	saveVerificationSettings,
	settingsFormValues,
	type SettingsFormInput
} from '../../../src/lib/server/verification/settings';
import { createDbVerifier } from '../../../src/lib/server/verification/sources';
import { parseValidationTimeInput, verifyUploadedFile } from '../../../src/lib/server/verification/upload';
import { archiveDocument } from '../../../src/lib/server/document-archive/store';
import { reverifyArchivedDocument } from '../../../src/lib/server/document-archive/service';
import { archivedVerificationReport } from '../../../src/lib/server/document-archive/verification-report';
import { buildTestPki, T, type TestPki } from '../../unit/pki/fixtures';
import { validateEtsiReport } from '../../helpers/etsi-schema';

let h: DbHandle;
let pki: TestPki;
let file: Uint8Array;
let fetches = 0;
const who = { userId: null, actor: 'quantri', ip: '10.0.0.1' };
const inspector: AuthUser = {
	id: 1,
	username: 'thanhtra',
	displayName: 'T',
	roles: ['inspector'],
	agencyId: null,
	scope: { kind: 'all' },
	sessionId: 's'
};

/** An OCSP responder that counts the requests: a good answer issued 28/02/2026, valid a week. */
const countingFetch = (async (_url: string | URL, init?: RequestInit) => {
	fetches++;
	const der = answerOcspRequest(new Uint8Array(init!.body as Buffer), {
		issuer: pki.sub,
		responder: pki.ocspSigner,
		statusOf: () => ({ status: 'good' }),
		thisUpdate: () => new Date('2026-02-28T00:00:00Z'),
		validityMs: 7 * 86_400_000
	});
	return new Response(new Blob([new Uint8Array(der)]));
}) as typeof fetch;

/** The settings form as the page posts it, with every level at its current value and some changed. */
async function formWith(
	levels: Record<string, string>,
	extra: Partial<SettingsFormInput> = {}
): Promise<SettingsFormInput> {
	const v = settingsFormValues(await loadVerificationSettings(h.db));
	return {
		onlineRevocation: true,
		sha1NotAfter: v.sha1NotAfter,
		weakRsaNotAfter: v.weakRsaNotAfter,
		minRsaBits: v.minRsaBits,
		levels: { ...v.levels, ...levels },
		revocationMaxAgeHours: '',
		...extra
	};
}

beforeAll(async () => {
	h = await openTestDb();
	pki = await buildTestPki('http://ocsp.kiemthu.invalid/');
	await insertCaCertificate(h.db, pki.root.der);
	await storeCrl(h.db, parseCrl(pki.rootCrl));
	file = await signCms({
		content: new TextEncoder().encode('Quyết định số 7/QĐ-UBND'),
		signer: pki.person,
		chain: [pki.sub],
		signingTime: T.signed
	});
});
afterAll(async () => h?.close());

describe('policy levels in the settings', () => {
	it('start at the documented defaults, follow the older revocation setting until a level is stored', async () => {
		const v = settingsFormValues(await loadVerificationSettings(h.db));
		expect(v.levels).toMatchObject({
			revocationFreshness: 'FAIL',
			timestampPresence: 'INFORM',
			'profile.basicConstraintsCritical': 'WARN',
			'profile.akiPresent': 'FAIL'
		});
		expect(v.revocationMaxAgeHours).toBe('');
		await saveVerificationSettings(
			h.db,
			{ ...(await formWith({})), levels: undefined, revocationPolicy: 'if-available' },
			who
		);
		expect((await loadVerificationSettings(h.db)).validationPolicy.revocationFreshness).toBe('WARN');
	});

	it('refuse a bad level or maximum age in Vietnamese, naming the check, and keep what was stored', async () => {
		const before = await loadVerificationSettings(h.db);
		await expect(
			saveVerificationSettings(h.db, await formWith({ keyUsage: 'STRICT' }), who)
		).rejects.toMatchObject({
			code: 'INVALID_INPUT',
			message:
				'Mức áp dụng cho "chứng thư người ký có mục đích ký số (digitalSignature hoặc nonRepudiation)" phải là FAIL, WARN, INFORM hoặc IGNORE.'
		});
		await expect(
			saveVerificationSettings(h.db, await formWith({}, { revocationMaxAgeHours: '-3' }), who)
		).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /Tuổi tối đa của thông tin thu hồi/ });
		expect(await loadVerificationSettings(h.db)).toEqual(before);
	});

	it('are read by the database verifier; the stored facts are judged again under another policy with no new fetch', async () => {
		await saveVerificationSettings(
			h.db,
			await formWith({
				revocationFreshness: 'FAIL',
				timestampPresence: 'FAIL',
				'profile.serialNumber': 'WARN'
			}),
			who
		);
		const stored = await loadVerificationSettings(h.db);
		expect(stored.validationPolicy).toMatchObject({
			timestampPresence: 'FAIL',
			revocationFreshness: 'FAIL',
			profile: { serialNumber: 'WARN' }
		});
		expect(stored.revocationPolicy).toBe('require');
		const { verifier } = await createDbVerifier(h.db, { clock: () => T.now, fetch: countingFetch });
		const strict = await verifier.verifyFile(file);
		expect([strict.indication, strict.subIndication]).toEqual(['INDETERMINATE', 'SIG_CONSTRAINTS_FAILURE']);
		expect(strict.policy?.timestampPresence).toBe('FAIL');
		expect(fetches).toBe(1);

		// As the archive keeps it: JSON. The administrator relaxes the time-stamp level, then tightens freshness.
		const kept = JSON.parse(JSON.stringify(strict)) as FileReport;
		await saveVerificationSettings(h.db, await formWith({ timestampPresence: 'INFORM' }), who);
		const relaxed = applyPolicy(kept, (await loadVerificationSettings(h.db)).validationPolicy);
		expect(relaxed.indication).toBe('TOTAL_PASSED');
		await saveVerificationSettings(h.db, await formWith({}, { revocationMaxAgeHours: '12' }), who);
		const tight = applyPolicy(kept, (await loadVerificationSettings(h.db)).validationPolicy);
		expect([tight.indication, tight.subIndication]).toEqual(['INDETERMINATE', 'TRY_LATER']);
		expect(fetches).toBe(1);
		await saveVerificationSettings(h.db, await formWith({}), who);
	});
});

describe('the upload check at a chosen time', () => {
	it('reads dd/MM/yyyy HH:mm in Vietnam time, refuses what is not a time or lies ahead', () => {
		const now = new Date('2026-03-01T00:00:00Z');
		expect(parseValidationTimeInput('', now)).toBeNull();
		expect(parseValidationTimeInput(' 15/02/2026 09:30 ', now)).toEqual(new Date('2026-02-15T02:30:00Z'));
		expect(() => parseValidationTimeInput('30/02/2026 09:30', now)).toThrow(
			'Thời điểm kiểm tra "30/02/2026 09:30" không hợp lệ: cần dạng dd/MM/yyyy HH:mm (giờ Việt Nam), ví dụ 15/03/2026 09:30.'
		);
		expect(() => parseValidationTimeInput('02/03/2026 08:00', now)).toThrow(
			'Thời điểm kiểm tra không được ở tương lai.'
		);
	});

	it('verifies at that time and says so: before the signer certificate was valid the verdict changes', async () => {
		const now = new Date('2026-03-01T00:00:00Z');
		const atNow = await verifyUploadedFile(h.db, { name: 'qd.p7m', bytes: file }, null, now);
		expect(atNow).toMatchObject({ validationTime: now.toISOString(), validationTimeChosen: false });
		// 2023: the person's certificate (valid from 2024) was not yet valid.
		const early = parseValidationTimeInput('01/06/2023 08:00', now)!;
		const then = await verifyUploadedFile(h.db, { name: 'qd.p7m', bytes: file }, null, now, early);
		expect(then).toMatchObject({ validationTime: '2023-06-01T01:00:00.000Z', validationTimeChosen: true });
		expect(then.report.signatures[0]!.facts!.validationTime).toBe('2023-06-01T01:00:00.000Z');
		expect(then.report.indication).not.toBe('TOTAL_PASSED');
	});
});

describe('an archived verification as a report', () => {
	it('downloads as HTML and ETSI XML from what was stored, audited; another document’s verification is not found', async () => {
		const id = await archiveDocument(h.db, {
			content: file,
			format: 'cms',
			fileName: 'Quyết định 7.p7m',
			documentNumber: '7/QĐ-UBND',
			receivedAt: new Date('2025-06-02T00:00:00Z'),
			sourceSystem: 'qlvb',
			sourceId: 'BC-1'
		});
		const stored = await reverifyArchivedDocument(h.db, inspector, id, who, T.now);
		const html = await archivedVerificationReport(h.db, inspector, id, null, 'html', who);
		expect(html.fileName).toBe('bao-cao-kiem-tra-Quyet-dinh-7.html');
		expect(html.contentType).toBe('text/html; charset=utf-8');
		expect(html.body).toContain('Văn bản lưu trữ số');
		expect(html.body).toContain('7/QĐ-UBND');
		expect(html.body).toContain('bằng chứng tồn tại (thời điểm lưu trữ)');
		expect(html.body).toContain('01/03/2026 07:00:00');
		const xml = await archivedVerificationReport(h.db, inspector, id, stored.id, 'xml', who);
		expect(xml.body).toContain('<vr:ValidationReport xmlns:vr="http://uri.etsi.org/19102/v1.4.1#"');
		expect(await validateEtsiReport(xml.body)).toEqual({ valid: true, errors: [] });
		expect(xml.body).toContain('urn:etsi:019102:validationprocess:LTVM');
		await expect(
			archivedVerificationReport(h.db, inspector, id, stored.id + 1000, 'xml', who)
		).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['details'])
			.where('action', '=', 'archive.report_download')
			.execute();
		expect(audit.map((a) => a.details)).toEqual([
			{ verificationId: stored.id, format: 'html' },
			{ verificationId: stored.id, format: 'xml' }
		]);
	});
});
