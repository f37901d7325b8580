// /api/docs: the OpenAPI document read by people, public like the document itself.
import { openApiDocument } from '$lib/server/api/openapi';
import { apiOperations, type ApiDocs } from '$lib/api/docs-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const doc = openApiDocument(url.origin) as unknown as ApiDocs;
	return { origin: url.origin, operations: apiOperations(doc), schemas: doc.components.schemas };
};
