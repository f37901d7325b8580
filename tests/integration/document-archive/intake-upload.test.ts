// The upload form of /luu-tru/nhap: an inspector files a signed PDF (the form read as the browser
// posts it, through the same intake as the API), a re-upload changes nothing, bad input gets a
// Vietnamese message naming the field, and a leader is refused both by the route rule (through the
// request pipeline) and by the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session-token';
import { requestHandles } from '../../../src/lib/server/http/pipeline';
import { intakeUpload } from '../../../src/lib/server/document-archive/intake-upload';
import { formatDateTimeInput } from '../../../src/lib/i18n/date-time-input';
import { buildIntakePki, signedPdf, type IntakePki } from './intake-fixtures';

let h: DbHandle;
let pki: IntakePki;
let sytId: number;
let inspector: AuthUser;
let leader: AuthUser;
const who = { userId: null, actor: 'thanhtra', ip: null };

async function demoUser(username: string, role: AuthUser['roles'][number]): Promise<AuthUser> {
	const u = await h.db
		.selectFrom('users')
		.select(['id', 'display_name'])
		.where('username', '=', username)
		.executeTakeFirstOrThrow();
	return {
		id: u.id,
		username,
		displayName: u.display_name,
		roles: [role],
		agencyId: null,
		scope: { kind: 'all' },
		sessionId: 's'
	};
}

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	pki = await buildIntakePki(h.db);
	sytId = (await h.db.selectFrom('agencies').select('id').where('code', '=', 'SYT').executeTakeFirstOrThrow())
		.id;
	inspector = await demoUser('thanhtra', 'inspector');
	leader = await demoUser('lanhdao', 'leader');
});
afterAll(async () => h?.close());

/** The form as the page posts it (dd/MM/yyyy HH:mm in Vietnam time). */
function uploadForm(pdf: Uint8Array, over: Record<string, string> = {}): FormData {
	const form = new FormData();
	form.append(
		'file',
		new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
		'cong-van-05.pdf'
	);
	form.append('content', new Blob([]), '');
	const fields: Record<string, string> = {
		agency: String(sytId),
		document_number: '05/SYT-VP',
		direction: 'incoming',
		received_at: '',
		source_system: 'Tải lên thủ công',
		source_id: '',
		source_indication: '',
		source_message: '',
		...over
	};
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	return form;
}

const vn = formatDateTimeInput;

describe('/luu-tru/nhap', () => {
	it('files an inspector’s upload through the intake, and a re-upload changes nothing', async () => {
		const pdf = await signedPdf(pki, 'Cong van 05/SYT-VP');
		const received = new Date(Math.floor(pki.receivedAt.getTime() / 60_000) * 60_000);
		const r = await intakeUpload(h.db, inspector, who, uploadForm(pdf, { received_at: vn(received) }));
		expect([r.alreadyPresent, r.indication]).toEqual([false, 'TOTAL_PASSED']);
		const doc = await h.db
			.selectFrom('archived_documents')
			.selectAll()
			.where('id', '=', r.id)
			.executeTakeFirstOrThrow();
		expect(doc).toMatchObject({
			issuing_agency_id: sytId,
			document_number: '05/SYT-VP',
			direction: 'incoming',
			source_system: 'Tải lên thủ công',
			source_indication: null,
			intake_origin: 'upload',
			intake_user_id: inspector.id,
			intake_api_key_id: null
		});
		expect(doc.source_id).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(doc.received_at.toISOString()).toBe(received.toISOString());
		const run = await h.db
			.selectFrom('import_runs')
			.selectAll()
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(run).toMatchObject({ kind: 'documents', origin: 'upload', user_id: inspector.id, inserted: 1 });

		const again = await intakeUpload(h.db, inspector, who, uploadForm(pdf, { received_at: vn(received) }));
		expect([again.id, again.alreadyPresent]).toEqual([r.id, true]);
	});

	it('keeps the source system’s own result and opens a finding when it differs', async () => {
		const pdf = await signedPdf(pki, 'Cong van 06/SYT-VP');
		const r = await intakeUpload(
			h.db,
			inspector,
			who,
			uploadForm(pdf, {
				received_at: vn(pki.receivedAt),
				document_number: '06/SYT-VP',
				source_indication: 'TOTAL_FAILED',
				source_message: 'Không kiểm tra được chứng thư'
			})
		);
		expect(r.disagreement).toMatchObject({ reportedIndication: 'TOTAL_FAILED', indication: 'TOTAL_PASSED' });
		const f = await h.db
			.selectFrom('findings')
			.select(['kind', 'severity'])
			.where('id', '=', r.disagreement!.findingId!)
			.executeTakeFirstOrThrow();
		expect(f).toEqual({ kind: 'verification_disagreement', severity: 'medium' });
	});

	it('names the field of bad input in Vietnamese', async () => {
		const pdf = await signedPdf(pki, 'Cong van 07/SYT-VP');
		await expect(
			intakeUpload(h.db, inspector, who, uploadForm(pdf, { received_at: '30/02/2026 10:00' }))
		).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'received_at' } });
		await expect(
			intakeUpload(h.db, inspector, who, uploadForm(pdf, { received_at: vn(pki.receivedAt), agency: '' }))
		).rejects.toMatchObject({ message: 'Chọn cơ quan.' });
		await expect(
			intakeUpload(
				h.db,
				inspector,
				who,
				uploadForm(pdf, { received_at: vn(pki.receivedAt), document_number: ' ' })
			)
		).rejects.toMatchObject({ message: 'Nhập số và ký hiệu văn bản.' });
	});

	it('refuses a leader, by the route rule and in the service', async () => {
		const pdf = await signedPdf(pki, 'Cong van 08/SYT-VP');
		await expect(
			intakeUpload(h.db, leader, who, uploadForm(pdf, { received_at: vn(pki.receivedAt) }))
		).rejects.toMatchObject({ code: 'FORBIDDEN' });

		const post = async (user: AuthUser) => {
			const token = (await createSession(h.db, user.id, {})).token;
			const url = new URL('http://localhost/luu-tru/nhap');
			const event = {
				request: new Request(url, {
					method: 'POST',
					body: uploadForm(pdf, { received_at: vn(pki.receivedAt) }),
					headers: { cookie: `${SESSION_COOKIE}=${token}`, accept: 'text/html' }
				}),
				url,
				route: { id: '/luu-tru/nhap' },
				params: {},
				locals: { user: null, lang: 'vi' },
				cookies: {
					get: (n: string) => (n === SESSION_COOKIE ? token : undefined),
					getAll: () => [],
					set: () => {},
					delete: () => {},
					serialize: () => ''
				},
				getClientAddress: () => '10.0.0.1',
				isDataRequest: false
			} as unknown as RequestEvent;
			const handles: Handle[] = requestHandles(async () => h.db);
			const at = (i: number, e: RequestEvent): Promise<Response> =>
				Promise.resolve(
					i === handles.length
						? new Response('reached', { status: 299 })
						: handles[i]!({ event: e, resolve: (next) => at(i + 1, next) })
				);
			return (await at(0, event)).status;
		};
		expect(await post(leader)).toBe(403);
		expect(await post(inspector)).toBe(299);
	});
});
