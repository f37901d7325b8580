// Điều 13 on archived PDFs: the intake records an appearance finding at once, archive-reverify records them for
// documents it verifies and leaves the correct control alone, and the finding's page picture is a PNG of the
// page region (the size pdftoppm was asked for) for a user who may see the finding, and not found for others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { archiveReverify } from '../../../src/lib/jobs/definitions/archive-reverify';
import { copyDocumentPdf, issuedDocumentPdf } from '../../../src/lib/pki/testing';
import { intakeDocument, type IntakeActor } from '../../../src/lib/server/document-archive/intake';
import { insertNewDocument } from '../../../src/lib/server/document-archive/store';
import { findingPagePicture } from '../../../src/lib/server/findings/appearance-page';
import { cropFor } from '../../../src/lib/server/document-archive/appearance-image';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { isAppError } from '../../../src/lib/errors';
import { buildIntakePki, type IntakePki } from './intake-fixtures';

let h: DbHandle;
let pki: IntakePki;
let runner: JobRunner;
const agency: Record<string, { id: number; path: string }> = {};
const clock = new ManualClock(new Date(Date.now() + 86400_000).toISOString());
const actor: IntakeActor = {
	origin: 'api',
	scope: { kind: 'all' },
	apiKeyId: null,
	userId: null,
	who: { userId: null, actor: 'test', ip: null }
};
const user = (a: string | null): AuthUser => ({
	id: 1,
	username: 'u',
	displayName: 'U',
	roles: a ? ['agency_officer'] : ['inspector'],
	agencyId: a ? agency[a]!.id : null,
	scope: a ? { kind: 'subtree', agencyId: agency[a]!.id, path: agency[a]!.path } : { kind: 'all' },
	sessionId: 's'
});

const findingsOf = (documentId: number) =>
	h.db
		.selectFrom('findings')
		.select(['id', 'kind', 'legal_basis', 'status', 'evidence', 'summary'])
		.where('document_id', '=', documentId)
		.where('kind', 'like', 'appearance_%')
		.orderBy('id')
		.execute();

