// The JSON answer of the pickers' endpoints (/api/chon/*): the signed-in user's choices for `q`,
// optionally within the agency `co-quan`. Session only: API keys are refused by the route rules.
import { json, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { Lang } from '../../i18n/catalogue';
import type { Choice, ChoiceQuery } from './choices';
import { queryId } from '../http/query-values';

type Source = (db: Kysely<Database>, scope: AgencyScope, q: ChoiceQuery, lang: Lang) => Promise<Choice[]>;

/** The query of a picker request: `q` (at most 100 characters), `co-quan` (an agency id, else ignored). */
export function choiceQuery(url: URL): ChoiceQuery {
	return {
		q: (url.searchParams.get('q') ?? '').slice(0, 100),
		agencyId: queryId(url.searchParams.get('co-quan')) ?? null
	};
}

export async function choicesResponse(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	db: Kysely<Database>,
	source: Source
): Promise<Response> {
	const user = event.locals.user;
	if (!user) return json({ message: 'Vui lòng đăng nhập.' }, { status: 401 });
	const choices = await source(db, user.scope, choiceQuery(event.url), event.locals.lang ?? 'vi');
	return json(choices, { headers: { 'cache-control': 'private, no-store' } });
}
