// Every stored verification of an archived document keeps the material it relied on (certificates, CRLs, OCSP
// answers, time-stamp tokens — each blob once by SHA-256 — with the policy and settings in force), so that
// (i) it can be made again offline exactly as it was, whatever the live CRLs say since, and (ii) it can be set
// against a verification under today's material ("then" and "now").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { archiveReverify } from '../../../src/lib/jobs/definitions/archive-reverify';
import { createCrl, createSignedPdf, issueCertificate, type Issued } from '../../../src/lib/pki/testing';
import { importCrlFiles } from '../../../src/lib/server/import/crls';
import { intakeDocument, type IntakeActor } from '../../../src/lib/server/document-archive/intake';
import { reverifyArchivedDocument } from '../../../src/lib/server/document-archive/service';
import {
	compareWithToday,
	replayStoredVerification
} from '../../../src/lib/server/document-archive/evidence-replay';
import { loadValidationEvidence } from '../../../src/lib/server/verification/evidence';
import { buildIntakePki, type IntakePki } from './intake-fixtures';

let h: DbHandle;
let pki: IntakePki;
let tsa: Issued;
const all = { kind: 'all' as const };
const who = { userId: null, actor: 'test', ip: null };
const actor: IntakeActor = { origin: 'api', scope: all, apiKeyId: null, userId: null, who };
const stampedAt = () => new Date(pki.signedAt.getTime() + 30 * 60_000);

beforeAll(async () => {
	h = await openTestDb();
	await h.db
		.insertInto('agencies')
		.values({ code: 'A', name: 'Cơ quan A', kind: 'province', path: '/1/' })
		.execute();
	pki = await buildIntakePki(h.db);
	tsa = await issueCertificate({
		issuer: pki.sub,
		profile: 'tsa',
		subject: { cn: 'Dịch vụ dấu thời gian tiếp nhận', o: 'Ban Cơ yếu Chính phủ', c: 'VN' },
		keys: pki.signer.keys,
		notBefore: pki.sub.cert.notBefore,
		notAfter: pki.sub.cert.notAfter,
		serial: '7a09'
	});
});
afterAll(async () => h?.close());

async function intake(sourceId: string, text: string, verdict = 'TOTAL_PASSED') {
	const pdf = await createSignedPdf({
		signer: pki.signer,
		chain: [pki.sub],
		signingTime: pki.signedAt,
		text,
		timestamp: { tsa, time: stampedAt() }
	});
	const r = await intakeDocument(
		h.db,
		{
			file: { name: `${sourceId}.pdf`, bytes: pdf },
			agency: { code: 'A' },
			documentNumber: `${sourceId}/QĐ-A`,
			direction: 'outgoing',
			receivedAt: pki.receivedAt,
			sourceSystem: 'QLVBDH',
			sourceId
		},
		actor
	);
	expect(r.indication).toBe(verdict);
	return r.id;
}

const latestVerification = (documentId: number) =>
	h.db
		.selectFrom('document_verifications')
		.select(['id', 'indication', 'validation_settings', 'job_run_id'])
		.where('document_id', '=', documentId)
		.orderBy('id', 'desc')
		.executeTakeFirstOrThrow();

