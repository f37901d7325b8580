// The schemas and endpoints of /api/**, registered where the handlers' contracts are declared
// (src/lib/server/api/contracts/*), so the OpenAPI document is generated from the very schemas the
// handlers validate with. zod/v4 (shipped inside zod 3.25) turns them into JSON Schema 2020-12,
// the dialect of OpenAPI 3.1.
import { z } from 'zod/v4';

class SchemaRegistry {
	readonly registry = z.registry<{ id: string }>();
	/** Registers a named schema (a component of the OpenAPI document) and returns it unchanged. */
	add<T extends z.ZodType>(id: string, schema: T): T {
		this.registry.add(schema, { id });
		return schema;
	}
}
export const apiSchemas = new SchemaRegistry();

export interface ApiResponseSpec {
	description: string;
	/** JSON body schema; omitted for an empty answer. */
	schema?: z.ZodType;
	/** A content type other than application/json (e.g. a file). */
	contentType?: string;
	headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
}

export interface ApiEndpointSpec {
	method: 'get' | 'post' | 'put' | 'delete';
	/** OpenAPI path, e.g. /api/v1/signing-events. */
	path: string;
	operationId: string;
	summary: string;
	description?: string;
	tags: string[];
	/** false for endpoints anyone may read (the OpenAPI document itself). */
	auth: boolean;
	request?: { contentType: string; schema: z.ZodType; description?: string; maxBytes?: number };
	responses: Record<number, ApiResponseSpec>;
}

const endpoints: ApiEndpointSpec[] = [];

/** Declares an endpoint (once, at module load of its contract). */
export function defineEndpoint(spec: ApiEndpointSpec): ApiEndpointSpec {
	endpoints.push(spec);
	return spec;
}

export function registeredEndpoints(): readonly ApiEndpointSpec[] {
	return endpoints;
}
