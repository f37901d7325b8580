// One or more real requests for every operation of the OpenAPI document, used by
// api-contract.spec.ts. A new /api endpoint adds its examples here (the spec fails without them).
export interface ApiExample {
	title: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** The OpenAPI path (template) the request exercises. */
	path: string;
	/** The concrete URL when the path has parameters. */
	url?: string;
	auth: 'key' | 'bad-key' | 'none';
	headers?: Record<string, string>;
	body?: unknown;
	multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
	expectStatus: number;
}

export const API_EXAMPLES: ApiExample[] = [
	{ title: 'valid key', method: 'GET', path: '/api/v1/ping', auth: 'key', expectStatus: 200 },
	{ title: 'unknown key', method: 'GET', path: '/api/v1/ping', auth: 'bad-key', expectStatus: 401 },
	{ title: 'public', method: 'GET', path: '/api/v1/openapi.json', auth: 'none', expectStatus: 200 }
];
