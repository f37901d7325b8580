// POST /api/v1/signing-events: a batch of a document system's signing events, read and checked
// against the contract (contracts/signing-events.ts), then stored by the one ingestion pipeline
// with the API key's source system and agency scope. Every answer, refusals included, is JSON.
import type { Kysely } from 'kysely';
import type { RequestEvent } from '@sveltejs/kit';
import type { Database } from '../db/schema';
import { auditFromEvent } from '../audit/from-event';
import { ingestSigningEvents } from '../import/event-ingest';
import type { IngestResult } from '../import/ingest-types';
import { isConnectionLost } from '../db/connection-errors';
import { apiError } from './errors';
import { readJsonBody } from './body';
import { apiKeyGate, validateBody } from './handler';
import {
	MAX_BATCH_BYTES,
	MAX_EVENTS_PER_BATCH,
	signingEventsEnvelopeSchema,
	type SigningEventsResponse
} from './contracts/signing-events';

type ApiRequestEvent = Pick<RequestEvent, 'request' | 'locals' | 'getClientAddress'>;

const n = (x: number) => x.toLocaleString('vi-VN');

function responseBody(r: IngestResult): SigningEventsResponse {
	const message = r.committed
		? `Đã lưu ${n(r.inserted)} sự kiện; ${n(r.alreadyPresent)} đã có từ trước; ${n(r.rejected)} bị từ chối.`
		: `Không lưu sự kiện nào: ${n(r.rejected)} sự kiện có lỗi (chế độ all-or-nothing).`;
	const messageEn = r.committed
		? `Stored ${r.inserted} events; ${r.alreadyPresent} were already present; ${r.rejected} refused.`
		: `Nothing stored: ${r.rejected} events have errors (all-or-nothing mode).`;
	return {
		run_id: r.runId,
		received: r.rows,
		inserted: r.inserted,
		already_present: r.alreadyPresent,
		rejected: r.rejected,
		unknown_certificates: r.unknownCertificates,
		committed: r.committed,
		message,
		message_en: messageEn,
		errors: r.errors.map((e) => ({
			index: e.line - 1,
			field: e.field,
			...(e.code ? { code: e.code } : {}),
			message: e.messageVi,
			message_en: e.messageEn
		}))
	};
}

export async function postSigningEvents(db: Kysely<Database>, event: ApiRequestEvent): Promise<Response> {
	const limited = apiKeyGate(event.locals);
	if (limited) return limited;
	const body = await readJsonBody(event.request, MAX_BATCH_BYTES);
	if (!body.ok) return body.response;
	const events = (body.value as { events?: unknown } | null)?.events;
	if (Array.isArray(events) && events.length > MAX_EVENTS_PER_BATCH)
		return apiError(
			413,
			'BATCH_TOO_LARGE',
			`Lô có ${n(events.length)} sự kiện, nhiều hơn ${n(MAX_EVENTS_PER_BATCH)}: hãy chia thành nhiều lô.`,
			`The batch holds ${events.length} events, more than ${MAX_EVENTS_PER_BATCH}: split it.`,
			{ details: { max_events: MAX_EVENTS_PER_BATCH, received: events.length } }
		);
	const envelope = validateBody(signingEventsEnvelopeSchema, body.value);
	if (!envelope.ok) return envelope.response;

	const { apiKey, user } = event.locals;
	const scope = apiKey?.scope ?? user?.scope;
	if (!scope) return apiError(401, 'UNAUTHENTICATED', 'Chưa xác thực.', 'Not authenticated.');
	let result: IngestResult;
	try {
		result = await ingestSigningEvents(
			db,
			envelope.value.events.map((values, i) => ({ line: i + 1, values: values as Record<string, unknown> })),
			{
				mode: envelope.value.mode,
				who: auditFromEvent(event),
				origin: {
					kind: 'api',
					...(apiKey ? { apiKeyId: apiKey.id, sourceSystem: apiKey.sourceSystem } : {}),
					userId: user?.id ?? null
				},
				scope,
				outOfScope: 'refuse-batch',
				maxErrors: Number.POSITIVE_INFINITY
			}
		);
	} catch (e) {
		if (!isConnectionLost(e)) throw e;
		return apiError(
			503,
			'DATABASE_UNAVAILABLE',
			'Không kết nối được cơ sở dữ liệu; không có sự kiện nào được lưu. Hãy gửi lại lô sau ít phút.',
			'The database is unavailable; no event was stored. Send the batch again in a few minutes.',
			{ headers: { 'retry-after': '10' } }
		);
	}
	if (result.outOfScope) {
		const indexes = [
			...new Set(result.errors.filter((e) => e.code === 'OUT_OF_SCOPE').map((e) => e.line - 1))
		];
		return apiError(
			403,
			'OUT_OF_SCOPE',
			`${n(indexes.length)} sự kiện không thuộc các cơ quan trong phạm vi của khóa API: không lưu sự kiện nào.`,
			`${indexes.length} events are outside the agencies this API key covers: nothing stored.`,
			{ details: { run_id: result.runId, indexes } }
		);
	}
	return Response.json(responseBody(result), { status: result.committed ? 200 : 422 });
}
