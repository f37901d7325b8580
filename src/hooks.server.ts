// Request pipeline (src/lib/server/http/pipeline.ts): security headers, language, form content
// types, who is asking (session cookie, or an API key on /api/**), and the access rule by route id
// (src/lib/server/auth/route-rules.ts, fail closed).
import { sequence } from '@sveltejs/kit/hooks';
import type { ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import { startServer } from '$lib/server/startup';
import { requestHandles } from '$lib/server/http/pipeline';
import { installStaticSecurityHeaders } from '$lib/server/http/security-headers';

export const init: ServerInit = async () => {
	if (building) return;
	// Before adapter-node listens: its static files never reach `handle`.
	installStaticSecurityHeaders();
	await startServer();
};

export const handle = sequence(...requestHandles(getDb));
