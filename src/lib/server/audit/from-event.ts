// The who and from-where of an audit entry, taken from a SvelteKit request, so a route writes
//   await recordAudit(db, { ...auditFromEvent(event), action: 'report.export', entityType: 'report', entityId: id })
import type { RequestEvent } from '@sveltejs/kit';

export interface AuditWho {
	userId: number | null;
	actor: string;
	ip: string | null;
}

export function auditFromEvent(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>): AuditWho {
	const user = event.locals.user;
	const apiKey = event.locals.apiKey;
	let ip: string | null = null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null; // synthetic events (tests) and some adapters have no client address
	}
	if (user) return { userId: user.id, actor: user.username, ip };
	if (apiKey) return { userId: null, actor: `apikey:${apiKey.name}`, ip };
	return { userId: null, actor: 'anonymous', ip };
}
