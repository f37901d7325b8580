// GET /api/v1/ping: proves an API key works and shows what it may reach (for the source systems'
// integrators). Signed-in admins may call it too. Contract: src/lib/server/api/contracts/ping.ts.
import { json } from '@sveltejs/kit';
import { apiKeyGate } from '$lib/server/api/handler';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => {
	const limited = apiKeyGate(locals);
	if (limited) return limited;
	if (locals.apiKey) {
		const { name, sourceSystem, scope } = locals.apiKey;
		return json({ ok: true, principal: 'api_key', name, sourceSystem, scope });
	}
	return json({
		ok: true,
		principal: 'user',
		username: locals.user?.username ?? null,
		scope: locals.user?.scope ?? null
	});
};
