// Refused attempts in the audit log (`access.denied_route`: a route's rule refused a signed-in user
// or an API key; `access.denied_scope`: an agency officer reached for another agency's record). At
// most one entry per principal and route a window, counted in this process's memory: a scripted
// probe must not flood the hash chain, and the next entry says how many were left out.
import type { RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { auditFromEvent, recordAudit } from '../audit/log';
import { logger } from '../logging/logger';

export interface Denial {
	action: 'access.denied_route' | 'access.denied_scope';
	entityType?: string;
	entityId?: string;
	details?: Record<string, unknown>;
}

export type RecordDenial = (event: RequestEvent, denial: Denial) => Promise<void>;

export interface DenialLogOptions {
	windowMs?: number;
	now?: () => number;
}

/** Keys are dropped once their window has passed, when the map grows past this. */
const PRUNE_AT = 10_000;

export function createDenialLog(
	getDb: () => Promise<Kysely<Database>>,
	{ windowMs = 60_000, now = Date.now }: DenialLogOptions = {}
): RecordDenial {
	const recent = new Map<string, { at: number; repeats: number }>();
	return async (event, denial) => {
		const who = auditFromEvent(event);
		const key = `${who.userId ?? who.actor}|${event.route.id}`;
		const t = now();
		const last = recent.get(key);
		if (last && t - last.at < windowMs) {
			last.repeats++;
			return;
		}
		if (recent.size >= PRUNE_AT) for (const [k, v] of recent) if (t - v.at >= windowMs) recent.delete(k);
		recent.set(key, { at: t, repeats: 0 });
		try {
			await recordAudit(await getDb(), {
				...who,
				action: denial.action,
				entityType: denial.entityType,
				entityId: denial.entityId,
				details: {
					route: event.route.id,
					method: event.request.method,
					path: event.url.pathname.slice(0, 200),
					...denial.details,
					repeatsSinceLast: last?.repeats ?? 0
				}
			});
		} catch (e) {
			// The refusal stands either way; a lost trace must not turn it into a 500.
			logger.error({ err: e }, 'could not audit a refused access');
		}
	};
}
