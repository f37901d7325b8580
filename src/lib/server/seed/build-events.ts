// Two years of clean signing events: documents signed by the competent person (own, KT., TL., TUQ.) with their own
// certificate under their own title, then by the clerk with the organisation certificate (Decree 30 Art. 32),
// attachments and copies, results of administrative procedures (DVC), a few incoming documents with their
// verification result. Weekly rhythm (none on Sundays), few on holidays and Tết, office hours only.
import { Prng } from './prng';
import { HolidayCalendar, addDays } from './calendar';
import { vietnamDay, vietnamWeekday } from '../../time/vietnam';
import { groupBy } from './build-certificates';
import { SOURCE_SYSTEM, type EventRow, type EventSink } from './event-sink';
import type { SignerRole, WAgency, WCertificate, WClerk, WPerson, World } from './world';

/** Below scale 1 the core agencies stay, so their volume shrinks too, keeping small seeds small. */
export function volumeFactor(scale: number): number {
	return scale >= 1 ? 1 : Math.max(0.25, Math.sqrt(scale));
}

interface Signer {
	person: WPerson;
	certs: WCertificate[];
}

// The weights below are module constants: drawn millions of times, a literal per draw was a good part of
// the generator's garbage.
const DOCUMENT_TYPES = [
	['CV', 0.45],
	['QĐ', 0.2],
	['TB', 0.1],
	['KH', 0.08],
	['BC', 0.1],
	['TTr', 0.04],
	['GM', 0.03]
] as const;
const CHANNELS = [
	['qlvb', 0.88],
	['email', 0.07],
	['portal', 0.05]
] as const;
const INDICATIONS = [
	['TOTAL_PASSED', 0.95],
	['TOTAL_FAILED', 0.03],
	['INDETERMINATE', 0.02]
] as const;

/** Document numbers run from 01 each 1 January, per agency (Decree 30 Art. 15). */
export class DocumentNumbers {
	private readonly counters = new Map<string, number>();

	next(agency: WAgency, at: Date, prng: Prng, form: EventRow['signingForm']): string {
		const year = vietnamDay(at).slice(0, 4);
		const key = `${agency.id}:${year}`;
		const n = (this.counters.get(key) ?? 0) + 1;
		this.counters.set(key, n);
		const num = String(n).padStart(2, '0');
		const type = prng.weighted(DOCUMENT_TYPES);
		if (type === 'CV') return `${num}/${agency.docCode}-${form === 'own' ? 'VP' : 'VP'}`;
		if (type === 'QĐ' && agency.kind === 'province' && prng.chance(0.1)) return `${num}/${year}/QĐ-UBND`;
		return `${num}/${type}-${agency.docCode}`;
	}
}

export function certAt(certs: WCertificate[], t: Date): WCertificate | undefined {
	const ms = t.getTime();
	return certs.find(
		(c) =>
			c.useFrom.getTime() <= ms &&
			ms < c.useUntil.getTime() &&
			!c.blackouts.some(([a, b]) => a.getTime() <= ms && ms < b.getTime())
	);
}

function officeTime(prng: Prng, midnight: Date): Date {
	const morning = prng.chance(0.6);
	const minutes = morning ? prng.int(7 * 60 + 30, 11 * 60 + 15) : prng.int(13 * 60 + 30, 16 * 60 + 50);
	return new Date(midnight.getTime() + (minutes * 60 + prng.int(0, 59)) * 1000);
}

const FORM_OF: Partial<Record<SignerRole, EventRow['signingForm']>> = {
	head: 'own',
	deputy: 'kt',
	office_chief: 'tl',
	section_head: 'tuq',
	staff: 'own'
};

export class SourceIds {
	private n = 0;
	next(prefix: string): string {
		return `${prefix}${String(++this.n).padStart(9, '0')}`;
	}
}

export interface EventContext {
	world: World;
	cal: HolidayCalendar;
	sink: EventSink;
	numbers: DocumentNumbers;
	ids: SourceIds;
	seed: number;
	scale: number;
}

