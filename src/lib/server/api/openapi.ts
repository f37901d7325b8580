// GET /api/v1/openapi.json: the OpenAPI 3.1 document of every /api route, built from the
// registered endpoint specs and schemas (src/lib/server/api/contracts), never written by hand.
import { z } from 'zod/v4';
import { apiSchemas, registeredEndpoints, type ApiEndpointSpec } from './registry';
import { apiErrorSchema } from './errors';
import './contracts';

type JsonSchema = Record<string, unknown>;

const REF = '#/components/schemas/';

function components(): Record<string, JsonSchema> {
	const out = z.toJSONSchema(apiSchemas.registry, {
		io: 'input',
		uri: (id) => REF + id,
		unrepresentable: 'any'
	}) as { schemas: Record<string, JsonSchema> };
	for (const s of Object.values(out.schemas)) {
		delete s.$schema;
		delete s.$id;
	}
	return out.schemas;
}

/** Bodies are named components (apiSchemas.add), so a path refers to them by $ref. */
function schemaRef(schema: z.ZodType, where: string): JsonSchema {
	const id = apiSchemas.registry.get(schema)?.id;
	if (!id) throw new Error(`OpenAPI: the schema of ${where} is not registered with apiSchemas.add`);
	return { $ref: REF + id };
}

function operation(e: ApiEndpointSpec): JsonSchema {
	const responses: Record<string, JsonSchema> = {};
	for (const [status, r] of Object.entries(e.responses)) {
		const body = r.schema
			? {
					content: {
						[r.contentType ?? 'application/json']: {
							schema: schemaRef(r.schema, `${e.operationId} ${status}`)
						}
					}
				}
			: r.contentType
				? { content: { [r.contentType]: {} } }
				: {};
		responses[status] = { description: r.description, ...body, ...(r.headers ? { headers: r.headers } : {}) };
	}
	return {
		operationId: e.operationId,
		summary: e.summary,
		...(e.description ? { description: e.description } : {}),
		tags: e.tags,
		...(e.auth ? {} : { security: [] }),
		...(e.request
			? {
					requestBody: {
						required: true,
						...(e.request.description ? { description: e.request.description } : {}),
						content: {
							[e.request.contentType]: { schema: schemaRef(e.request.schema, `${e.operationId} request`) }
						}
					}
				}
			: {}),
		responses
	};
}

export function openApiDocument(serverUrl?: string): JsonSchema {
	const paths: Record<string, Record<string, JsonSchema>> = {};
	for (const e of registeredEndpoints()) (paths[e.path] ??= {})[e.method] = operation(e);
	// Touch the error schema so it is registered even if no contract imported it yet.
	void apiErrorSchema;
	return {
		openapi: '3.1.0',
		info: {
			title: 'Kiểm Ký API',
			version: '1',
			description:
				'API cho các hệ thống quản lý văn bản, dịch vụ công, thư điện tử và cổng thông tin gửi sự kiện ký số và văn bản đã ký về Sở KH&CN. ' +
				'The API through which the province’s document systems send signing events and signed documents. ' +
				'Authenticate with an API key: `Authorization: Bearer kk_…` (created by an administrator on /quan-tri/khoa-api).'
		},
		...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
		security: [{ apiKey: [] }],
		paths,
		components: {
			securitySchemes: {
				apiKey: { type: 'http', scheme: 'bearer', description: 'Khóa API kk_… / an API key kk_…' }
			},
			schemas: components()
		}
	};
}
