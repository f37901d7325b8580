// The agency tree with its counts, the agency choices for filters, and the "audit an agency"
// page: people, clerk appointments, certificates, devices and findings of one agency.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { inAgencySubtree } from './filters';

export interface AgencyOption {
	id: number;
	name: string;
	depth: number;
}

export interface AgencyCounts {
	certificatesInUse: number;
	people: number;
	tokens: number;
	openFindings: number;
}

export interface AgencyNode extends AgencyOption {
	code: string;
	kind: string;
	parent_id: number | null;
	path: string;
	/** False once merged away or dissolved (ended_on says since when); still listed, with its history. */
	active: boolean;
	ended_on: string | null;
	merged_into_id: number | null;
	own: AgencyCounts;
	/** The agency with all its sub-units. */
	subtree: AgencyCounts;
}

const depthOf = (path: string) => path.split('/').filter(Boolean).length - 1;

/** Agencies the viewer may see, in tree order (by path), for filter drop-downs. */
export async function agencyOptions(db: Kysely<Database>, scope: AgencyScope): Promise<AgencyOption[]> {
	const rows = await db
		.selectFrom('agencies as a')
		.select(['a.id', 'a.name', 'a.path'])
		.where(({ ref }) => inScope(scope, ref('a.id')))
		.where('a.kind', '<>', 'external')
		.orderBy('a.path')
		.execute();
	const minDepth = Math.min(...rows.map((r) => depthOf(r.path)));
	return rows.map((r) => ({ id: r.id, name: r.name, depth: depthOf(r.path) - minDepth }));
}

type CountRow = { agency_id: number | null; n: number };

function toMap(rows: CountRow[]): Map<number, number> {
	return new Map(rows.filter((r) => r.agency_id !== null).map((r) => [r.agency_id!, r.n]));
}

/** Every agency in scope with its own counts and its subtree's, siblings ordered by name. */
export async function agencyTree(db: Kysely<Database>, scope: AgencyScope): Promise<AgencyNode[]> {
	const [agencies, certs, people, tokens, findings] = await Promise.all([
		db
			.selectFrom('agencies as a')
			.select(['a.id', 'a.code', 'a.name', 'a.kind', 'a.parent_id', 'a.path'])
			.select(['a.active', 'a.ended_on', 'a.merged_into_id'])
			.where(({ ref }) => inScope(scope, ref('a.id')))
			.orderBy('a.path')
			.execute(),
		db
			.selectFrom('certificates as c')
			.select(['c.agency_id', sql<number>`count(*)::int`.as('n')])
			.where('c.status', '=', 'active')
			.where(({ ref }) => inScope(scope, ref('c.agency_id')))
			.groupBy('c.agency_id')
			.execute(),
		db
			.selectFrom('people as p')
			.select(['p.agency_id', sql<number>`count(*)::int`.as('n')])
			.where('p.status', '=', 'active')
			.where(({ ref }) => inScope(scope, ref('p.agency_id')))
			.groupBy('p.agency_id')
			.execute(),
		// The table behind token_holdings: its join with every device only adds devices no agency holds.
		db
			.selectFrom('token_custody_state as h')
			.select(['h.holder_agency_id as agency_id', sql<number>`count(*)::int`.as('n')])
			.where(({ ref }) => inScope(scope, ref('h.holder_agency_id')))
			.groupBy('h.holder_agency_id')
			.execute(),
		db
			.selectFrom('findings as f')
			.select(['f.agency_id', sql<number>`count(*)::int`.as('n')])
			.where('f.status', '<>', 'resolved')
			.where(({ ref }) => inScope(scope, ref('f.agency_id')))
			.groupBy('f.agency_id')
			.execute()
	]);
	const maps = {
		certificatesInUse: toMap(certs),
		people: toMap(people),
		tokens: toMap(tokens),
		openFindings: toMap(findings)
	};
	const keys = Object.keys(maps) as (keyof AgencyCounts)[];
	const nodes: AgencyNode[] = agencies.map((a) => {
		const own = Object.fromEntries(keys.map((k) => [k, maps[k].get(a.id) ?? 0])) as unknown as AgencyCounts;
		return { ...a, depth: depthOf(a.path), own, subtree: { ...own } };
	});
	// Roll counts up: every node adds its own counts to each ancestor present in the list.
	const byId = new Map(nodes.map((n) => [n.id, n]));
	for (const n of nodes) {
		const ancestors = n.path
			.split('/')
			.filter(Boolean)
			.map(Number)
			.filter((id) => id !== n.id);
		for (const id of ancestors) {
			const anc = byId.get(id);
			if (anc) for (const k of keys) anc.subtree[k] += n.own[k];
		}
	}
	const minDepth = Math.min(...nodes.map((n) => n.depth));
	for (const n of nodes) n.depth -= minDepth;
	return sortTree(nodes);
}

