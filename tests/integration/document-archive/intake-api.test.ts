// POST /api/v1/documents through the real request pipeline on a demo database: real signed PDFs,
// .p7m and .p7s verified against a real PKI, idempotent resends, conflicts, scope, limits, content
// types, and a finding when the source system's verdict differs from ours. Every answer is checked
// against the contract's zod/v4 schemas (the ones the OpenAPI document is generated from).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { createApiKey, revokeApiKey } from '../../../src/lib/server/auth/api-keys';
import { createPdf } from '../../../src/lib/pki/testing';
import {
	documentIntakeResponseSchema,
	type DocumentIntakeResponse
} from '../../../src/lib/server/api/contracts/documents';
import { apiErrorSchema, type ApiErrorBody } from '../../../src/lib/server/api/errors';
import { openApiDocument } from '../../../src/lib/server/api/openapi';
import {
	buildIntakePki,
	detachedP7s,
	intakeForm,
	postThroughPipeline,
	signedP7m,
	signedPdf,
	tampered,
	type IntakePki
} from './intake-fixtures';

let h: DbHandle;
let pki: IntakePki;
let provinceKey: string;
let sytKey: string;
let sytKeyId: number;
const who = { userId: null, actor: 'test', ip: null };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	pki = await buildIntakePki(h.db);
	provinceKey = (await createApiKey(h.db, { name: 'QLVB tinh', sourceSystem: 'QLVBDH' }, who)).key;
	const syt = await createApiKey(
		h.db,
		{ name: 'QLVB SYT', sourceSystem: 'QLVB-SYT', agencyCode: 'SYT' },
		who
	);
	sytKey = syt.key;
	sytKeyId = syt.id;
});
afterAll(async () => h?.close());

function metadata(over: Record<string, unknown> = {}) {
	return {
		agency: 'SYT',
		document_number: '123/QĐ-SYT',
		direction: 'outgoing',
		received_or_issued_at: pki.receivedAt.toISOString(),
		source_id: 'VB-1',
		source_verification: { indication: 'TOTAL_PASSED' },
		...over
	};
}

