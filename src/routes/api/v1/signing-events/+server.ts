// POST /api/v1/signing-events: the document systems' batches of signing events, with an API key
// (or a signed-in administrator). Contract: src/lib/server/api/contracts/signing-events.ts.
import { getDb } from '$lib/server/db';
import { postSigningEvents } from '$lib/server/api/signing-events';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => postSigningEvents(await getDb(), event);
