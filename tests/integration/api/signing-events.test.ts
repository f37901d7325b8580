// POST /api/v1/signing-events with an API key, through the request handles and the handler: a
// batch is stored under the key's source system, a repeated batch changes nothing, the two modes,
// per-event errors by index in both languages, and events of an unknown certificate kept with one
// finding per certificate and agency. Every answer is checked against the contract's schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { createApiKey } from '../../../src/lib/server/auth/api-keys';
import { signingEventsResponseSchema } from '../../../src/lib/server/api/contracts/signing-events';
import { openApiDocument } from '../../../src/lib/server/api/openapi';
import { listFindings } from '../../../src/lib/server/findings/queries';
import { listSigningEvents, signingTotal } from '../../../src/lib/server/signing/activity';
import { resolveRange, signingFilterSchema } from '../../../src/lib/server/signing/filter';
import { countEvents, ingestFixtures, sytEvent, type IngestFixtures } from '../import/ingest-fixtures';
import { json, postEvents } from './api-request';

let h: DbHandle;
let f: IngestFixtures;
let key: string;
let keyId: number;
const SYSTEM = 'QLVB-SO-Y-TE';

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	f = await ingestFixtures(h.db);
	({ key, id: keyId } = await createApiKey(
		h.db,
		{ name: 'QLVB Sở Y tế', sourceSystem: SYSTEM },
		{ userId: null, actor: 'test', ip: null }
	));
});
afterAll(async () => h?.close());

/** An event as the document system sends it: no source_system (the key's is used). */
const ev = (id: string, o: Record<string, unknown> = {}) =>
	sytEvent(f, id, { source_system: undefined, ...o });

async function post(body: unknown) {
	const res = await postEvents(h.db, { key, body: json(body) });
	const out = signingEventsResponseSchema.parse(await res.json());
	return { status: res.status, out };
}

