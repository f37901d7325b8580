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
import { badInputBody } from '$lib/server/http/bad-input';
import { logger } from '$lib/server/logging/logger';
import { ERROR_TABLE } from '$lib/errors';

export const init: ServerInit = async () => {
	if (building) return;
	// Before adapter-node listens: its static files never reach `handle`.
	installStaticSecurityHeaders();
	await startServer();
};

// A lost database connection answers 503 (handleDatabaseOutage in the pipeline sets the status);
// anything else is logged with the request id, which the error page shows.
export const handleError: HandleServerError = ({ error, event, status }) => {
	// Tests drive this with bare events that have no locals.
	const requestId = (event.locals as App.Locals | undefined)?.requestId;
	const body = databaseErrorBody(error, event);
	if (body) return { ...body, requestId };
	const refused = badInputBody(error, event);
	if (refused) return { ...refused, requestId };
	const where = { method: event.request.method, path: event.url.pathname, status };
	if (status === 404) {
		logger.info(where, 'not found');
		return { message: 'Không tìm thấy trang.', code: 'NOT_FOUND', requestId };
	}
	logger.error({ ...where, err: error }, 'unexpected error');
	return { message: ERROR_TABLE.INTERNAL.vi, code: 'INTERNAL', requestId };
};

export const handle = sequence(...requestHandles(getDb));
