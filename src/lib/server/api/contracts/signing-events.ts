// POST /api/v1/signing-events: a document system sends a batch of its signing events. The event
// schema is the ingestion pipeline's own (src/lib/server/import/event-schema.ts): what this
// document shows is what every event is checked against.
import { z } from 'zod/v4';
import { apiSchemas, defineEndpoint } from '../registry';
import { apiErrorSchema } from '../errors';
import { signingEventSchema } from '../../import/event-schema';

export const MAX_EVENTS_PER_BATCH = 5000;
/** Bytes of one request body: 5,000 events of about 600 bytes fit with room to spare. */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

apiSchemas.add('SigningEvent', signingEventSchema);

const modeSchema = z.enum(['all-or-nothing', 'valid-rows']).meta({
	description:
		'all-or-nothing (mặc định): một sự kiện lỗi thì không lưu sự kiện nào; valid-rows: lưu các sự kiện hợp lệ, báo từng sự kiện lỗi. ' +
		'all-or-nothing (default): one bad event stores none; valid-rows: the valid events are stored, each bad one reported.'
});

export const signingEventsRequestSchema = apiSchemas.add(
	'SigningEventsRequest',
	z.object({
		mode: modeSchema.default('all-or-nothing'),
		events: z
			.array(signingEventSchema)
			.min(1)
			.max(MAX_EVENTS_PER_BATCH)
			.meta({
				description: `Tối đa ${MAX_EVENTS_PER_BATCH} sự kiện mỗi lô. At most ${MAX_EVENTS_PER_BATCH} events per batch.`
			})
	})
);

/**
 * The request as the handler reads it first: the same object with each event left unchecked, so
 * that one bad event is reported by its index (the pipeline checks each with SigningEvent) rather
 * than refusing the request as malformed.
 */
export const signingEventsEnvelopeSchema = signingEventsRequestSchema.extend({
	events: z.array(z.unknown()).min(1)
});

export const signingEventErrorSchema = apiSchemas.add(
	'SigningEventError',
	z.object({
		index: z
			.number()
			.int()
			.meta({ description: 'Vị trí sự kiện trong lô (từ 0). The event’s index in the batch (0-based).' }),
		field: z
			.string()
			.nullable()
			.meta({ description: 'Trường bị lỗi, hoặc null. The field at fault, or null.' }),
		code: z
			.string()
			.optional()
			.meta({ description: 'DUPLICATE, SOURCE_SYSTEM, OUT_OF_WINDOW, OUT_OF_SCOPE, …' }),
		message: z.string().meta({ description: 'Lý do bằng tiếng Việt.' }),
		message_en: z.string().meta({ description: 'The reason in English.' })
	})
);

export const signingEventsResponseSchema = apiSchemas.add(
	'SigningEventsResponse',
	z.object({
		run_id: z
			.number()
			.int()
			.meta({ description: 'Lần nhập trong lịch sử nhập. The import run in the import history.' }),
		received: z.number().int(),
		inserted: z.number().int().meta({ description: 'Sự kiện mới được lưu. Events stored now.' }),
		already_present: z.number().int().meta({
			description:
				'Sự kiện đã có từ trước (cùng source_system, source_id): không thay đổi gì. Events already stored (same source_system, source_id): nothing changed.'
		}),
		rejected: z.number().int().meta({ description: 'Sự kiện bị từ chối. Events refused.' }),
		unknown_certificates: z
			.number()
			.int()
			.meta({
				description:
					'Sự kiện mới lưu ký bằng chứng thư chưa có trong danh mục (mở cảnh báo unknown_certificate). ' +
					'Events stored now whose certificate is not in the inventory (an unknown_certificate finding is opened).'
			}),
		committed: z.boolean().meta({
			description: 'true khi các sự kiện hợp lệ đã được lưu. true when the valid events were stored.'
		}),
		message: z.string(),
		message_en: z.string(),
		errors: z.array(signingEventErrorSchema)
	})
);
export type SigningEventsResponse = z.infer<typeof signingEventsResponseSchema>;

export const signingEventsEndpoint = defineEndpoint({
	method: 'post',
	path: '/api/v1/signing-events',
	operationId: 'postSigningEvents',
	summary: 'Gửi một lô sự kiện ký số / send a batch of signing events',
	description:
		'Lưu tối đa 5.000 sự kiện ký số; gửi lại cùng lô không thay đổi gì (theo source_system, source_id). ' +
		'Khóa API chỉ được gửi sự kiện của hệ thống nguồn và các cơ quan trong phạm vi của nó. ' +
		'Stores up to 5,000 signing events; sending the same batch again changes nothing (by source_system, source_id). ' +
		'A key may send only events of its source system and of the agencies within its scope.',
	tags: ['Sự kiện ký số / Signing events'],
	auth: true,
	request: { contentType: 'application/json', schema: signingEventsRequestSchema, maxBytes: MAX_BATCH_BYTES },
	responses: {
		200: { description: 'Đã lưu / stored', schema: signingEventsResponseSchema },
		400: { description: 'JSON sai hoặc không đúng lược đồ / malformed JSON or body', schema: apiErrorSchema },
		401: {
			description: 'Khóa không hợp lệ hoặc đã thu hồi / invalid or revoked key',
			schema: apiErrorSchema
		},
		403: {
			description:
				'Có sự kiện ngoài phạm vi của khóa (OUT_OF_SCOPE, details.indexes): không lưu gì / events outside the key’s scope: nothing stored',
			schema: apiErrorSchema
		},
		413: {
			description: 'Quá 5.000 sự kiện (BATCH_TOO_LARGE) hoặc quá 8 MB / more than 5,000 events or 8 MB',
			schema: apiErrorSchema
		},
		415: { description: 'Không phải application/json / not application/json', schema: apiErrorSchema },
		422: {
			description:
				'all-or-nothing: có sự kiện lỗi nên không lưu gì / all-or-nothing: some events are bad, nothing stored',
			schema: signingEventsResponseSchema
		},
		429: {
			description: 'Quá tần suất của khóa / rate limited',
			schema: apiErrorSchema,
			headers: { 'Retry-After': { description: 'Giây chờ / seconds to wait', schema: { type: 'integer' } } }
		},
		503: { description: 'Cơ sở dữ liệu tạm thời gián đoạn / database unavailable', schema: apiErrorSchema }
	}
});