async function post(
	key: string,
	form: FormData | string,
	headers: Record<string, string> = {}
): Promise<{ status: number; body: DocumentIntakeResponse }> {
	const res = await postThroughPipeline(h.db, {
		body: form,
		headers: { authorization: `Bearer ${key}`, ...headers }
	});
	const json = await res.json();
	if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(json)}`);
	return { status: res.status, body: documentIntakeResponseSchema.parse(json) };
}

async function refused(
	key: string | null,
	body: FormData | string | Uint8Array,
	headers: Record<string, string> = {}
): Promise<{ status: number; body: ApiErrorBody }> {
	const res = await postThroughPipeline(h.db, {
		body: body as BodyInit,
		headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers }
	});
	const json = await res.json();
	expect(res.status, JSON.stringify(json)).toBeGreaterThanOrEqual(400);
	return { status: res.status, body: apiErrorSchema.parse(json) };
}

const count = async (table: 'archived_documents' | 'document_verifications' | 'document_contents') =>
	Number(
		(
			await h.db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('POST /api/v1/documents', () => {
	it('archives a signed PDF, verifies it at once, and records the intake', async () => {
		const pdf = await signedPdf(pki, 'Quyet dinh 123/QD-SYT');
		const { status, body } = await post(
			sytKey,
			intakeForm({ name: '123-QD-SYT.pdf', bytes: pdf }, metadata())
		);
		expect(status).toBe(201);
		expect(body).toMatchObject({ already_present: false, indication: 'TOTAL_PASSED', sub_indication: null });
		expect(body.disagreement).toBeUndefined();
		expect(body.signatures).toHaveLength(1);
		expect(body.signatures[0]!.signer).toContain('Sở Y tế');

		const doc = await h.db
			.selectFrom('archived_documents')
			.selectAll()
			.where('id', '=', body.id)
			.executeTakeFirstOrThrow();
		const syt = await h.db
			.selectFrom('agencies')
			.select('id')
			.where('code', '=', 'SYT')
			.executeTakeFirstOrThrow();
		expect(doc).toMatchObject({
			format: 'pdf',
			file_name: '123-QD-SYT.pdf',
			document_number: '123/QĐ-SYT',
			issuing_agency_id: syt.id,
			source_system: 'QLVB-SYT',
			source_id: 'VB-1',
			direction: 'outgoing',
			source_indication: 'TOTAL_PASSED',
			intake_origin: 'api',
			intake_api_key_id: sytKeyId,
			intake_user_id: null,
			content_sha256: sha(pdf),
			signature_sha256: null
		});
		expect(doc.received_at.toISOString()).toBe(pki.receivedAt.toISOString());
		const v = await h.db
			.selectFrom('document_verifications')
			.selectAll()
			.where('document_id', '=', body.id)
			.execute();
		expect(v).toHaveLength(1);
		expect(v[0]).toMatchObject({ indication: 'TOTAL_PASSED', job_run_id: null });
		expect(v[0]!.poe_time!.toISOString()).toBe(pki.receivedAt.toISOString());

		const run = await h.db
			.selectFrom('import_runs')
			.selectAll()
			.where('kind', '=', 'documents')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(run).toMatchObject({
			origin: 'api',
			api_key_id: sytKeyId,
			source_system: 'QLVB-SYT',
			status: 'committed',
			inserted: 1,
			already_present: 0,
			rejected: 0
		});
		expect(run.duration_ms).toBeGreaterThanOrEqual(0);
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['actor', 'entity_id', 'details'])
			.where('action', '=', 'archive.intake')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.actor).toBe('apikey:QLVB SYT');
		expect(audit.entity_id).toBe(String(body.id));
		expect(audit.details).toMatchObject({ apiKeyId: sytKeyId, sha256: sha(pdf), indication: 'TOTAL_PASSED' });
	});

	it('answers a resend with the same bytes with 200 and the existing id, changing nothing', async () => {
		const pdf = await signedPdf(pki, 'Cong van 7/SYT-VP');
		const form = () => intakeForm({ name: '7.pdf', bytes: pdf }, metadata({ source_id: 'VB-7' }));
		const first = await post(sytKey, form());
		const before = await Promise.all([count('archived_documents'), count('document_verifications')]);
		const again = await post(sytKey, form());
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({
			id: first.body.id,
			already_present: true,
			indication: 'TOTAL_PASSED'
		});
		expect(again.body.signatures).toHaveLength(1);
		expect(await Promise.all([count('archived_documents'), count('document_verifications')])).toEqual(before);
		const run = await h.db
			.selectFrom('import_runs')
			.select(['inserted', 'already_present', 'status'])
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(run).toEqual({ inserted: 0, already_present: 1, status: 'committed' });
	});

	it('files a document once when the same one arrives twice at the same moment', async () => {
		const pdf = await signedPdf(pki, 'Cong van 9/SYT-VP');
		const before = await Promise.all([count('archived_documents'), count('document_contents')]);
		const both = await Promise.all(
			[1, 2].map(() =>
				post(sytKey, intakeForm({ name: '9.pdf', bytes: pdf }, metadata({ source_id: 'VB-9' })))
			)
		);
		expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
		expect(both[0]!.body.id).toBe(both[1]!.body.id);
		expect(await Promise.all([count('archived_documents'), count('document_contents')])).toEqual([
			before[0] + 1,
			before[1] + 1
		]);
	});

	it('refuses other bytes under a source id already used (409), keeping the stored document', async () => {
		const pdf = await signedPdf(pki, 'Cong van 8/SYT-VP');
		const first = await post(
			sytKey,
			intakeForm({ name: '8.pdf', bytes: pdf }, metadata({ source_id: 'VB-8' }))
		);
		const other = await signedPdf(pki, 'Cong van 8/SYT-VP (ban khac)');
		const before = await count('archived_documents');
		const r = await refused(
			sytKey,
			intakeForm({ name: '8.pdf', bytes: other }, metadata({ source_id: 'VB-8' }))
		);
		expect(r.status).toBe(409);
		expect(r.body.code).toBe('SOURCE_ID_CONFLICT');
		expect(r.body.message).toContain('VB-8');
		expect(r.body.message_en).toContain('never replaced');
		expect(await count('archived_documents')).toBe(before);
		const doc = await h.db
			.selectFrom('archived_documents')
			.select('content_sha256')
			.where('id', '=', first.body.id)
			.executeTakeFirstOrThrow();
		expect(doc.content_sha256).toBe(sha(pdf));
	});

	it('archives an enveloping .p7m and a detached .p7s with its content', async () => {
		const p7m = await signedP7m(pki, 'To trinh 3/TTr-SYT');
		const a = await post(
			provinceKey,
			intakeForm(
				{ name: '3-TTr-SYT.txt.p7m', bytes: p7m },
				metadata({ source_id: 'P7M-1', direction: 'incoming' })
			)
		);
		expect(a.status).toBe(201);
		expect(a.body.indication).toBe('TOTAL_PASSED');
		expect(a.body.signatures[0]!.signer).toContain('Trần Thị Lan');

		const content = createPdf({ text: 'Bao cao 9/BC-SYT' });
		const p7s = await detachedP7s(pki, content);
		const b = await post(
			provinceKey,
			intakeForm({ name: '9-BC-SYT.pdf.p7s', bytes: p7s }, metadata({ source_id: 'P7S-1' }), {
				name: '9-BC-SYT.pdf',
				bytes: content
			})
		);
		expect([b.status, b.body.indication]).toEqual([201, 'TOTAL_PASSED']);
		const rows = await h.db
			.selectFrom('archived_documents')
			.select([
				'id',
				'format',
				'file_name',
				'content_sha256',
				'signature_sha256',
				'direction',
				'source_system'
			])
			.where('id', 'in', [a.body.id, b.body.id])
			.orderBy('id')
			.execute();
		expect(rows).toEqual([
			{
				id: a.body.id,
				format: 'cms',
				file_name: '3-TTr-SYT.txt.p7m',
				content_sha256: sha(p7m),
				signature_sha256: null,
				direction: 'incoming',
				source_system: 'QLVBDH'
			},
			{
				id: b.body.id,
				format: 'cms',
				file_name: '9-BC-SYT.pdf',
				content_sha256: sha(content),
				signature_sha256: sha(p7s),
				direction: 'outgoing',
				source_system: 'QLVBDH'
			}
		]);
	});

	it('refuses a .p7s without its content, and content beside a PDF', async () => {
		const p7s = await detachedP7s(pki, createPdf({ text: 'x' }));
		const a = await refused(
			sytKey,
			intakeForm({ name: 'a.p7s', bytes: p7s }, metadata({ source_id: 'P7S-2' }))
		);
		expect([a.status, a.body.code]).toEqual([400, 'CONTENT_REQUIRED']);
		const pdf = await signedPdf(pki, 'y');
		const b = await refused(
			sytKey,
			intakeForm({ name: 'b.pdf', bytes: pdf }, metadata({ source_id: 'PDF-2' }), {
				name: 'c.pdf',
				bytes: pdf
			})
		);
		expect([b.status, b.body.code]).toEqual([400, 'CONTENT_NOT_EXPECTED']);
	});

	it('opens a finding when the source system passed a document we find invalid', async () => {
		const pdf = tampered(await signedPdf(pki, 'Cong van 11/SYT-VP'), 'Cong van 11');
		const { status, body } = await post(
			sytKey,
			intakeForm(
				{ name: '11.pdf', bytes: pdf },
				metadata({
					source_id: 'VB-11',
					direction: 'incoming',
					document_number: '11/SYT-VP',
					source_verification: { indication: 'TOTAL_PASSED', message: 'Chữ ký hợp lệ' }
				})
			)
		);
		expect(status).toBe(201);
		expect(body.indication).toBe('TOTAL_FAILED');
		expect(body.sub_indication).toBe('HASH_FAILURE');
		expect(body.disagreement).toMatchObject({
			reported_indication: 'TOTAL_PASSED',
			reported_message: 'Chữ ký hợp lệ',
			indication: 'TOTAL_FAILED',
			sub_indication: 'HASH_FAILURE'
		});
		const finding = await h.db
			.selectFrom('findings')
			.selectAll()
			.where('id', '=', body.disagreement!.finding_id!)
			.executeTakeFirstOrThrow();
		expect(finding).toMatchObject({
			kind: 'verification_disagreement',
			severity: 'high',
			status: 'open',
			document_id: body.id
		});
		expect(finding.summary).toContain('11/SYT-VP');
		// A resend says the same, and opens nothing more.
		const again = await post(
			sytKey,
			intakeForm(
				{ name: '11.pdf', bytes: pdf },
				metadata({ source_id: 'VB-11', document_number: '11/SYT-VP' })
			)
		);
		expect(again.body.disagreement?.finding_id).toBe(finding.id);
		const n = await h.db
			.selectFrom('findings')
			.select('id')
			.where('kind', '=', 'verification_disagreement')
			.execute();
		expect(n).toHaveLength(1);
	});

	it('refuses an agency outside the key’s subtree (403) and an unknown agency (400)', async () => {
		const pdf = await signedPdf(pki, 'Cong van 12/SKHCN');
		const before = await count('archived_documents');
		const a = await refused(
			sytKey,
			intakeForm({ name: '12.pdf', bytes: pdf }, metadata({ agency: 'SKHCN', source_id: 'X-12' }))
		);
		expect([a.status, a.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
		expect(a.body.message).toContain('SKHCN');
		const b = await refused(
			provinceKey,
			intakeForm({ name: '12.pdf', bytes: pdf }, metadata({ agency: 'KHONGCO', source_id: 'X-13' }))
		);
		expect([b.status, b.body.code]).toEqual([400, 'UNKNOWN_AGENCY']);
		expect(await count('archived_documents')).toBe(before);
		const run = await h.db
			.selectFrom('import_runs')
			.select(['status', 'rejected', 'error'])
			.orderBy('id', 'desc')
			.limit(2)
			.execute();
		expect(run.map((r) => [r.status, r.rejected])).toEqual([
			['rejected', 1],
			['rejected', 1]
		]);
		expect(run[1]!.error).toMatch(/^OUT_OF_SCOPE/);
		const audit = await h.db
			.selectFrom('audit_log')
			.select('details')
			.where('action', '=', 'archive.intake_refused')
			.orderBy('id', 'desc')
			.limit(2)
			.execute();
		expect(audit.map((x) => (x.details as { code: string }).code)).toEqual([
			'UNKNOWN_AGENCY',
			'OUT_OF_SCOPE'
		]);
	});

	it('refuses a file that is neither PDF nor CMS, and an unsigned PDF, storing nothing', async () => {
		const before = await Promise.all([count('archived_documents'), count('document_contents')]);
		const text = new TextEncoder().encode('Đây không phải văn bản đã ký');
		const a = await refused(
			sytKey,
			intakeForm({ name: 'ghi-chu.txt', bytes: text }, metadata({ source_id: 'T-1' }))
		);
		expect([a.status, a.body.code]).toEqual([400, 'NOT_A_SIGNED_FILE']);
		expect(a.body.message).toContain('ghi-chu.txt');
		expect(a.body.message_en).toContain('neither a PDF nor a CMS');
		const b = await refused(
			sytKey,
			intakeForm(
				{ name: 'chua-ky.pdf', bytes: createPdf({ text: 'chua ky' }) },
				metadata({ source_id: 'T-2' })
			)
		);
		expect([b.status, b.body.code]).toEqual([400, 'NO_SIGNATURE']);
		expect(await Promise.all([count('archived_documents'), count('document_contents')])).toEqual(before);
	});

	it('answers 415 to another content type, 400 to broken metadata, 413 past the cap', async () => {
		const json = await refused(sytKey, JSON.stringify(metadata()), { 'content-type': 'application/json' });
		expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
		expect(json.body.message).toContain('multipart/form-data');

		const pdf = await signedPdf(pki, 'z');
		const broken = await refused(sytKey, intakeForm({ name: 'z.pdf', bytes: pdf }, '{"agency": "SYT",'));
		expect([broken.status, broken.body.code]).toEqual([400, 'INVALID_JSON']);
		const missing = await refused(sytKey, intakeForm({ name: 'z.pdf', bytes: pdf }, { agency: 'SYT' }));
		expect([missing.status, missing.body.code]).toEqual([400, 'INVALID_REQUEST']);
		expect(JSON.stringify(missing.body.details)).toContain('metadata.document_number');
		const badTime = await refused(
			sytKey,
			intakeForm(
				{ name: 'z.pdf', bytes: pdf },
				metadata({ received_or_issued_at: '2026-02-30T10:00:00+07:00' })
			)
		);
		expect([badTime.status, badTime.body.code]).toEqual([400, 'INVALID_REQUEST']);
		const future = await refused(
			sytKey,
			intakeForm(
				{ name: 'z.pdf', bytes: pdf },
				metadata({ source_id: 'F-1', received_or_issued_at: new Date(Date.now() + 86400_000).toISOString() })
			)
		);
		expect([future.status, future.body.code]).toEqual([400, 'TIME_IN_FUTURE']);

		const big = new Uint8Array(25 * 1024 * 1024);
		big.set(new TextEncoder().encode('%PDF-1.7\n'));
		const before = await count('archived_documents');
		const tooBig = await refused(
			sytKey,
			intakeForm({ name: 'lon.pdf', bytes: big }, metadata({ source_id: 'BIG' }))
		);
		expect([tooBig.status, tooBig.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
		expect(await count('archived_documents')).toBe(before);
	});

	it('refuses a revoked key with 401, a key of another source system naming its own, and anonymous callers', async () => {
		const k = await createApiKey(h.db, { name: 'QLVB cu', sourceSystem: 'QLVB-CU' }, who);
		await revokeApiKey(h.db, k.id, who);
		const pdf = await signedPdf(pki, 'r');
		const form = intakeForm({ name: 'r.pdf', bytes: pdf }, metadata({ source_id: 'R-1' }));
		const r = await refused(k.key, form);
		expect([r.status, r.body.code]).toEqual([401, 'UNAUTHENTICATED']);
		const anon = await refused(
			null,
			intakeForm({ name: 'r.pdf', bytes: pdf }, metadata({ source_id: 'R-1' }))
		);
		expect(anon.status).toBe(401);
		const mismatch = await refused(
			sytKey,
			intakeForm({ name: 'r.pdf', bytes: pdf }, metadata({ source_id: 'R-1', source_system: 'QLVBDH' }))
		);
		expect([mismatch.status, mismatch.body.code]).toEqual([400, 'SOURCE_SYSTEM_MISMATCH']);
	});

	it('is described in the OpenAPI document with its multipart body and answers', () => {
		const doc = openApiDocument() as {
			paths: Record<string, Record<string, { requestBody: unknown; responses: Record<string, unknown> }>>;
			components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
		};
		const op = doc.paths['/api/v1/documents']!.post!;
		expect(JSON.stringify(op.requestBody)).toContain('multipart/form-data');
		expect(Object.keys(op.responses).sort()).toEqual([
			'200',
			'201',
			'400',
			'401',
			'403',
			'409',
			'413',
			'415',
			'429'
		]);
		const req = doc.components.schemas.DocumentIntakeRequest!;
		expect(req.properties!.file).toMatchObject({ type: 'string', format: 'binary' });
		expect(req.properties!.metadata).toEqual({ $ref: '#/components/schemas/DocumentMetadata' });
	});
});