describe('a batch', () => {
	it('is stored under the key’s source system, recorded as an import run and audited', async () => {
		const { status, out } = await post({ events: [ev('A-1'), ev('A-2', { channel: 'dvc' }), ev('A-3')] });
		expect(status).toBe(200);
		expect(out).toMatchObject({
			received: 3,
			inserted: 3,
			already_present: 0,
			rejected: 0,
			unknown_certificates: 0,
			committed: true,
			errors: []
		});
		expect(out.message).toBe('Đã lưu 3 sự kiện; 0 đã có từ trước; 0 bị từ chối.');
		expect(await countEvents(h.db, SYSTEM)).toBe(3);
		const runRow = await h.db
			.selectFrom('import_runs')
			.selectAll()
			.where('id', '=', out.run_id)
			.executeTakeFirstOrThrow();
		expect(runRow).toMatchObject({
			origin: 'api',
			api_key_id: keyId,
			source_system: SYSTEM,
			status: 'committed',
			rows_read: 3,
			inserted: 3
		});
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['actor', 'details', 'ip'])
			.where('action', '=', 'signing_event.import')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.actor).toBe('apikey:QLVB Sở Y tế');
		expect(audit.ip).toBe('10.1.2.3');
		expect(audit.details).toMatchObject({ runId: out.run_id, apiKeyId: keyId, origin: 'api', inserted: 3 });
	});

	it('sent again changes nothing and says how many were already there, even with other signing times', async () => {
		const again = await post({ events: [ev('A-1'), ev('A-2', { channel: 'dvc' }), ev('A-3')] });
		expect(again.status).toBe(200);
		expect(again.out).toMatchObject({ inserted: 0, already_present: 3, committed: true });
		const moved = await post({
			mode: 'valid-rows',
			events: [ev('A-1', { signed_at: '2025-09-09T10:00:00+07:00' }), ev('A-4')]
		});
		expect(moved.out).toMatchObject({ inserted: 1, already_present: 1, rejected: 0 });
		expect(await countEvents(h.db, SYSTEM)).toBe(4);
	});

	it('all-or-nothing: a bad event refuses the batch with 422, each error by index in Vietnamese and English', async () => {
		const { status, out } = await post({
			events: [
				ev('B-1'),
				ev('B-2', { signed_at: '2026-02-30T09:00:00+07:00' }),
				ev('B-1', { document_number: 'lặp' }),
				ev('B-4', { acting_person_national_id: '999999999999' }),
				ev('B-5', { source_system: 'HE-THONG-KHAC' })
			]
		});
		expect(status).toBe(422);
		expect(out).toMatchObject({ received: 5, inserted: 0, rejected: 4, committed: false });
		expect(out.errors).toEqual([
			{
				index: 1,
				field: 'signed_at',
				message: 'ngày giờ không tồn tại: 2026-02-30T09:00:00+07:00',
				message_en: 'no such date or time: 2026-02-30T09:00:00+07:00'
			},
			{
				index: 2,
				field: 'source_id',
				code: 'DUPLICATE',
				message: 'trùng với sự kiện số 0 của lô (cùng source_system, source_id)',
				message_en: 'duplicate of event 0 of the batch (same source_system, source_id)'
			},
			{
				index: 4,
				field: 'source_system',
				code: 'SOURCE_SYSTEM',
				message: `khóa API của hệ thống "${SYSTEM}" không được ghi sự kiện của hệ thống "HE-THONG-KHAC"`,
				message_en: `an API key of the source system "${SYSTEM}" may not write events of "HE-THONG-KHAC"`
			},
			{
				index: 3,
				field: 'acting_person_national_id',
				message: 'không tìm thấy người ký theo số định danh',
				message_en: 'no person with this national id'
			}
		]);
		expect(await countEvents(h.db, SYSTEM)).toBe(4);
		const kept = await h.db
			.selectFrom('import_run_rejections')
			.select('line')
			.where('run_id', '=', out.run_id)
			.orderBy('line')
			.execute();
		expect(kept.map((k) => k.line)).toEqual([2, 3, 4, 5]);
	});

	it('valid-rows: the valid events are stored, the bad ones reported', async () => {
		const { status, out } = await post({
			mode: 'valid-rows',
			events: [
				ev('C-1'),
				ev('C-2', { channel: 'fax' }),
				ev('C-3', { acting_person_national_id: f.nationalId })
			]
		});
		expect(status).toBe(200);
		expect(out).toMatchObject({ inserted: 2, rejected: 1, committed: true });
		expect(out.errors).toEqual([
			expect.objectContaining({
				index: 1,
				field: 'channel',
				message_en: 'must be one of: qlvb, dvc, email, portal, other'
			})
		]);
		const c3 = await h.db
			.selectFrom('signing_events')
			.select('acting_person_id')
			.where('source_id', '=', 'C-3')
			.executeTakeFirstOrThrow();
		expect(c3.acting_person_id).toBe(f.personId);
	});
});

