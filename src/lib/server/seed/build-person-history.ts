// The dated history of the demo people (person_positions, person_status_history), derived from the
// world after everything is planned: the migration's backfill ran on an empty database, and the dated
// misuse rules read posts, not the current title. Every post starts before anything its holder did
// (their certificates, their clerk appointments, the events window), so the base data stays clean;
// a person who left has their post closed the day before and a second status from that day. Some
// deputies were promoted from head of a section before their current certificate: history to show,
// never under a signature.
import { addDays as addCalendarDays, vietnamDay } from '../../time/vietnam';
import type { World } from './world';

export interface WPosition {
	personId: number;
	agencyId: number;
	title: string;
	validFrom: string;
	validTo: string | null;
	decisionNumber: string | null;
}

export interface WStatus {
	personId: number;
	status: 'active' | 'transferred' | 'retired' | 'resigned' | 'deceased';
	since: string;
}

const dayBefore = (day: string) => addCalendarDays(day, -1);

export function buildPersonHistory(world: World): { positions: WPosition[]; statuses: WStatus[] } {
	const earliest = new Map<number, string>();
	const note = (personId: number | null, day: string) => {
		if (personId === null) return;
		const cur = earliest.get(personId);
		if (cur === undefined || day < cur) earliest.set(personId, day);
	};
	for (const c of world.certificates) note(c.personId, vietnamDay(c.notBefore));
	for (const a of world.clerks) note(a.personId, a.appointedOn);
	const docCode = new Map(world.agencies.map((a) => [a.id, a.docCode] as const));
	const windowStart = vietnamDay(world.windowStart);
	const changes = new Map(world.positionChanges.map((c) => [c.personId, c] as const));

	const positions: WPosition[] = [];
	const statuses: WStatus[] = [];
	for (const p of world.people) {
		const first = [earliest.get(p.id) ?? windowStart, windowStart].sort()[0]!;
		// Deterministic spread of start dates: from 30 days to about four years before the first need.
		const start = addCalendarDays(first, -(30 + ((p.id * 7919) % 1430)));
		const decision = `${(p.id % 470) + 5}/QĐ-${docCode.get(p.agencyId) ?? 'UBND'}`;
		if (p.role === 'deputy' && p.id % 5 === 0) {
			const earlier = addCalendarDays(start, -(400 + (p.id % 900)));
			positions.push({
				personId: p.id,
				agencyId: p.agencyId,
				title: 'Trưởng phòng',
				validFrom: earlier,
				validTo: dayBefore(start),
				decisionNumber: null
			});
			statuses.push({ personId: p.id, status: 'active', since: earlier });
		} else statuses.push({ personId: p.id, status: 'active', since: start });
		const left = p.status !== 'active' && p.statusSince !== null;
		// A planted change of title: the earlier post up to the day before.
		const change = changes.get(p.id);
		if (change && change.on > start)
			positions.push({
				personId: p.id,
				agencyId: p.agencyId,
				title: change.previousTitle,
				validFrom: start,
				validTo: dayBefore(change.on),
				decisionNumber: decision
			});
		positions.push({
			personId: p.id,
			agencyId: p.agencyId,
			title: p.title,
			validFrom: change && change.on > start ? change.on : start,
			validTo: left ? dayBefore(p.statusSince!) : null,
			decisionNumber: decision
		});
		if (left) statuses.push({ personId: p.id, status: p.status, since: p.statusSince! });
	}
	return { positions, statuses };
}
