// On the demo data: the agency officer's notifications stay within their agency's subtree while the
// inspector's cover the province; and the centre's form actions, run as the route runs them, let a
// user mark their own notifications read but never another user's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';

const { setDbHandle } = await import('../../../src/lib/server/db');

const { openTestDb } = await import('../../helpers/db');
const { refreshNotifications } = await import('../../../src/lib/server/notifications/refresh');
const { unreadCount } = await import('../../../src/lib/server/notifications/centre');
const { scopeFor } = await import('../../../src/lib/server/auth/sessions');
const { actions } = await import('../../../src/routes/thong-bao/+page.server');

let h: DbHandle;
const ids: Record<string, { id: number; agencyId: number | null; path: string | null }> = {};
const now = new Date();

async function finding(agencyId: number, key: string) {
	await h.db
		.insertInto('findings')
		.values({
			dedupe_key: key,
			kind: 'org_cert_non_clerk',
			severity: 'high',
			legal_basis: 'Điều 13.1',
			summary: `Cảnh báo thử ${key}`,
			agency_id: agencyId,
			evidence: '{}',
			first_seen_at: now,
			last_seen_at: now
		})
		.execute();
}

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	// The routes reach the database through getDb(): hand them this file's test database.
	setDbHandle(h);
	for (const username of ['coquan', 'thanhtra']) {
		const u = await h.db
			.selectFrom('users as u')
			.leftJoin('agencies as a', 'a.id', 'u.agency_id')
			.select(['u.id', 'u.agency_id', 'a.path'])
			.where('u.username', '=', username)
			.executeTakeFirstOrThrow();
		ids[username] = { id: u.id, agencyId: u.agency_id, path: u.path };
	}
	// One finding in the officer's agency, one in an agency outside its subtree.
	const outside = await h.db
		.selectFrom('agencies')
		.select('id')
		.where('path', 'not like', `${ids.coquan!.path}%`)
		.where('parent_id', 'is not', null)
		.executeTakeFirstOrThrow();
	await finding(ids.coquan!.agencyId!, 'centre:inside');
	await finding(outside.id, 'centre:outside');
	await refreshNotifications(h.db, now);
}, 300_000);
afterAll(async () => {
	setDbHandle(undefined);
	await h?.close();
});

const mine = (username: string) =>
	h.db
		.selectFrom('notifications as n')
		.leftJoin('agencies as a', 'a.id', 'n.agency_id')
		.select(['n.id', 'n.kind', 'n.dedupe_key', 'a.path', 'n.read_at'])
		.where('n.user_id', '=', ids[username]!.id)
		.execute();

describe('scope on the demo data', () => {
	it("an agency officer gets only their agency subtree's items; an inspector the province's", async () => {
		const officer = await mine('coquan');
		const inspector = await mine('thanhtra');
		expect(officer.length).toBeGreaterThan(1);
		expect(officer.filter((n) => !n.path?.startsWith(ids.coquan!.path!))).toEqual([]);
		const officerFindings = officer.filter((n) => n.kind === 'finding').map((n) => n.dedupe_key);
		const inspectorKeys = new Set(inspector.map((n) => n.dedupe_key));
		expect(officerFindings.length).toBe(1);
		expect(inspectorKeys.has(officerFindings[0]!)).toBe(true);
		// The inspector also hears of what lies outside the officer's agency.
		expect(inspector.some((n) => n.path !== null && !n.path.startsWith(ids.coquan!.path!))).toBe(true);
		// What the officer is told about certificates and deadlines, the inspector is told too.
		const shared = officer.filter((n) => n.kind !== 'request_decision').map((n) => n.dedupe_key);
		expect(shared.filter((k) => !inspectorKeys.has(k))).toEqual([]);
	});
});

function post(username: string, action: string, fields: Record<string, string> = {}) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	const u = ids[username]!;
	const user = {
		id: u.id,
		username,
		displayName: username,
		roles: username === 'coquan' ? ['agency_officer'] : ['inspector'],
		agencyId: u.agencyId,
		scope: scopeFor(username === 'coquan' ? ['agency_officer'] : ['inspector'], u.agencyId, u.path),
		sessionId: 'test'
	};
	const request = new Request(`http://localhost/thong-bao?/${action}`, { method: 'POST', body });
	return { locals: { user, lang: 'vi' }, request } as never;
}

describe('mark as read (the route)', () => {
	it("refuses another user's notification, marks one's own, then all", async () => {
		const theirs = (await mine('thanhtra'))[0]!;
		const refused = (await actions.read!(post('coquan', 'read', { id: String(theirs.id) }))) as {
			status: number;
			data: { code: string };
		};
		expect(refused.status).toBe(404);
		expect(refused.data.code).toBe('NOT_FOUND');
		expect((await mine('thanhtra')).find((n) => n.id === theirs.id)!.read_at).toBeNull();

		const before = await unreadCount(h.db, ids.coquan!.id);
		const own = (await mine('coquan'))[0]!;
		expect(await actions.read!(post('coquan', 'read', { id: String(own.id) }))).toEqual({ marked: 1 });
		expect(await unreadCount(h.db, ids.coquan!.id)).toBe(before - 1);

		const bad = (await actions.read!(post('coquan', 'read', { id: 'abc' }))) as { status: number };
		expect(bad.status).toBe(400);

		const inspectorUnread = await unreadCount(h.db, ids.thanhtra!.id);
		expect(await actions.readAll!(post('coquan', 'readAll'))).toEqual({ marked: before - 1, all: true });
		expect(await unreadCount(h.db, ids.coquan!.id)).toBe(0);
		expect(await unreadCount(h.db, ids.thanhtra!.id)).toBe(inspectorUnread);
	});
});