export async function buildBaseEvents(ctx: EventContext): Promise<void> {
	const { world } = ctx;
	const certsByPerson = groupBy(
		world.certificates.filter((c) => c.kind === 'individual' && c.personId),
		(c) => c.personId!
	);
	const orgCerts = groupBy(
		world.certificates.filter((c) => c.kind === 'organisation'),
		(c) => c.agencyId
	);
	const peopleByAgency = groupBy(world.people, (p) => p.agencyId);
	const clerksOf = groupBy(world.clerks, (c) => c.agencyId);
	const people = new Map(world.people.map((p) => [p.id, p] as const));
	for (const a of world.agencies) {
		const signers = (peopleByAgency.get(a.id) ?? [])
			.filter((p) => FORM_OF[p.role])
			.map((p) => ({ person: p, certs: certsByPerson.get(p.id) ?? [] }));
		// Generated synchronously per agency (an await per event cost more than making it), the sink settled between.
		await ctx.sink.settle();
		agencyEvents(ctx, a, signers, orgCerts.get(a.id) ?? [], clerksOf.get(a.id) ?? [], people, ctx.sink);
	}
}

function dayFactor(cal: HolidayCalendar, day: Date): number {
	const wd = vietnamWeekday(day);
	if (wd === 0) return 0;
	if (cal.isHoliday(day)) return 0.03;
	if (wd === 6) return 0.06;
	const month = Number(vietnamDay(day).slice(5, 7));
	return month === 12 ? 1.25 : month === 1 ? 1.1 : 1;
}

function agencyEvents(
	ctx: EventContext,
	a: WAgency,
	signers: Signer[],
	orgCerts: WCertificate[],
	clerks: WClerk[],
	people: Map<number, WPerson>,
	out: Pick<EventSink, 'push'>
): void {
	const { world, cal, numbers, ids } = ctx;
	const prng = Prng.derive(ctx.seed, `events:${a.code}`);
	const changeDays = new Set(clerks.filter((c) => c.endedOn).map((c) => c.endedOn!));
	const signersOf = new Map<SignerRole, Signer[]>();
	const byRole = (role: SignerRole) => {
		let list = signersOf.get(role);
		if (!list) signersOf.set(role, (list = signers.filter((s) => s.person.role === role)));
		return list;
	};
	const roles: [SignerRole, number][] =
		a.kind === 'commune' || a.kind === 'ward'
			? [
					['head', 0.35],
					['deputy', 0.5],
					['office_chief', 0.15]
				]
			: [
					['head', 0.35],
					['deputy', 0.4],
					['office_chief', 0.15],
					['section_head', 0.1]
				];
	const staff = byRole('staff');
	const dvcMean = a.kind === 'commune' || a.kind === 'ward' ? 0.5 : a.code === 'TTDVHCC' ? 1.5 : 0;

	for (let day = world.windowStart; day < world.today; day = addDays(day, 1)) {
		const f = dayFactor(cal, day);
		if (f === 0) continue;
		const dayText = vietnamDay(day);
		const clerk = clerks.find((c) => c.appointedOn <= dayText && (!c.endedOn || dayText < c.endedOn));
		const orgUsable = clerk && !changeDays.has(dayText);
		const docs = prng.poisson(a.volume * volumeFactor(ctx.scale) * f);
		for (let k = 0; k < docs; k++) {
			const t = officeTime(prng, day);
			const role = prng.weighted(roles);
			const candidates = byRole(role).filter((s) => certAt(s.certs, t));
			if (!candidates.length) continue;
			const s = prng.pick(candidates);
			const cert = certAt(s.certs, t)!;
			const form = FORM_OF[role]!;
			const number = numbers.next(a, t, prng, form);
			const channel = prng.weighted(CHANNELS);
			out.push({
				signedAt: t,
				certificateId: cert.id,
				actingPersonId: s.person.id,
				actingTitle: s.person.title,
				signingForm: form,
				documentNumber: number,
				documentAgencyId: a.id,
				channel,
				sourceSystem: SOURCE_SYSTEM[channel],
				sourceId: ids.next('VB')
			});
			if (!orgUsable) continue;
			clerkEvents(
				ctx,
				prng,
				a,
				orgCerts,
				people.get(clerk.personId)!,
				new Date(t.getTime() + prng.int(180, 1500) * 1000),
				number,
				channel,
				out
			);
		}
		// Results of administrative procedures: signed by the competent civil servant, then sealed by the clerk.
		const dvc = dvcMean ? prng.poisson(dvcMean * volumeFactor(ctx.scale) * f) : 0;
		for (let k = 0; k < dvc; k++) {
			const t = officeTime(prng, day);
			const s = staff.length ? prng.pick(staff) : undefined;
			const cert = s && certAt(s.certs, t);
			if (!s || !cert) continue;
			const number = numbers.next(a, t, prng, 'own');
			out.push({
				signedAt: t,
				certificateId: cert.id,
				actingPersonId: s.person.id,
				actingTitle: s.person.title,
				signingForm: 'own',
				documentNumber: number,
				documentAgencyId: a.id,
				channel: 'dvc',
				sourceSystem: SOURCE_SYSTEM.dvc,
				sourceId: ids.next('HS')
			});
			if (orgUsable)
				clerkEvents(
					ctx,
					prng,
					a,
					orgCerts,
					people.get(clerk.personId)!,
					new Date(t.getTime() + prng.int(120, 900) * 1000),
					number,
					'dvc',
					out
				);
		}
		// Department staff sign some e-mails with their own certificate.
		for (const s of staff) {
			if (a.kind !== 'department' || !prng.chance(0.08 * f)) continue;
			const t = officeTime(prng, day);
			const cert = certAt(s.certs, t);
			if (cert)
				out.push({
					signedAt: t,
					certificateId: cert.id,
					actingPersonId: s.person.id,
					actingTitle: s.person.title,
					signingForm: 'own',
					documentNumber: null,
					documentAgencyId: a.id,
					channel: 'email',
					sourceSystem: SOURCE_SYSTEM.email,
					sourceId: ids.next('EM')
				});
		}
	}
}

