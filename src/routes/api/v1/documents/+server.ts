// POST /api/v1/documents: a document system (API key) or a signed-in administrator or inspector
// archives a signed document. Contract: src/lib/server/api/contracts/documents.ts.
import { getDb } from '$lib/server/db';
import { postDocuments } from '$lib/server/api/documents';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => postDocuments(await getDb(), event);
