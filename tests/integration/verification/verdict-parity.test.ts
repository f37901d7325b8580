// One verifier path: the nightly archive-reverify job and the archive's "Xác minh lại" button build
// their verifier through the same factory, so under the same administrator settings they reach the
// same verdict on the same document. Before, the job hard-coded "revocation required, offline,
// default crypto policy", so it disagreed with the button and then recorded its own disagreement as
// a worsening finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { archiveReverify } from '../../../src/lib/jobs/definitions/archive-reverify';
import { signCms } from '../../../src/lib/pki/testing';
import { commitCertificateImport } from '../../../src/lib/server/import/certificates';
import { archiveDocument, reverifyArchivedDocument } from '../../../src/lib/server/document-archive/service';
import { saveVerificationSettings } from '../../../src/lib/server/verification/settings';
import { verifyUploadedFile } from '../../../src/lib/server/verification/upload';
import { buildImportTestPki, T, type ImportTestPki } from '../import/test-pki';

let h: DbHandle;
let pki: ImportTestPki;
let runner: JobRunner;
const clock = new ManualClock(T.now);
const who = { userId: null, actor: 'quantri', ip: null };
const inspector: AuthUser = {
	id: 1,
	username: 'thanhtra',
	displayName: 'T',
	roles: ['inspector'],
	agencyId: null,
	scope: { kind: 'all' },
	sessionId: 's'
};
const defaults = {
	revocationPolicy: 'require',
	onlineRevocation: false,
	sha1NotAfter: '2019-01-01',
	weakRsaNotAfter: '2019-01-01',
	minRsaBits: '2048'
};

/** The archived documents, each sensitive to one difference the job used to have. */
const docs: { name: string; id: number; p7m: Uint8Array }[] = [];

beforeAll(async () => {
	h = await openTestDb();
	pki = await buildImportTestPki();
	runner = new JobRunner({ db: h.db, jobs: [archiveReverify], clock, instanceId: 'T', log: () => undefined });
	// The chain and the signer's certificate are known; no CRL is stored, so revocation is unknown offline.
	await commitCertificateImport(
		h.db,
		[pki.root.der, pki.sub.der, pki.person.der].map((bytes, i) => ({ name: `${i}.der`, bytes })),
		{ ...who, trustSelfSignedRoots: true }
	);
	const content = (n: string) => new TextEncoder().encode(`Quyết định số ${n}/QĐ-SYT`);
	const signed = {
		// Depends on the revocation policy only.
		sha256: await signCms({
			content: content('1'),
			signer: pki.person,
			chain: [pki.sub],
			signingTime: T.signed
		}),
		// Also on the crypto policy's SHA-1 cut-off.
		sha1: await signCms({
			content: content('2'),
			signer: pki.person,
			chain: [pki.sub],
			hash: 'sha1',
			signingTime: T.signed
		})
	};
	for (const [name, p7m] of Object.entries(signed)) {
		const id = await archiveDocument(h.db, {
			content: p7m,
			format: 'cms',
			fileName: `${name}.p7m`,
			receivedAt: T.received,
			sourceSystem: 'qlvb',
			sourceId: name
		});
		docs.push({ name, id, p7m });
	}
});
afterAll(async () => h?.close());

type Verdict = [string, string | null];

/** Each document's verdict from the job (a full sweep), the button and the upload page, at the same instant. */
async function verdicts(): Promise<Record<string, { job: Verdict; button: Verdict; upload: Verdict }>> {
	const now = clock.advance(3_600_000);
	await runner.enqueue('archive-reverify', { trigger: 'manual', payload: { full: true } });
	const [run] = await runner.pollOnce();
	expect(run?.status, run?.error ?? '').toBe('succeeded');
	const out: Record<string, { job: Verdict; button: Verdict; upload: Verdict }> = {};
	for (const d of docs) {
		const byJob = await h.db
			.selectFrom('document_verifications')
			.select(['indication', 'sub_indication'])
			.where('document_id', '=', d.id)
			.where('job_run_id', '=', run!.id)
			.executeTakeFirstOrThrow();
		const button = await reverifyArchivedDocument(h.db, inspector, d.id, who, now);
		const upload = await verifyUploadedFile(h.db, { name: `${d.name}.p7m`, bytes: d.p7m }, null, now);
		out[d.name] = {
			job: [byJob.indication, byJob.sub_indication],
			button: [button.indication, button.subIndication],
			upload: [upload.report.indication, upload.report.subIndication]
		};
	}
	return out;
}

function expectSameEverywhere(
	got: Awaited<ReturnType<typeof verdicts>>,
	expected: Record<string, Verdict>
): void {
	for (const [name, verdict] of Object.entries(expected))
		expect({ name, ...got[name] }).toEqual({ name, job: verdict, button: verdict, upload: verdict });
}

describe('the archive job, the "Xác minh lại" button and the upload page under the same settings', () => {
	it('agree under the defaults: revocation required and unknown offline', async () => {
		expectSameEverywhere(await verdicts(), {
			sha256: ['INDETERMINATE', 'TRY_LATER'],
			sha1: ['INDETERMINATE', 'TRY_LATER']
		});
	});

	it('agree when revocation data is required only if available', async () => {
		await saveVerificationSettings(h.db, { ...defaults, revocationPolicy: 'if-available' }, who);
		expectSameEverywhere(await verdicts(), {
			sha256: ['TOTAL_PASSED', null],
			sha1: ['INDETERMINATE', 'CRYPTO_CONSTRAINTS_FAILURE']
		});
	});

	it('agree when revocation is not checked and SHA-1 is accepted', async () => {
		await saveVerificationSettings(h.db, { ...defaults, revocationPolicy: 'none', sha1NotAfter: '' }, who);
		expectSameEverywhere(await verdicts(), {
			sha256: ['TOTAL_PASSED', null],
			sha1: ['TOTAL_PASSED', null]
		});
	});

	it('so the job never records a verdict the button would not give as a worsening', async () => {
		const worse = await h.db
			.selectFrom('findings')
			.select(['kind', 'summary'])
			.where('kind', '=', 'archive_verdict_worse')
			.execute();
		expect(worse).toEqual([]);
	});
});