/** The clerk's organisation signature, sometimes an attachment and a copy, and sometimes its receipt elsewhere. */
function clerkEvents(
	ctx: EventContext,
	prng: Prng,
	a: WAgency,
	orgCerts: WCertificate[],
	clerk: WPerson,
	t: Date,
	number: string,
	channel: EventRow['channel'],
	out: Pick<EventSink, 'push'>
): void {
	const { ids } = ctx;
	const cert = certAt(orgCerts, t);
	if (!cert) return;
	const base = {
		certificateId: cert.id,
		actingPersonId: clerk.id,
		actingTitle: clerk.title,
		documentNumber: number,
		documentAgencyId: a.id,
		channel,
		sourceSystem: SOURCE_SYSTEM[channel]
	};
	out.push({ ...base, signedAt: t, signingForm: 'org', sourceId: ids.next('VB') });
	if (prng.chance(0.08))
		out.push({
			...base,
			signedAt: new Date(t.getTime() + prng.int(60, 240) * 1000),
			signingForm: 'attachment',
			sourceId: ids.next('VB')
		});
	if (prng.chance(0.03))
		out.push({
			...base,
			signedAt: new Date(t.getTime() + prng.int(600, 3000) * 1000),
			signingForm: 'copy',
			sourceId: ids.next('VB')
		});
	if (channel === 'qlvb' && prng.chance(0.06)) {
		const indication = prng.weighted(INDICATIONS);
		out.push({
			...base,
			signedAt: t,
			signingForm: 'org',
			direction: 'incoming',
			incomingIndication: indication,
			accepted: indication === 'TOTAL_PASSED',
			sourceId: ids.next('DEN')
		});
	}
}
