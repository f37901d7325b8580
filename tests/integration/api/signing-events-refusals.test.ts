// What POST /api/v1/signing-events refuses, each with the JSON error body of /api and nothing
// stored: malformed JSON, a wrong content type, a body past 8 MB or a batch past 5,000 events, a
// body that is not the contract's, a missing, wrong or revoked key, a signed-in user who is not an
// administrator, a key posting another agency's events (403 with their indexes), and a key past
// its rate (429). A signed-in administrator may post, naming each event's source system.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { createApiKey, revokeApiKey } from '../../../src/lib/server/auth/api-keys';
import { createSession } from '../../../src/lib/server/auth/sessions';
import { apiErrorSchema } from '../../../src/lib/server/api/errors';
import { signingEventsResponseSchema } from '../../../src/lib/server/api/contracts/signing-events';
import { countEvents, ingestFixtures, sytEvent, type IngestFixtures } from '../import/ingest-fixtures';
import { json, postEvents, type ApiRequest } from './api-request';

let h: DbHandle;
let f: IngestFixtures;
const keys: Record<'all' | 'syt' | 'revoked' | 'rate', string> = { all: '', syt: '', revoked: '', rate: '' };
const sessions: Record<'admin' | 'coquan', string> = { admin: '', coquan: '' };
const testWho = { userId: null, actor: 'test', ip: null };
const RATE = 20;

beforeAll(async () => {
	process.env.KIEMKY_API_RATE = String(RATE);
	h = await openTestDb({ demo: true });
	f = await ingestFixtures(h.db);
	keys.all = (await createApiKey(h.db, { name: 'QLVB tỉnh', sourceSystem: 'QLVB-TINH' }, testWho)).key;
	keys.syt = (
		await createApiKey(
			h.db,
			{ name: 'QLVB Sở Y tế', sourceSystem: 'QLVB-SYT', agencyCode: f.syt.code },
			testWho
		)
	).key;
	keys.revoked = (await createApiKey(h.db, { name: 'Khóa cũ', sourceSystem: 'QLVB-CU' }, testWho)).key;
	await revokeApiKey(h.db, 'Khóa cũ', testWho);
	keys.rate = (await createApiKey(h.db, { name: 'Khóa vội', sourceSystem: 'QLVB-VOI' }, testWho)).key;
	for (const username of ['admin', 'coquan'] as const) {
		const u = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', username)
			.executeTakeFirstOrThrow();
		sessions[username] = (await createSession(h.db, u.id, {})).token;
	}
});
afterAll(async () => {
	delete process.env.KIEMKY_API_RATE;
	await h?.close();
});

const ev = (id: string, o: Record<string, unknown> = {}) =>
	sytEvent(f, id, { source_system: undefined, ...o });

/** The refusal's status and body, the body checked against the ApiError schema. */
async function refused(r: ApiRequest) {
	const res = await postEvents(h.db, r);
	return { status: res.status, headers: res.headers, body: apiErrorSchema.parse(await res.json()) };
}

describe('bodies that are not a batch', () => {
	it('malformed JSON → 400 INVALID_JSON', async () => {
		const r = await refused({ key: keys.all, body: '{"events": [' });
		expect(r.status).toBe(400);
		expect(r.body.code).toBe('INVALID_JSON');
	});
	it('a wrong content type → 415, whatever the body', async () => {
		for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', null]) {
			const r = await refused({ key: keys.all, contentType, body: json({ events: [ev('X-1')] }) });
			expect(r.status).toBe(415);
			expect(r.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
		}
	});
	it('more than 8 MB → 413 PAYLOAD_TOO_LARGE, more than 5,000 events → 413 BATCH_TOO_LARGE', async () => {
		const big = await refused({
			key: keys.all,
			body: json({ events: [ev('X-1', { acting_title: 'x'.repeat(9 * 1024 * 1024) })] })
		});
		expect(big.status).toBe(413);
		expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
		const many = await refused({
			key: keys.all,
			body: json({ events: Array.from({ length: 5001 }, (_, i) => ({ source_id: i })) })
		});
		expect(many.status).toBe(413);
		expect(many.body).toMatchObject({
			code: 'BATCH_TOO_LARGE',
			details: { max_events: 5000, received: 5001 }
		});
		expect(many.body.message).toContain('nhiều hơn 5.000');
	});
	it('no events, an empty list or an unknown mode → 400 INVALID_REQUEST naming the field', async () => {
		for (const body of [
			{},
			{ events: [] },
			{ events: 'abc' },
			{ mode: 'some', events: [ev('X-1')] },
			[ev('X-1')]
		]) {
			const r = await refused({ key: keys.all, body: json(body) });
			expect(r.status).toBe(400);
			expect(r.body.code).toBe('INVALID_REQUEST');
		}
		const mode = await refused({ key: keys.all, body: json({ mode: 'some', events: [ev('X-1')] }) });
		expect(mode.body.message).toMatch(/^Yêu cầu không đúng định dạng: mode:/);
		expect(await countEvents(h.db, 'QLVB-TINH')).toBe(0);
	});
});

