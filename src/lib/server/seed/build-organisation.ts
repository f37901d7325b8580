// Builds the agency tree and its people (posts, clerks appointed per Điều 8.3, departures) for a given scale.
import {
	COMMUNES,
	CORE_LOCALITIES,
	DEPARTMENTS,
	DEPARTMENT_UNITS,
	PROVINCE,
	SCHOOL_KINDS,
	WARDS,
	placeCode,
	type AgencySpec
} from './agencies-data';
import { emailLocalPart, postsFor, vietnameseName } from './people-data';
import { Prng } from './prng';
import { addDays } from './calendar';
import { vietnamDay } from '../../time/vietnam';
import type { WAgency, WPerson, World } from './world';

const DOC_CODES: Record<string, string> = {
	SGDDT: 'SGDĐT',
	TTT: 'TTr',
	SNGV: 'SNgV',
	BQLKCN: 'BQL',
	VPUBND: 'VP'
};

interface Selected extends AgencySpec {
	isSchool?: boolean;
}

/** The agencies of a scale: the core ones always, the rest in a fixed order up to the scale's share. */
export function selectAgencies(scale: number, seed: number): Selected[] {
	const share = Math.min(scale, 1);
	const depts = DEPARTMENTS.filter((d, i) => d.core || i < Math.round(DEPARTMENTS.length * share));
	const deptCodes = new Set(depts.map((d) => d.code));
	const nonCoreUnits = DEPARTMENT_UNITS.filter((u) => !u.core && deptCodes.has(u.parent!));
	const units = [
		...DEPARTMENT_UNITS.filter((u) => u.core),
		...nonCoreUnits.slice(0, Math.round(DEPARTMENT_UNITS.length * share))
	];
	const prng = Prng.derive(seed, 'localities');
	const others = prng.shuffle([...WARDS, ...COMMUNES].filter((n) => !CORE_LOCALITIES.includes(n)));
	const places = [...CORE_LOCALITIES, ...others].slice(0, Math.max(4, Math.round(102 * share)));
	const codes = new Set<string>();
	const localities: Selected[] = places.map((p) => {
		const ward = WARDS.includes(p);
		let code = `${ward ? 'P' : 'X'}-${placeCode(p)}`;
		// "Tân Thành" and "Tân Thạnh" fold to the same letters.
		while (codes.has(code)) code += '2';
		codes.add(code);
		return {
			code,
			name: `Ủy ban nhân dân ${ward ? 'phường' : 'xã'} ${p}`,
			shortName: `UBND ${ward ? 'phường' : 'xã'} ${p}`,
			kind: ward ? 'ward' : 'commune',
			parent: PROVINCE.code,
			volume: ward ? 1.1 : 0.8
		};
	});
	// Schools run by the communes; larger scales add many more (for benchmarks).
	const schoolCount = scale <= 1 ? Math.round(40 * scale) : 40 + Math.round(470 * (scale - 1));
	const schools: Selected[] = [];
	for (let i = 0; i < schoolCount; i++) {
		const home = localities[i % localities.length]!;
		const place = home.shortName!.replace(/^UBND (xã|phường) /, '');
		const kind = SCHOOL_KINDS[Math.floor(i / localities.length) % SCHOOL_KINDS.length]!;
		const round = Math.floor(i / (localities.length * SCHOOL_KINDS.length));
		schools.push({
			code: `${home.code}-${['MN', 'TH', 'THCS'][SCHOOL_KINDS.indexOf(kind)]}${round ? round + 1 : ''}`,
			name: `${kind} ${place}${round ? ` ${round + 1}` : ''}`,
			kind: 'unit',
			parent: home.code,
			// Benchmark scales need about 200,000 events per unit of scale: the added schools sign more.
			volume: i < 40 ? 0.15 : 0.42,
			isSchool: true
		});
	}
	return [
		PROVINCE,
		...depts.map((d) => ({ ...d, parent: PROVINCE.code })),
		...units,
		...localities,
		...schools
	];
}

