// Request pipeline (src/lib/server/http/pipeline.ts): security headers, database-outage answers,
// language, form content types, who is asking (session cookie, or an API key on /api/**), and the
// access rule by route id (src/lib/server/auth/route-rules.ts, fail closed).
import { sequence } from '@sveltejs/kit/hooks';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import { startServer } from '$lib/server/startup';
import { requestHandles } from '$lib/server/http/pipeline';
import { installStaticSecurityHeaders } from '$lib/server/http/security-headers';
import { databaseErrorBody } from '$lib/server/db/outage-response';

export const init: ServerInit = async () => {
	if (building) return;
	// Before adapter-node listens: its static files never reach `handle`.
	installStaticSecurityHeaders();
	await startServer();
};

// A lost database connection answers 503 (handleDatabaseOutage in the pipeline sets the status);
// anything else is logged as SvelteKit would and keeps its generic message.
export const handleError: HandleServerError = ({ error, event, status }) => {
	const body = databaseErrorBody(error, event);
	if (body) return body;
	console.error(`[kiem-ky] ${status} ${event.request.method} ${event.url.pathname}:`, error);
};

export const handle = sequence(...requestHandles(getDb));
