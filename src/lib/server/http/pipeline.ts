// The request pipeline of hooks.server.ts as a list, so tests run the very same handles in the
// same order, then audit refused access. Security headers come first so they land on every answer, including those that
// later handles give themselves (form content type refusals, the access guard's redirects).
import type { Handle } from '@sveltejs/kit';
import { dev } from '$app/environment';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { accessHandle, identityHandle } from '../auth/guard';
import { ROUTE_RULES } from '../auth/route-rules';
import { createDenialLog, type DenialLogOptions } from '../auth/denial-log';
import { scopeDenialHandle } from '../auth/scope-denial-handle';
import { parseLang } from '../../i18n';
import { securityHeadersHandle } from './security-headers';
import { formContentTypeHandle } from './form-content-type';
import { csrfHandle } from './csrf';
import { handleDatabaseOutage } from '../db/outage-response';
import { handleBadInput } from './bad-input';
import { closeAfterUnreadBody } from './unread-body';
import { requestLogHandle } from '../logging/request-log';

const langHandle: Handle = async ({ event, resolve }) => {
	event.locals.lang = parseLang(event.cookies.get('lang'));
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang) });
};

// A signed-in user's own choice (the header's switch, kept on their account) wins over the
// browser's cookie; the page's <html lang> follows, since the chunk is transformed after this.
const userLangHandle: Handle = async ({ event, resolve }) => {
	const chosen = event.locals.user?.lang;
	if (chosen) event.locals.lang = chosen;
	return resolve(event);
};

export function requestHandles(
	getDb: () => Promise<Kysely<Database>>,
	denialLog: DenialLogOptions = {}
): Handle[] {
	const recordDenial = createDenialLog(getDb, denialLog);
	return [
		// Outermost: every line logged while serving the request carries its id.
		requestLogHandle(),
		securityHeadersHandle,
		closeAfterUnreadBody,
		// SvelteKit's cross-site form check, with API-key requests let through (csrf.ts).
		csrfHandle(!dev),
		// After the headers (so a 503 carries them too), before anything that reads the database.
		handleDatabaseOutage,
		// A value the database refuses is the request's fault (bad-input.ts): 400, not 500.
		handleBadInput,
		langHandle,
		formContentTypeHandle,
		identityHandle(getDb),
		userLangHandle,
		accessHandle(ROUTE_RULES, (event) =>
			recordDenial(event, { action: 'access.denied_route', details: { status: 403 } })
		),
		scopeDenialHandle(getDb, recordDenial)
	];
}
