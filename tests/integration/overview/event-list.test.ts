// The signing page's event list reads an agency's view through each certificate's newest events (few certificates)
// or by walking the events back in time (many, and the province): both must give the same events as the
// scope's definition, in the same order, across pages, with events whose certificate is unknown counted by their
// document's agency. Compared with independent SQL on the fixture province.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from '../inventory/fixtures';
import { listSigningEvents, PER_CERTIFICATE_MAX } from '../../../src/lib/server/signing/event-list';
import {
	resolveRange,
	signingFilterSchema,
	type DayRange,
	type SigningFilter
} from '../../../src/lib/server/signing/filter';
import { parseQuery } from '../../../src/lib/server/inventory/filters';

let h: DbHandle;
let fx: Fixture;
const ALL: AgencyScope = { kind: 'all' };
const DAY = 86_400_000;
const sf = (q: Record<string, string> = {}): SigningFilter =>
	parseQuery(signingFilterSchema, new URLSearchParams(q)).value;
const range = (): DayRange => resolveRange({ from: '2026-06-01', to: '2026-11-20' }, NOW);

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
	// Events whose certificate is not in the inventory: the hospital's (inside Sở Y tế) at the same instants as the
	// known certificates' events (ties broken by id), and one of Sở KH&CN's (outside).
	const rows = [];
	for (let d = 0; d < 200; d += 9)
		rows.push({
			signed_at: new Date(NOW.getTime() - d * DAY - 3600_000),
			certificate_id: null,
			certificate_ref: 'serial:0badc0de',
			document_agency_id: fx.hospital,
			signing_form: 'own' as const,
			channel: 'qlvb' as const,
			document_number: `${d}/CV-BV`,
			source_system: 'test',
			source_id: `unknown-${d}`
		});
	rows.push({ ...rows[0]!, document_agency_id: fx.skhcn, source_id: 'unknown-skhcn' });
	await h.db.insertInto('signing_events').values(rows).execute();
	// Three documents signed by one certificate at the same microsecond, the newest of the range: its order is
	// then the ids', also where a page's cut falls between them.
	await h.db
		.insertInto('signing_events')
		.values(
			[1, 2, 3].map((k) => ({
				signed_at: new Date('2026-11-20T03:00:00.123456Z'),
				certificate_id: fx.certs.sytOrg,
				acting_person_id: fx.people.sytClerk,
				signing_form: 'org' as const,
				channel: 'qlvb' as const,
				document_number: `${k}/TB-SYT`,
				source_system: 'test',
				source_id: `batch-${k}`
			}))
		)
		.execute();
});
afterAll(async () => h?.close());

/** Every event id of the list, page after page (`size` rows a page), following the cursors. */
async function listed(scope: AgencyScope, q: Record<string, string>, size = 7): Promise<number[]> {
	const ids: number[] = [];
	let cursor: string | null = null;
	do {
		const page: Awaited<ReturnType<typeof listSigningEvents>> = await listSigningEvents(
			h.db,
			scope,
			sf(cursor ? { ...q, cursor } : q),
			range(),
			size
		);
		ids.push(...page.rows.map((r) => Number(r.id)));
		cursor = page.nextCursor;
	} while (cursor);
	return ids;
}

/** The same list by its definition: events of certificates in the subtree, or unknown ones by document agency. */
async function expected(subtree: number | null, q: { channel?: string; form?: string } = {}) {
	const r = range();
	const inSubtree = (col: string) =>
		subtree === null
			? sql`true`
			: sql`${sql.ref(col)} in (select d.id from agencies d where d.path like (select path from agencies where id = ${subtree}) || '%')`;
	const rows = await sql<{ id: string }>`
		select e.id from signing_events e left join certificates c on c.id = e.certificate_id
		where e.signed_at >= ${r.start} and e.signed_at < ${r.end}
			and ((e.certificate_id is not null and ${inSubtree('c.agency_id')})
				or (e.certificate_id is null and ${inSubtree('e.document_agency_id')}))
			and (${q.channel ?? null}::text is null or e.channel = ${q.channel ?? null})
			and (${q.form ?? null}::text is null or e.signing_form = ${q.form ?? null})
		order by e.signed_at desc, e.id desc`.execute(h.db);
	return rows.rows.map((x) => Number(x.id));
}

describe('signing event list', () => {
	it("gives an officer's view the events of the subtree's certificates and its unknown ones, newest first", async () => {
		const want = await expected(fx.syt);
		expect(want.length).toBeGreaterThan(100);
		expect(await listed(fx.sytScope, {})).toEqual(want);
		// The unknown certificate's events are among them, the one outside the subtree is not.
		const r = range();
		const unknown = await sql<{ id: string; document_agency_id: number }>`
			select id, document_agency_id from signing_events
			where certificate_id is null and signed_at >= ${r.start} and signed_at < ${r.end}`.execute(h.db);
		expect(unknown.rows.length).toBeGreaterThan(5);
		for (const u of unknown.rows)
			expect(want.includes(Number(u.id))).toBe(u.document_agency_id === fx.hospital);
	});

	it("orders one certificate's events of the same instant by id, a page of one row at a time", async () => {
		expect(await listed(fx.sytScope, { agency: String(fx.syt) }, 1)).toEqual(await expected(fx.syt));
	});

	it("narrows by the filter's agency, the scope and the event filters alike", async () => {
		expect(await listed(ALL, { agency: String(fx.hospital) })).toEqual(await expected(fx.hospital));
		expect(await listed(fx.sytScope, { agency: String(fx.hospital) }, 5)).toEqual(
			await expected(fx.hospital)
		);
		// An agency outside the officer's scope shows nothing, as does one that does not exist.
		expect(await listed(fx.sytScope, { agency: String(fx.skhcn) })).toEqual([]);
		expect(await listed(ALL, { agency: '999999' })).toEqual([]);
		const qlvb = await expected(fx.syt, { channel: 'qlvb' });
		expect(qlvb.length).toBeGreaterThan(0);
		expect(await listed(fx.sytScope, { channel: 'qlvb' })).toEqual(qlvb);
		expect(await listed(fx.sytScope, { form: 'own' }, 11)).toEqual(await expected(fx.syt, { form: 'own' }));
		expect(await listed(ALL, {}, 50)).toEqual(await expected(null));
	});

	it('gives the same list when the agency holds more certificates than are read one by one', async () => {
		const before = await listed(fx.sytScope, {});
		const extra = Array.from({ length: PER_CERTIFICATE_MAX + 1 }, (_, i) => ({
			fingerprint_sha256: `cd${i.toString(16).padStart(6, '0')}`.padEnd(64, '0'),
			serial_number: `7f${i.toString(16).padStart(6, '0')}`,
			issuer_dn: 'CN=CA thử',
			subject_dn: `CN=Cán bộ ${i}`,
			subject_cn: `Cán bộ ${i}`,
			kind: 'individual' as const,
			agency_id: fx.syt,
			not_before: new Date(NOW.getTime() - 100 * DAY),
			not_after: new Date(NOW.getTime() + 100 * DAY),
			der: new Uint8Array([i & 0xff])
		}));
		await h.db.insertInto('certificates').values(extra).execute();
		const held = await sql<{ n: number }>`
			select count(*)::int as n from certificates
			where agency_id in (select id from agencies where path like ${fx.sytScope.kind === 'subtree' ? fx.sytScope.path : ''} || '%')`.execute(
			h.db
		);
		expect(held.rows[0]!.n).toBeGreaterThan(PER_CERTIFICATE_MAX);
		expect(await listed(fx.sytScope, {})).toEqual(before);
		expect(before).toEqual(await expected(fx.syt));
	});
});
