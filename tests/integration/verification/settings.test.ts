// The verification settings an administrator edits (/quan-tri/kiem-tra): stored with an audit entry,
// refused with a Vietnamese message when invalid (leaving what was stored), and read by every verifier
// built from the database: turning the SHA-1 rule off changes a real SHA-1 signature's verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { insertCaCertificate } from '../../helpers/ca-certificates';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import {
	loadVerificationSettings,
	saveVerificationSettings,
	settingsFormValues
} from '../../../src/lib/server/verification/settings';
import { createDbVerifier, loadVerifierSources } from '../../../src/lib/server/verification/sources';
import { generateKeyPair, issueCertificate, signCms } from '../../../src/lib/pki/testing';

let h: DbHandle;
const who = { userId: null, actor: 'quantri', ip: '10.0.0.1' };
const valid = {
	revocationPolicy: 'require',
	onlineRevocation: false,
	sha1NotAfter: '2019-01-01',
	weakRsaNotAfter: '2019-01-01',
	minRsaBits: '2048'
};

beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

describe('verification settings', () => {
	it('start from the safe defaults: revocation required, offline, SHA-1 and short RSA refused since 2019', async () => {
		const { levels, revocationMaxAgeHours, ...rest } = settingsFormValues(
			await loadVerificationSettings(h.db)
		);
		expect(rest).toEqual({ ...valid, minRsaBits: 2048 });
		// The policy levels at their defaults (tests/integration/verification/policy-and-reports.test.ts).
		expect([levels.revocationFreshness, levels.timestampPresence, revocationMaxAgeHours]).toEqual([
			'FAIL',
			'INFORM',
			''
		]);
	});

	it('refuse bad input in Vietnamese and keep what was stored', async () => {
		const before = await loadVerificationSettings(h.db);
		for (const [field, value, message] of [
			['minRsaBits', 'abc', 'Độ dài khóa RSA tối thiểu phải là một số.'],
			['minRsaBits', '512', 'Độ dài khóa RSA tối thiểu từ 1024 đến 16384 bit.'],
			['sha1NotAfter', '2019-13-45', 'Ngày ngừng chấp nhận SHA-1 không hợp lệ (dd/MM/yyyy).'],
			['sha1NotAfter', '30/02/2019', 'Ngày ngừng chấp nhận SHA-1 không hợp lệ (dd/MM/yyyy).'],
			['revocationPolicy', 'sometimes', 'Chọn chính sách kiểm tra thu hồi.']
		] as const)
			await expect(saveVerificationSettings(h.db, { ...valid, [field]: value }, who)).rejects.toMatchObject({
				code: 'INVALID_INPUT',
				message
			});
		expect(await loadVerificationSettings(h.db)).toEqual(before);
		expect(await h.db.selectFrom('settings').select('key').execute()).toEqual([]);
	});

	it('are stored, audited, and read by the verifier sources', async () => {
		await saveVerificationSettings(
			h.db,
			{
				revocationPolicy: 'if-available',
				onlineRevocation: true,
				sha1NotAfter: '',
				// Typed as the page shows days.
				weakRsaNotAfter: '01/01/2020',
				minRsaBits: '3072'
			},
			who
		);
		const sources = await loadVerifierSources(h.db);
		expect(sources.revocation).toMatchObject({ online: true, policy: 'if-available' });
		// 1 January 2020 in Vietnam begins at 17:00 UTC the day before.
		expect(sources.cryptoPolicy).toEqual({
			sha1NotAfter: null,
			weakRsaNotAfter: new Date('2019-12-31T17:00:00Z'),
			minRsaBits: 3072
		});
		const audit = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'settings.verification_update')
			.execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actor: 'quantri', entity_type: 'settings', entity_id: 'pki' });
		expect(audit[0]!.details).toMatchObject({
			before: { sha1NotAfter: '2019-01-01', minRsaBits: 2048 },
			after: { sha1NotAfter: '', minRsaBits: 3072 }
		});
	});

	it('decide a SHA-1 signature: refused under the default rule, accepted once the rule is off', async () => {
		await saveVerificationSettings(h.db, { ...valid, revocationPolicy: 'none' }, who);
		const keys = await generateKeyPair();
		const root = await issueCertificate({
			subject: { cn: 'Root cài đặt' },
			keys,
			notBefore: new Date('2020-01-01'),
			notAfter: new Date('2040-01-01')
		});
		const leaf = await issueCertificate({
			issuer: root,
			subject: { cn: 'Trần Thị Ký' },
			keys,
			notBefore: new Date('2024-01-01'),
			notAfter: new Date('2029-01-01')
		});
		await insertCaCertificate(h.db, root.der);
		const file = await signCms({
			content: new TextEncoder().encode('Công văn số 5/SKHCN'),
			signer: leaf,
			hash: 'sha1',
			signingTime: new Date('2026-03-02T02:00:00Z')
		});
		const verify = async () =>
			(await createDbVerifier(h.db, { clock: () => new Date('2026-06-01T00:00:00Z') })).verifier.verifyFile(
				file
			);
		expect((await verify()).subIndication).toBe('CRYPTO_CONSTRAINTS_FAILURE');
		await saveVerificationSettings(h.db, { ...valid, revocationPolicy: 'none', sha1NotAfter: '' }, who);
		expect((await verify()).indication).toBe('TOTAL_PASSED');
	});
});
