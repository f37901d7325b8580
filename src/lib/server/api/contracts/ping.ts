// GET /api/v1/ping: proves an API key works and shows what it may reach.
import { z } from 'zod/v4';
import { apiSchemas, defineEndpoint } from '../registry';
import { apiErrorSchema } from '../errors';

const scopeSchema = z.union([
	z.object({ kind: z.literal('all') }),
	z.object({ kind: z.literal('subtree'), agencyId: z.number().int(), path: z.string() })
]);

export const pingResponseSchema = apiSchemas.add(
	'PingResponse',
	z.object({
		ok: z.literal(true),
		principal: z.enum(['api_key', 'user']),
		name: z.string().optional(),
		username: z.string().nullable().optional(),
		sourceSystem: z.string().optional(),
		scope: scopeSchema.nullable()
	})
);

export const pingEndpoint = defineEndpoint({
	method: 'get',
	path: '/api/v1/ping',
	operationId: 'ping',
	summary: 'Kiểm tra khóa API / check an API key',
	tags: ['Chung / General'],
	auth: true,
	responses: {
		200: {
			description: 'Khóa hợp lệ và phạm vi của nó / the key is valid, with its scope',
			schema: pingResponseSchema
		},
		401: { description: 'Khóa không hợp lệ / invalid key', schema: apiErrorSchema },
		429: { description: 'Quá tần suất / rate limited', schema: apiErrorSchema }
	}
});
