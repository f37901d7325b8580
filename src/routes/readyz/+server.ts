// GET /readyz: the instance can serve (database reachable, migrations current) and says whether it
// runs the scheduler. 200 when ready, 503 otherwise. Unauthenticated, no data.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { readiness } from '$lib/server/operations/readiness';

export const GET: RequestHandler = async () => {
	const r = await readiness(getDb);
	return json(r, { status: r.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
