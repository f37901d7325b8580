// Plans the whole demo world in memory for a scale, a seed and a day.
import { HolidayCalendar, addDays } from './calendar';
import { vietnamDay } from '../../time/vietnam';
import { buildAgencies, buildPeople, selectAgencies } from './build-organisation';
import { buildBaseCertificates, type CertContext } from './build-certificates';
import { Prng } from './prng';
import type { World } from './world';
import { plantCases, type PlantedEvents } from './build-planted';

/** Two years of history up to the day before `today`. */
export const WINDOW_DAYS = 730;

export function buildWorld(
	scale: number,
	seed: number,
	today: Date
): { world: World; plantedEvents: PlantedEvents } {
	const world: World = {
		today,
		windowStart: addDays(today, -WINDOW_DAYS),
		agencies: [],
		people: [],
		certificates: [],
		tokens: [],
		custody: [],
		requests: [],
		clerks: [],
		agencyEvents: [],
		positionChanges: [],
		next: { person: 1, certificate: 1, token: 1, request: 1, serial: 1 }
	};
	const specOf = buildAgencies(world, selectAgencies(scale, seed));
	buildPeople(world, seed, specOf);
	const year = Number(vietnamDay(today).slice(0, 4));
	const ctx: CertContext = {
		world,
		prng: Prng.derive(seed, 'certificates'),
		cal: new HolidayCalendar(year - 8, year + 1),
		agencyOf: new Map(world.agencies.map((a) => [a.id, a] as const))
	};
	buildBaseCertificates(ctx);
	const plantedEvents = plantCases(ctx);
	return { world, plantedEvents };
}