describe('who may post', () => {
	it('no key, a malformed key or a revoked key → 401', async () => {
		for (const key of [undefined, 'kk_12345678_not-a-real-key', keys.revoked]) {
			const r = await refused({ key, body: json({ events: [ev('X-1')] }) });
			expect(r.status).toBe(401);
			expect(r.body.code).toBe('UNAUTHENTICATED');
			expect(r.headers.get('www-authenticate')).toContain('Bearer');
		}
		expect(await countEvents(h.db, 'QLVB-CU')).toBe(0);
	});
	it('a signed-in agency officer → 403; an administrator posts, naming the source system', async () => {
		const officer = await refused({ session: sessions.coquan, body: json({ events: [ev('X-1')] }) });
		expect(officer.status).toBe(403);
		const missing = await postEvents(h.db, {
			session: sessions.admin,
			body: json({ events: [ev('ADM-1')] })
		});
		expect(missing.status).toBe(422);
		expect(signingEventsResponseSchema.parse(await missing.json()).errors).toEqual([
			expect.objectContaining({ index: 0, field: 'source_system', message: 'thiếu giá trị' })
		]);
		const ok = await postEvents(h.db, {
			session: sessions.admin,
			body: json({ events: [ev('ADM-1', { source_system: 'NHAP-TAY' })] })
		});
		expect(ok.status).toBe(200);
		expect(signingEventsResponseSchema.parse(await ok.json())).toMatchObject({ inserted: 1 });
	});
});

describe('a key scoped to Sở Y tế', () => {
	it('posts events of its subtree (by document agency, else by the certificate’s agency)', async () => {
		const res = await postEvents(h.db, {
			key: keys.syt,
			body: json({
				events: [
					ev('S-1'),
					ev('S-2', { document_agency_code: f.sytUnit.code }),
					ev('S-3', { document_agency_code: undefined })
				]
			})
		});
		expect(res.status).toBe(200);
		expect(signingEventsResponseSchema.parse(await res.json())).toMatchObject({ inserted: 3 });
	});
	it('refuses a batch holding another agency’s events with 403 and their indexes, storing nothing, in either mode', async () => {
		for (const mode of ['all-or-nothing', 'valid-rows']) {
			const r = await refused({
				key: keys.syt,
				body: json({
					mode,
					events: [
						ev('S-10'),
						ev('S-11', { document_agency_code: f.stc.code }),
						ev('S-12', { document_agency_code: undefined, certificate_fingerprint: f.stcCert.fp }),
						ev('S-13', { document_agency_code: undefined, certificate_fingerprint: 'ef'.repeat(32) })
					]
				})
			});
			expect(r.status).toBe(403);
			expect(r.body).toMatchObject({ code: 'OUT_OF_SCOPE', details: { indexes: [1, 2, 3] } });
			expect(r.body.message_en).toBe(
				'3 events are outside the agencies this API key covers: nothing stored.'
			);
		}
		expect(await countEvents(h.db, 'QLVB-SYT')).toBe(3);
	});
});

describe('the rate of a key', () => {
	it('past KIEMKY_API_RATE requests a minute → 429 with Retry-After; other keys are not held back', async () => {
		let answer: Awaited<ReturnType<typeof refused>> | null = null;
		for (let i = 0; i <= RATE && !answer; i++) {
			const r = await refused({ key: keys.rate, body: '{' });
			if (r.status === 429) answer = r;
			else expect(r.status).toBe(400);
		}
		expect(answer).not.toBeNull();
		expect(answer!.body.code).toBe('RATE_LIMITED');
		expect(Number(answer!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		const other = await refused({ key: keys.all, body: '{' });
		expect(other.status).toBe(400);
	});
});