export function buildAgencies(world: World, specs: Selected[]): Map<number, Selected> {
	const byCode = new Map<string, WAgency>();
	const specOf = new Map<number, Selected>();
	specs.forEach((s, i) => {
		const id = i + 1;
		const parent = s.parent ? byCode.get(s.parent) : undefined;
		if (s.parent && !parent) throw new Error(`parent ${s.parent} of ${s.code} missing`);
		const a: WAgency = {
			id,
			code: s.code,
			name: s.name,
			shortName: s.shortName ?? null,
			kind: s.kind,
			parentId: parent?.id ?? null,
			path: `${parent?.path ?? '/'}${id}/`,
			volume: s.volume,
			docCode:
				s.kind === 'province' || s.kind === 'commune' || s.kind === 'ward'
					? 'UBND'
					: (DOC_CODES[s.code] ?? s.code),
			superior: !parent || parent.kind === 'province' ? 'UBND tỉnh Đồng Tháp' : parent.name
		};
		byCode.set(s.code, a);
		specOf.set(id, s);
		world.agencies.push(a);
	});
	return specOf;
}

/** Official e-mail domain of an agency (demo): sokhcn → skhcn.dongthap.gov.vn. */
export function mailDomain(a: WAgency): string {
	return `${a.code.toLowerCase().replace(/[^a-z0-9]/g, '')}.dongthap.gov.vn`;
}

export function newPerson(
	world: World,
	prng: Prng,
	a: WAgency,
	title: string,
	role: WPerson['role'],
	fullName?: string
): WPerson {
	const id = world.next.person++;
	const name = fullName ?? vietnameseName(prng);
	const p: WPerson = {
		id,
		agencyId: a.id,
		fullName: name,
		title,
		role,
		email: `${emailLocalPart(name)}${id}@${mailDomain(a)}`,
		nationalId: `0${prng.pick(['82', '87'])}${String(prng.int(0, 9999999999)).padStart(10, '0')}`.slice(
			0,
			12
		),
		status: 'active',
		statusSince: null
	};
	world.people.push(p);
	return p;
}

/**
 * People of every agency: its posts, its clerk (with a hand-over to a new clerk in about a quarter of agencies),
 * and leaders who left during the window (retired or transferred) and whose certificates were revoked.
 */
export function buildPeople(world: World, seed: number, specOf: Map<number, Selected>): void {
	for (const a of world.agencies) {
		const prng = Prng.derive(seed, `people:${a.code}`);
		const posts = postsFor(a.kind, specOf.get(a.id)?.isSchool ?? false);
		for (const post of posts)
			for (let k = 0; k < post.count; k++) newPerson(world, prng, a, post.title, post.role);

		const clerk = world.people[world.people.length - 1]!;
		const firstAppointed = addDays(world.windowStart, -prng.int(200, 1500));
		if (prng.chance(0.25)) {
			// A clerk change inside the window: the former clerk moved to another agency.
			const change = addDays(world.windowStart, prng.int(60, 650));
			const former = newPerson(world, prng, a, 'Văn thư', 'clerk');
			former.status = 'transferred';
			former.statusSince = vietnamDay(change);
			world.clerks.push({
				agencyId: a.id,
				personId: former.id,
				certificateId: null,
				decisionNumber: decision(prng, a),
				appointedOn: vietnamDay(firstAppointed),
				endedOn: vietnamDay(change)
			});
			world.clerks.push({
				agencyId: a.id,
				personId: clerk.id,
				certificateId: null,
				decisionNumber: decision(prng, a),
				appointedOn: vietnamDay(change),
				endedOn: null
			});
		} else {
			world.clerks.push({
				agencyId: a.id,
				personId: clerk.id,
				certificateId: null,
				decisionNumber: decision(prng, a),
				appointedOn: vietnamDay(firstAppointed),
				endedOn: null
			});
		}

		if (a.kind !== 'unit' && prng.chance(0.35)) {
			const leftOn = addDays(world.windowStart, prng.int(90, 680));
			const post = posts.find((p) => p.role === 'deputy') ?? posts[0]!;
			const gone = newPerson(world, prng, a, post.title, post.role);
			gone.status = prng.chance(0.5) ? 'retired' : 'transferred';
			gone.statusSince = vietnamDay(leftOn);
		}
	}
}

function decision(prng: Prng, a: WAgency): string {
	return `${prng.int(5, 480)}/QĐ-${a.docCode}`;
}