/** Depth-first order with siblings by name (the path order sorts by id, which users do not read); a
 * node whose parent is not in the list is a root. */
export function sortTree<T extends { id: number; parent_id: number | null; name: string }>(nodes: T[]): T[] {
	const ids = new Set(nodes.map((n) => n.id));
	const children = new Map<number | null, T[]>();
	for (const n of nodes) {
		const parent = n.parent_id !== null && ids.has(n.parent_id) ? n.parent_id : null;
		const siblings = children.get(parent);
		if (siblings) siblings.push(n);
		else children.set(parent, [n]);
	}
	const out: T[] = [];
	const visit = (parent: number | null) => {
		for (const n of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
			out.push(n);
			visit(n.id);
		}
	};
	visit(null);
	return out;
}

export async function getAgency(db: Kysely<Database>, scope: AgencyScope, id: number) {
	const row = await db
		.selectFrom('agencies as a')
		.leftJoin('agencies as parent', 'parent.id', 'a.parent_id')
		.leftJoin('agencies as merged', 'merged.id', 'a.merged_into_id')
		.select([
			'a.id',
			'a.code',
			'a.name',
			'a.short_name',
			'a.kind',
			'a.path',
			'a.active',
			'a.parent_id',
			'parent.name as parent_name',
			'a.ended_on',
			'a.merged_into_id',
			'merged.name as merged_into_name'
		])
		.where('a.id', '=', id)
		.where(({ ref }) => inScope(scope, ref('a.id')))
		.executeTakeFirst();
	return row ?? null;
}

/** The lists of the agency audit page; the caller has checked the agency is in scope. */
export async function agencyAuditLists(db: Kysely<Database>, agencyId: number) {
	const sub = (col: Parameters<typeof sql.ref>[0]) => inAgencySubtree(agencyId, sql.ref(col));
	const [people, clerks, certificates, tokens, findings] = await Promise.all([
		db
			.selectFrom('people as p')
			.select(['p.id', 'p.full_name', 'p.title', 'p.status', 'p.status_since', 'p.email'])
			.where('p.agency_id', '=', agencyId)
			.orderBy('p.full_name')
			.limit(500)
			.execute(),
		db
			.selectFrom('clerk_appointments as ca')
			.innerJoin('people as p', 'p.id', 'ca.person_id')
			.leftJoin('certificates as c', 'c.id', 'ca.certificate_id')
			.select([
				'ca.id',
				'p.full_name',
				'p.title',
				'ca.decision_number',
				'ca.appointed_on',
				'ca.ended_on',
				'ca.certificate_id',
				'c.subject_cn'
			])
			.where('ca.agency_id', '=', agencyId)
			.orderBy('ca.appointed_on', 'desc')
			.execute(),
		db
			.selectFrom('certificates as c')
			.leftJoin('people as p', 'p.id', 'c.person_id')
			.select(['c.id', 'c.subject_cn', 'c.kind', 'c.status', 'c.not_after', 'p.full_name as person_name'])
			.where('c.agency_id', '=', agencyId)
			.orderBy('c.status')
			.orderBy('c.not_after')
			.limit(200)
			.execute(),
		db
			.selectFrom('tokens as t')
			.innerJoin('token_holdings as h', 'h.token_id', 't.id')
			.leftJoin('people as p', 'p.id', 'h.holder_person_id')
			.select(['t.id', 't.serial', 't.device_type', 'h.status', 'p.full_name as holder_person_name'])
			.where('h.holder_agency_id', '=', agencyId)
			.orderBy('t.serial')
			.limit(200)
			.execute(),
		db
			.selectFrom('findings as f')
			.leftJoin('agencies as a', 'a.id', 'f.agency_id')
			.select([
				'f.id',
				'f.kind',
				'f.severity',
				'f.legal_basis',
				'f.summary',
				'f.status',
				'f.first_seen_at',
				'a.name as agency_name'
			])
			.where(sub('f.agency_id'))
			.where('f.status', '<>', 'resolved')
			.orderBy('f.first_seen_at', 'desc')
			.limit(200)
			.execute()
	]);
	return { people, clerks, certificates, tokens, findings };
}

/** The subtree scope of `agencyId` if the viewer may see it, else null. */
export async function narrowScope(
	db: Kysely<Database>,
	scope: AgencyScope,
	agencyId: number
): Promise<AgencyScope | null> {
	const a = await getAgency(db, scope, agencyId);
	return a ? { kind: 'subtree', agencyId: a.id, path: a.path } : null;
}
