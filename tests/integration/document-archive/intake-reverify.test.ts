// After an intake, the archive-reverify job keeps verifying the document: the nightly run leaves a
// document verified at intake alone until one of its signers is revoked in the inventory, the
// monthly (full) sweep re-verifies it, each time with the received time as proof of existence.
// "Xác minh lại" on a detached .p7s filed under its content's .pdf name verifies the signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { archiveReverify } from '../../../src/lib/jobs/definitions/archive-reverify';
import { parseCertificate } from '../../../src/lib/pki/certificate';
import { createPdf } from '../../../src/lib/pki/testing';
import { intakeDocument, type IntakeActor } from '../../../src/lib/server/document-archive/intake';
import { reverifyArchivedDocument } from '../../../src/lib/server/document-archive/service';
import { buildIntakePki, detachedP7s, signedPdf, type IntakePki } from './intake-fixtures';

let h: DbHandle;
let agencyA: number;
let pki: IntakePki;
let runner: JobRunner;
const clock = new ManualClock(new Date(Date.now() + 86400_000).toISOString());
const actor: IntakeActor = {
	origin: 'api',
	scope: { kind: 'all' },
	apiKeyId: null,
	userId: null,
	who: { userId: null, actor: 'test', ip: null }
};

async function run(payload?: unknown) {
	clock.advance(3_600_000);
	await runner.enqueue('archive-reverify', { trigger: 'manual', payload });
	const [r] = await runner.pollOnce();
	expect(r?.status, r?.error ?? '').toBe('succeeded');
	return r!;
}

const verificationsOf = (id: number) =>
	h.db
		.selectFrom('document_verifications')
		.select(['indication', 'job_run_id', 'poe_time'])
		.where('document_id', '=', id)
		.orderBy('id')
		.execute();

beforeAll(async () => {
	h = await openTestDb();
	// A province, its department A and A's unit A1: no inventory, so the job's verifier knows only this PKI.
	const add = async (
		code: string,
		kind: 'province' | 'department' | 'unit',
		parentId: number | null,
		parentPath: string
	) => {
		const a = await h.db
			.insertInto('agencies')
			.values({ code, name: `Cơ quan ${code}`, kind, parent_id: parentId, path: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await h.db
			.updateTable('agencies')
			.set({ path: `${parentPath}${a.id}/` })
			.where('id', '=', a.id)
			.execute();
		return { id: a.id, path: `${parentPath}${a.id}/` };
	};
	const p = await add('P', 'province', null, '/');
	const a = await add('A', 'department', p.id, p.path);
	agencyA = a.id;
	await add('A1', 'unit', a.id, a.path);
	pki = await buildIntakePki(h.db);
	runner = new JobRunner({ db: h.db, jobs: [archiveReverify], clock, instanceId: 'T', log: () => undefined });
});
afterAll(async () => h?.close());

describe('an intake, then the archive job', () => {
	it('is re-verified by the job from then on, with the received time as proof of existence', async () => {
		const r = await intakeDocument(
			h.db,
			{
				file: { name: '5-QD-A.pdf', bytes: await signedPdf(pki, 'Quyet dinh 5/QD-A') },
				agency: { code: 'A' },
				documentNumber: '5/QĐ-A',
				direction: 'outgoing',
				receivedAt: pki.receivedAt,
				sourceSystem: 'QLVBDH',
				sourceId: 'J-1',
				sourceVerification: { indication: 'TOTAL_PASSED' }
			},
			actor
		);
		expect([r.alreadyPresent, r.indication]).toEqual([false, 'TOTAL_PASSED']);
		expect(await verificationsOf(r.id)).toHaveLength(1);

		// Nightly: verified at intake, nothing changed since: left alone.
		const quiet = await run();
		expect(quiet.counts).not.toHaveProperty('verified');
		expect(await verificationsOf(r.id)).toHaveLength(1);

		// Its signer revoked in the inventory: the next nightly run verifies it again.
		const signer = parseCertificate(pki.signer.der);
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: signer.fingerprint,
				serial_number: signer.serialHex,
				issuer_dn: signer.issuer,
				subject_dn: signer.subject,
				subject_cn: 'Sở Y tế',
				kind: 'organisation',
				agency_id: agencyA,
				not_before: signer.notBefore,
				not_after: signer.notAfter,
				status: 'revoked',
				revoked_at: new Date(),
				der: pki.signer.der
			})
			.execute();
		const picked = await run();
		expect(picked.counts).toMatchObject({ verified: 1 });
		// The monthly sweep verifies everything again.
		const full = await run({ full: true });
		expect(full.counts).toMatchObject({ full: 1, verified: 1 });

		const history = await verificationsOf(r.id);
		expect(history).toHaveLength(3);
		expect(history.map((v) => v.job_run_id === null)).toEqual([true, false, false]);
		for (const v of history) expect(v.poe_time!.toISOString()).toBe(pki.receivedAt.toISOString());
	});

	it('verifies a detached .p7s again on request though it is filed under its content’s .pdf name', async () => {
		const content = createPdf({ text: 'Ke hoach 2/KH-A' });
		const r = await intakeDocument(
			h.db,
			{
				file: { name: '2-KH-A.pdf.p7s', bytes: await detachedP7s(pki, content) },
				content: { name: '2-KH-A.pdf', bytes: content },
				agency: { code: 'A1' },
				documentNumber: '2/KH-A',
				direction: 'incoming',
				receivedAt: pki.receivedAt,
				sourceSystem: 'QLVBDH',
				sourceId: 'J-2'
			},
			actor
		);
		expect(r.indication).toBe('TOTAL_PASSED');
		const inspector = {
			id: 1,
			username: 'thanhtra',
			displayName: 'T',
			roles: ['inspector' as const],
			agencyId: null,
			scope: { kind: 'all' as const },
			sessionId: 's'
		};
		const again = await reverifyArchivedDocument(h.db, inspector, r.id, actor.who);
		expect([again.indication, again.subIndication]).toEqual(['TOTAL_PASSED', null]);
	});
});
