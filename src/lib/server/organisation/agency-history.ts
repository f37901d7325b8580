// An agency's history as its page shows it: its agency_events newest first, each read into what a
// sentence needs (old and new names, the parents before and after, the agency it merged into or
// absorbed), with the related agencies named by their current name and linked by id.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { MergeMode } from './agency-input';

export interface AgencyRef {
	/** null when no agency has that code any more (cannot happen while agencies are never deleted). */
	id: number | null;
	code: string;
	name: string;
}

export interface AgencyHistoryEntry {
	id: number;
	kind: Database['agency_events']['kind'];
	effectiveOn: string;
	decisionNumber: string | null;
	recordedBy: string;
	recordedAt: Date;
	/** Names before and after (renamed, created). */
	name: [string | null, string | null] | null;
	shortName: [string | null, string | null] | null;
	/** Parents before and after (moved, created, merged as a unit). */
	fromParent: AgencyRef | null;
	toParent: AgencyRef | null;
	/** The agency merged into (merged, and a unit moved by a merge) or absorbed (absorbed). */
	other: AgencyRef | null;
	mode: MergeMode | null;
	unitsMoved: AgencyRef[];
	peopleMoved: number | null;
}

type Details = Record<string, unknown>;

const pair = (d: Details, key: string): [string | null, string | null] | null => {
	const v = d[key];
	if (!Array.isArray(v) || v.length !== 2) return null;
	const s = (x: unknown) => (typeof x === 'string' ? x : null);
	return [s(v[0]), s(v[1])];
};
const str = (d: Details, key: string) => (typeof d[key] === 'string' ? (d[key] as string) : null);

/** The codes of other agencies an event's details name. */
function codesIn(d: Details): string[] {
	const parents = pair(d, 'parent_code') ?? [null, null];
	const units = Array.isArray(d.units_moved) ? d.units_moved.filter((c) => typeof c === 'string') : [];
	return [...parents, str(d, 'merged_into'), str(d, 'absorbed'), ...units].filter(
		(c): c is string => c !== null
	);
}

export async function agencyHistory(db: Kysely<Database>, agencyId: number): Promise<AgencyHistoryEntry[]> {
	const events = await db
		.selectFrom('agency_events')
		.select(['id', 'kind', 'effective_on', 'decision_number', 'recorded_by', 'recorded_at', 'details'])
		.where('agency_id', '=', agencyId)
		.orderBy('effective_on', 'desc')
		.orderBy('id', 'desc')
		.limit(500)
		.execute();
	const detailsOf = (raw: unknown): Details => {
		const v = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Details) : {};
	};
	const parsed = events.map((e) => ({ ...e, d: detailsOf(e.details) }));
	const codes = [...new Set(parsed.flatMap((e) => codesIn(e.d)))];
	const agencies =
		codes.length > 0
			? await db.selectFrom('agencies').select(['id', 'code', 'name']).where('code', 'in', codes).execute()
			: [];
	const byCode = new Map(agencies.map((a) => [a.code, a]));
	const ref = (code: string | null): AgencyRef | null => {
		if (code === null) return null;
		const a = byCode.get(code);
		return a ? { id: a.id, code, name: a.name } : { id: null, code, name: code };
	};
	return parsed.map(({ d, ...e }) => {
		const parents = pair(d, 'parent_code');
		const mode = d.mode === 'units' || d.mode === 'absorbed' ? d.mode : null;
		const units = Array.isArray(d.units_moved) ? d.units_moved : [];
		return {
			id: e.id,
			kind: e.kind,
			effectiveOn: e.effective_on,
			decisionNumber: e.decision_number,
			recordedBy: e.recorded_by,
			recordedAt: e.recorded_at,
			name: pair(d, 'name'),
			shortName: pair(d, 'short_name'),
			fromParent: ref(parents?.[0] ?? null),
			toParent: ref(parents?.[1] ?? null),
			other: ref(str(d, 'merged_into') ?? str(d, 'absorbed')),
			mode,
			unitsMoved: units.filter((c): c is string => typeof c === 'string').map((c) => ref(c)!),
			peopleMoved: typeof d.people_moved === 'number' ? d.people_moved : null
		};
	});
}