const blobCount = async () =>
	Number(
		(
			await h.db
				.selectFrom('evidence_blobs')
				.select((e) => e.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('the material kept with a verification', () => {
	it('holds the path, the CRLs with their times, the time-stamp token and the policy — each blob once', async () => {
		const id = await intake('EV-1', 'Quyet dinh EV-1');
		const v = await latestVerification(id);
		expect(v.validation_settings).toMatchObject({
			policy: { revocationFreshness: 'FAIL', timestampPresence: 'INFORM' },
			revocationChecked: true,
			online: false
		});
		const m = (await loadValidationEvidence(h.db, v.id))!;
		expect(m.poeTime).toBe(pki.receivedAt.toISOString());
		const certs = m.items.filter((i) => i.kind === 'certificate');
		expect(certs.map((c) => c.role).sort()).toEqual(['anchor', 'ca', 'signer', 'tsa']);
		const crls = m.items.filter((i) => i.kind === 'crl');
		expect(crls.length).toBeGreaterThanOrEqual(2);
		for (const c of crls)
			expect(c).toMatchObject({ origin: 'store', url: null, thisUpdate: expect.any(String) });
		const stamps = m.items.filter((i) => i.kind === 'timestamp');
		expect(stamps).toEqual([expect.objectContaining({ genTime: stampedAt().toISOString() })]);
		for (const i of m.items) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);

		// A second document from the same signer adds its own time-stamp token, nothing else.
		const before = await blobCount();
		await intake('EV-2', 'Quyet dinh EV-2');
		expect(await blobCount()).toBe(before + 1);
	});

	it('"Xác minh lại" and the archive job keep the material of their verifications too', async () => {
		const id = await intake('EV-3', 'Quyet dinh EV-3');
		await reverifyArchivedDocument(h.db, { scope: all } as never, id, who);
		expect((await latestVerification(id)).validation_settings).not.toBeNull();
		const clock = new ManualClock(new Date(Date.now() + 60_000).toISOString());
		const runner = new JobRunner({
			db: h.db,
			jobs: [archiveReverify],
			clock,
			instanceId: 'T',
			log: () => undefined
		});
		await runner.enqueue('archive-reverify', { trigger: 'manual', payload: { full: true } });
		const [r] = await runner.pollOnce();
		expect(r?.status, r?.error ?? '').toBe('succeeded');
		const byJob = await latestVerification(id);
		expect(byJob.job_run_id).not.toBeNull();
		const m = (await loadValidationEvidence(h.db, byJob.id))!;
		expect(m.items.filter((i) => i.kind === 'certificate')).toHaveLength(4);
		expect((await replayStoredVerification(h.db, all, id, byJob.id)).same).toBe(true);
	});
});

describe('then and now', () => {
	it('(i) replays the stored verdict after the live CRL revokes the signer; (ii) today it is not TOTAL_PASSED', async () => {
		const id = await intake('EV-4', 'Quyet dinh EV-4');
		const thenStored = await replayStoredVerification(h.db, all, id);
		expect(thenStored).toMatchObject({ same: true, stored: { indication: 'TOTAL_PASSED' } });
		expect(thenStored.replayed.indication).toBe('TOTAL_PASSED');
		expect(thenStored.evidence).toMatchObject({ certificates: 4, timestamps: 1 });

		// The sub-CA's new CRL: the signer revoked (key compromise) from before the document was signed.
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
		await importCrlFiles(h.db, [{ name: 'sub-2.crl', bytes: crl.der }], who);

		const again = await replayStoredVerification(h.db, all, id);
		expect(again.same).toBe(true);
		expect(again.replayed.indication).toBe('TOTAL_PASSED');

		const cmp = await compareWithToday(h.db, all, id, new Date(issued + 60_000));
		expect(cmp.then.replayed.indication).toBe('TOTAL_PASSED');
		expect(cmp.now.indication).not.toBe('TOTAL_PASSED');
		expect(cmp.now.signatures[0]!.reasons.join(' ')).toMatch(/thu hồi/);
		expect(cmp.comparison.same).toBe(false);
		expect(cmp.comparison.file.then).toBe('TOTAL_PASSED');
		expect(cmp.comparison.signatures[0]).toMatchObject({ then: 'TOTAL_PASSED', same: false });
	});

	it('a document whose verifications kept no material is refused with a Vietnamese reason', async () => {
		// Taken in after the revocation above: its own verdict is not TOTAL_PASSED.
		const id = await intake('EV-5', 'Quyet dinh EV-5', 'INDETERMINATE');
		await h.db
			.updateTable('document_verifications')
			.set({ validation_settings: null })
			.where('document_id', '=', id)
			.execute();
		await expect(replayStoredVerification(h.db, all, id)).rejects.toThrow(/Xác minh lại/);
		await expect(replayStoredVerification(h.db, all, 999_999)).rejects.toThrow(/Không tìm thấy văn bản/);
	});
});
