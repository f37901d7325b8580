// The OpenAPI document flattened for the readable page: one entry per operation, with the names of
// the schemas its request and answers use (the page lists those schemas' fields below).
export interface JsonSchemaNode {
	type?: string | string[];
	description?: string;
	properties?: Record<string, JsonSchemaNode>;
	required?: string[];
	items?: JsonSchemaNode;
	enum?: unknown[];
	const?: unknown;
	$ref?: string;
	anyOf?: JsonSchemaNode[];
	oneOf?: JsonSchemaNode[];
	format?: string;
	maxItems?: number;
	maxLength?: number;
}

interface Operation {
	operationId: string;
	summary: string;
	description?: string;
	security?: unknown[];
	requestBody?: { content: Record<string, { schema?: JsonSchemaNode }> };
	responses: Record<string, { description: string; content?: Record<string, { schema?: JsonSchemaNode }> }>;
}

export interface ApiDocs {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, JsonSchemaNode> };
}

export interface OperationView {
	id: string;
	method: string;
	path: string;
	summary: string;
	description: string | null;
	needsKey: boolean;
	request: { contentType: string; schema: string | null } | null;
	responses: { status: string; description: string; schema: string | null }[];
}

const refName = (s: JsonSchemaNode | undefined) => s?.$ref?.split('/').pop() ?? null;

export function apiOperations(doc: ApiDocs): OperationView[] {
	return Object.entries(doc.paths).flatMap(([path, ops]) =>
		Object.entries(ops).map(([method, op]) => {
			const [contentType, body] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
			return {
				id: op.operationId,
				method: method.toUpperCase(),
				path,
				summary: op.summary,
				description: op.description ?? null,
				needsKey: !(Array.isArray(op.security) && op.security.length === 0),
				request: contentType ? { contentType, schema: refName(body?.schema) } : null,
				responses: Object.entries(op.responses).map(([status, r]) => ({
					status,
					description: r.description,
					schema: refName(Object.values(r.content ?? {})[0]?.schema)
				}))
			};
		})
	);
}

/** A short type label for a field: string, integer[], enum values, or the schema it refers to. */
export function typeLabel(s: JsonSchemaNode): string {
	if (s.$ref) return refName(s)!;
	if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
	if (s.const !== undefined) return JSON.stringify(s.const);
	const alts = s.anyOf ?? s.oneOf;
	if (alts) return alts.map(typeLabel).join(' | ');
	if (s.type === 'array') return `${s.items ? typeLabel(s.items) : 'unknown'}[]`;
	const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
	return s.format ? `${t} (${s.format})` : t;
}