describe('an event signed with a certificate not in the inventory', () => {
	const unknownFp = 'AB:'.repeat(31) + 'CD';
	const ref = `sha256:${'ab'.repeat(31)}cd`;

	it('is kept with its reference, and opens one finding per certificate and agency', async () => {
		const first = await post({
			events: [
				ev('U-1', { certificate_fingerprint: unknownFp }),
				ev('U-2', { certificate_fingerprint: unknownFp })
			]
		});
		expect(first.status).toBe(200);
		expect(first.out).toMatchObject({ inserted: 2, unknown_certificates: 2 });
		const second = await post({
			events: [
				ev('U-3', { certificate_fingerprint: unknownFp }),
				ev('U-4', { certificate_fingerprint: unknownFp, document_agency_code: f.sytUnit.code }),
				ev('U-5', { certificate_fingerprint: undefined, certificate_serial: '0A:1B:2C' })
			]
		});
		expect(second.out).toMatchObject({ inserted: 3, unknown_certificates: 3 });
		const stored = await h.db
			.selectFrom('signing_events')
			.select(['source_id', 'certificate_id', 'certificate_ref'])
			.where('source_id', 'like', 'U-%')
			.orderBy('source_id')
			.execute();
		expect(stored.map((s) => [s.certificate_id, s.certificate_ref])).toEqual([
			[null, ref],
			[null, ref],
			[null, ref],
			[null, ref],
			[null, 'serial:0a1b2c']
		]);
		const findings = await h.db
			.selectFrom('findings')
			.select(['dedupe_key', 'agency_id', 'summary', 'evidence', 'status'])
			.where('kind', '=', 'unknown_certificate')
			.orderBy('dedupe_key')
			.execute();
		expect(findings.map((x) => [x.dedupe_key, x.agency_id])).toEqual([
			[`unknown_certificate:serial:0a1b2c:${f.syt.id}`, f.syt.id],
			[`unknown_certificate:${ref}:${f.syt.id}`, f.syt.id],
			[`unknown_certificate:${ref}:${f.sytUnit.id}`, f.sytUnit.id]
		]);
		expect(findings[1]!.summary).toContain(
			`Chứng thư chưa có trong danh mục (dấu vân tay SHA-256 ${'ab'.repeat(31)}cd) đã ký 3 văn bản của Sở Y tế`
		);
		expect(findings[1]!.evidence).toMatchObject({ certificate_ref: ref, events: 3 });
		expect(findings[0]!.summary).toContain('(số hiệu 0a1b2c) đã ký 1 văn bản');
		// One finding, updated, however many batches bring the certificate.
		await post({ events: [ev('U-6', { certificate_fingerprint: unknownFp })] });
		const after = await h.db
			.selectFrom('findings')
			.select(['summary'])
			.where('dedupe_key', '=', `unknown_certificate:${ref}:${f.syt.id}`)
			.execute();
		expect(after).toHaveLength(1);
		expect(after[0]!.summary).toContain('đã ký 4 văn bản');
	});

	it('shows on the findings page and in the signing activity of its document’s agency, and nowhere else', async () => {
		const scopeOf = async (id: number) => ({
			kind: 'subtree' as const,
			agencyId: id,
			path: (await h.db.selectFrom('agencies').select('path').where('id', '=', id).executeTakeFirstOrThrow())
				.path
		});
		const [sytScope, otherScope] = [await scopeOf(f.syt.id), await scopeOf(f.stc.id)];
		expect((await listFindings(h.db, sytScope, { kind: 'unknown_certificate' })).total).toBe(3);
		expect((await listFindings(h.db, otherScope, { kind: 'unknown_certificate' })).total).toBe(0);
		const range = resolveRange({ from: '2025-06-10', to: '2025-06-10' });
		const filter = signingFilterSchema.parse({});
		const mine = await listSigningEvents(h.db, sytScope, filter, range, 500);
		const unknown = mine.rows.filter((r) => r.certificate_ref === ref);
		expect(unknown).toHaveLength(5); // U-1 to U-4 and U-6
		expect(unknown.filter((r) => r.agency_name === 'Sở Y tế')).toHaveLength(4);
		expect(unknown.every((r) => r.certificate_id === null && r.subject_cn === null)).toBe(true);
		const theirs = await listSigningEvents(h.db, otherScope, filter, range, 500);
		expect(theirs.rows.some((r) => r.certificate_ref !== null)).toBe(false);
		// The daily summary (what the charts read) counts them under the document's agency, as the list does.
		const { rows } = await sql<{ summary: number; events: number }>`
			select
				(select coalesce(sum(n), 0)::int from signing_daily_summary where day = '2025-06-10' and agency_id = ${f.syt.id}) as summary,
				(select count(*)::int from signing_events e left join certificates c on c.id = e.certificate_id
					where (e.signed_at at time zone 'Asia/Ho_Chi_Minh')::date = '2025-06-10'
						and case when e.certificate_id is null then e.document_agency_id else c.agency_id end = ${f.syt.id}) as events
		`.execute(h.db);
		expect(rows[0]!.summary).toBe(rows[0]!.events);
		expect(await signingTotal(h.db, sytScope, filter, range)).toBe(mine.rows.length);
	});
});

describe('the OpenAPI document', () => {
	it('describes the endpoint with the very schemas the handler uses', () => {
		const doc = openApiDocument() as {
			paths: Record<string, Record<string, { requestBody: unknown; responses: Record<string, unknown> }>>;
			components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
		};
		const op = doc.paths['/api/v1/signing-events']!.post!;
		expect(Object.keys(op.responses).sort()).toEqual([
			'200',
			'400',
			'401',
			'403',
			'413',
			'415',
			'422',
			'429',
			'503'
		]);
		const event = doc.components.schemas.SigningEvent!;
		expect(event.required).toEqual(['source_id', 'signed_at', 'channel']);
		expect(Object.keys(event.properties!)).toContain('certificate_fingerprint');
		expect(doc.components.schemas.SigningEventsRequest!.properties!.events).toMatchObject({
			maxItems: 5000,
			items: { $ref: '#/components/schemas/SigningEvent' }
		});
	});
});
