// GET /api/v1/openapi.json: this document, public.
import { z } from 'zod/v4';
import { apiSchemas, defineEndpoint } from '../registry';

const openApiDocumentSchema = apiSchemas.add(
	'OpenApiDocument',
	z
		.object({
			openapi: z.string(),
			info: z.record(z.string(), z.unknown()),
			paths: z.record(z.string(), z.unknown())
		})
		.catchall(z.unknown())
);

defineEndpoint({
	method: 'get',
	path: '/api/v1/openapi.json',
	operationId: 'openApiDocument',
	summary: 'Tài liệu OpenAPI 3.1 này / this OpenAPI 3.1 document',
	tags: ['Chung / General'],
	auth: false,
	responses: {
		200: { description: 'Tài liệu OpenAPI / the OpenAPI document', schema: openApiDocumentSchema }
	}
});
