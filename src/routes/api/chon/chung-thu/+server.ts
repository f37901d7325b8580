// GET /api/chon/chung-thu?q=…&co-quan=…: the certificates a form's picker offers, within the user's scope
// (src/lib/server/pickers/choices.ts).
import { getDb } from '$lib/server/db';
import { certificateChoices } from '$lib/server/pickers/choices';
import { choicesResponse } from '$lib/server/pickers/endpoint';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => choicesResponse(event, await getDb(), certificateChoices);