beforeAll(async () => {
	h = await openTestDb();
	// A province and its departments A and B.
	const add = async (
		code: string,
		kind: 'province' | 'department',
		parent: { id: number; path: string } | null
	) => {
		const r = await h.db
			.insertInto('agencies')
			.values({ code, name: `Cơ quan ${code}`, kind, parent_id: parent?.id ?? null, path: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const path = `${parent?.path ?? '/'}${r.id}/`;
		await h.db.updateTable('agencies').set({ path }).where('id', '=', r.id).execute();
		return { id: r.id, path };
	};
	const p = await add('P', 'province', null);
	agency.A = await add('A', 'department', p);
	agency.B = await add('B', 'department', p);
	pki = await buildIntakePki(h.db);
	runner = new JobRunner({ db: h.db, jobs: [archiveReverify], clock, instanceId: 'T', log: () => undefined });
});
afterAll(async () => h?.close());

const issued = (layout: Parameters<typeof issuedDocumentPdf>[0]['layout']) =>
	issuedDocumentPdf({
		person: pki.person,
		organisation: pki.signer,
		chain: [pki.sub],
		layout,
		signingTime: pki.signedAt
	});

async function archive(name: string, bytes: Uint8Array, code = 'A'): Promise<number> {
	const id = await insertNewDocument(h.db, {
		content: bytes,
		format: 'pdf',
		fileName: name,
		documentNumber: null,
		issuingAgencyId: agency[code]!.id,
		receivedAt: pki.receivedAt,
		sourceSystem: 'test',
		sourceId: name,
		direction: 'outgoing',
		sourceIndication: null,
		sourceMessage: null,
		intakeOrigin: null,
		intakeApiKeyId: null,
		intakeUserId: null
	});
	return id!;
}

describe('the intake', () => {
	it('records the seal placed over the right of the signature, with its article and box', async () => {
		const r = await intakeDocument(
			h.db,
			{
				file: { name: 'qd-dau-ben-phai.pdf', bytes: await issued('seal-on-right') },
				agency: { id: agency.A!.id },
				documentNumber: '15/QĐ-UBND',
				direction: 'outgoing',
				receivedAt: pki.receivedAt,
				sourceSystem: 'QLVB'
			},
			actor,
			clock.now()
		);
		expect(r.indication).toBe('TOTAL_PASSED');
		const f = await findingsOf(r.id);
		expect(f.map((x) => [x.kind, x.legal_basis, x.status])).toEqual([
			['appearance_seal_placement', 'Điều 13.1.b', 'open']
		]);
		expect(f[0]!.summary).toContain('số 15/QĐ-UBND');
		expect(f[0]!.evidence).toMatchObject({
			appearance: ['SEAL_NOT_OVER_LEFT_THIRD'],
			document_form: 'issued',
			signature_field: 'Signature2',
			page: 1,
			page_size: '595 842'
		});
	});

	it('records nothing for a correctly signed control', async () => {
		const r = await intakeDocument(
			h.db,
			{
				file: { name: 'qd-dung.pdf', bytes: await issued('right') },
				agency: { id: agency.A!.id },
				documentNumber: '16/QĐ-UBND',
				direction: 'outgoing',
				receivedAt: pki.receivedAt,
				sourceSystem: 'QLVB'
			},
			actor,
			clock.now()
		);
		expect(await findingsOf(r.id)).toEqual([]);
	});
});

describe('archive-reverify', () => {
	let wrongCopy: number;
	let rightCopy: number;
	let misplaced: number;

	beforeAll(async () => {
		wrongCopy = await archive(
			'ban-sao-sai.pdf',
			await copyDocumentPdf({ organisation: pki.signer, chain: [pki.sub], layout: 'wrong' })
		);
		rightCopy = await archive(
			'ban-sao-dung.pdf',
			await copyDocumentPdf({ organisation: pki.signer, chain: [pki.sub], layout: 'right' })
		);
		misplaced = await archive('qd-chu-ky-lech.pdf', await issued('signature-misplaced'), 'B');
		clock.advance(3_600_000);
		await runner.enqueue('archive-reverify', { trigger: 'manual', payload: { full: true } });
		const [run] = await runner.pollOnce();
		expect(run?.status, run?.error ?? '').toBe('succeeded');
	});

	it('records the badly formed copy and the misplaced signature image, and not the control', async () => {
		const copy = await findingsOf(wrongCopy);
		expect(copy.map((x) => [x.kind, x.legal_basis])).toEqual([
			['appearance_copy_signature', 'Điều 13.2; Điều 13.4.b']
		]);
		expect((copy[0]!.evidence as { appearance: string[] }).appearance.sort()).toEqual([
			'COPY_FONT_NOT_TIMES_10',
			'COPY_HAS_IMAGE',
			'COPY_NOT_TOP_RIGHT_FIRST_PAGE',
			'COPY_TIME_NOT_ISO8601'
		]);
		expect(await findingsOf(rightCopy)).toEqual([]);
		expect((await findingsOf(misplaced)).map((x) => x.kind)).toEqual(['appearance_signature_image']);
	});

	it('draws the page region as a PNG of the requested size for whoever sees the finding', async () => {
		const [f] = await findingsOf(misplaced);
		const pic = await findingPagePicture(h.db, user('B'), f!.id);
		if (!pic.ok) throw new Error(pic.detail);
		expect([...pic.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const c = cropFor({ page: 1, rect: [60, 60, 160, 120], pageSize: [595, 842] });
		expect([pic.png.readUInt32BE(16), pic.png.readUInt32BE(20)]).toEqual([c.w, c.h]);
		expect([pic.width, pic.height]).toEqual([c.w, c.h]);
		expect((await findingPagePicture(h.db, user(null), f!.id)).ok).toBe(true);
	});

	it('is not found for a user of another agency, nor for a finding of another kind', async () => {
		const [f] = await findingsOf(misplaced);
		const refused = await findingPagePicture(h.db, user('A'), f!.id).catch((e: unknown) => e);
		expect(isAppError(refused) && refused.status).toBe(404);
		const other = await h.db
			.insertInto('findings')
			.values({
				dedupe_key: 'x:1',
				kind: 'expiring_soon',
				severity: 'low',
				legal_basis: 'Điều 9',
				summary: 'x',
				agency_id: agency.B!.id,
				document_id: misplaced,
				evidence: JSON.stringify({ page: 1, box: '1 1 2 2' }),
				status: 'open',
				first_seen_at: new Date(),
				last_seen_at: new Date()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const none = await findingPagePicture(h.db, user('B'), other.id).catch((e: unknown) => e);
		expect(isAppError(none) && none.status).toBe(404);
	});
});
