// The demo data's issuing desk: new key devices (with their first hand-over), certificate serials,
// certificates, lifecycle requests and revocations, each written into the world. The holders'
// certificate histories (build-certificates.ts) and the planted problems (build-planted.ts) use them.
import { Prng } from './prng';
import { DAY_MS, HolidayCalendar, addDays, atTime } from './calendar';
import { startOfVietnamDay } from '../../time/vietnam';
import type { WAgency, WCertificate, WCustody, WPerson, WRequest, WToken, World } from './world';

export const VALIDITY = { individual: 1095, organisation: 1825, renewal: 1090 } as const;

export interface CertContext {
	world: World;
	prng: Prng;
	cal: HolidayCalendar;
	agencyOf: Map<number, WAgency>;
}

/** A device issued to its first holder in the afternoon of `at`'s day. */
export function newToken(
	ctx: CertContext,
	agencyId: number,
	holderPersonId: number | null,
	at: Date
): WToken {
	const id = ctx.world.next.token++;
	const bit4id = ctx.prng.chance(0.7);
	const issue: WCustody = {
		tokenId: id,
		event: 'issued',
		occurredAt: issueTime(at),
		fromPersonId: null,
		toPersonId: holderPersonId,
		agencyId,
		form: 'Biên bản bàn giao',
		note: 'Bàn giao thiết bị lưu khóa bí mật cho thuê bao'
	};
	const t: WToken = {
		id,
		serial: bit4id
			? `TMEVO${String(21000000 + id * 7).padStart(9, '0')}`
			: `0262${(0x1a0000 + id * 13).toString(16).toUpperCase().padStart(8, '0')}`,
		model: bit4id ? 'Bit4id TokenME EVO' : 'SafeNet eToken 5110',
		maxPinRetries: bit4id ? 10 : 15,
		issue
	};
	ctx.world.tokens.push(t);
	ctx.world.custody.push(issue);
	return t;
}

export const issueTime = (at: Date) => atTime(startOfVietnamDay(at), 14, 30);

export function nextSerial(ctx: CertContext): string {
	const n = ctx.world.next.serial++;
	let rand = '';
	for (let i = 0; i < 5; i++)
		rand += Math.floor(ctx.prng.next() * 0x10000)
			.toString(16)
			.padStart(4, '0');
	return `54${n.toString(16).padStart(8, '0')}${rand}`;
}

export interface CertSpec {
	kind: 'organisation' | 'individual';
	agency: WAgency;
	person: WPerson | null;
	notBefore: Date;
	validityDays: number;
	tokenId: number;
	renewalOfId?: number | null;
	issuer?: 'government' | 'public';
}

export function newCertificate(ctx: CertContext, s: CertSpec): WCertificate {
	const id = ctx.world.next.certificate++;
	const notAfter = new Date(s.notBefore.getTime() + s.validityDays * DAY_MS);
	const subject =
		s.kind === 'organisation'
			? { cn: s.agency.name, o: s.agency.superior, l: 'Đồng Tháp' }
			: {
					cn: s.person!.fullName,
					title: s.person!.title,
					ou: s.agency.name,
					o: s.agency.superior,
					l: 'Đồng Tháp',
					email: s.person!.email,
					uid: `CCCD:${s.person!.nationalId}`
				};
	const c: WCertificate = {
		id,
		kind: s.kind,
		agencyId: s.agency.id,
		personId: s.person?.id ?? null,
		tokenId: s.tokenId,
		subject,
		serial: nextSerial(ctx),
		keyIndex: id % 8,
		issuer: s.issuer ?? 'government',
		notBefore: s.notBefore,
		notAfter,
		status: 'active',
		revokedAt: null,
		revocationReason: null,
		renewalOfId: s.renewalOfId ?? null,
		useFrom: s.notBefore,
		useUntil: notAfter,
		blackouts: []
	};
	ctx.world.certificates.push(c);
	return c;
}

export function newRequest(
	ctx: CertContext,
	r: Omit<WRequest, 'id' | 'referenceNumber'> & { referenceNumber?: string }
): WRequest {
	const id = ctx.world.next.request++;
	const a = ctx.agencyOf.get(r.agencyId)!;
	const req: WRequest = { ...r, id, referenceNumber: r.referenceNumber ?? `${id}/${a.docCode}-VP` };
	ctx.world.requests.push(req);
	return req;
}

export const FORMS = {
	issueIndividual: 'Mẫu 01',
	issueOrganisation: 'Mẫu 02',
	renew: 'Mẫu 04',
	change: 'Mẫu 04',
	revoke: 'Mẫu 05',
	recover: 'Mẫu 06'
} as const;

/** A completed issuance or renewal request decided on the certificate's first day. */
export function requestFor(ctx: CertContext, c: WCertificate, renewalOf: WCertificate | null): void {
	if (c.notBefore < addDays(ctx.world.windowStart, -30)) return;
	const submitted = atTime(startOfVietnamDay(addDays(c.notBefore, -6)), 9, 15);
	const valid = atTime(startOfVietnamDay(addDays(c.notBefore, -5)), 10, 0);
	newRequest(ctx, {
		kind: renewalOf ? 'renew' : 'issue',
		form: renewalOf
			? FORMS.renew
			: c.kind === 'organisation'
				? FORMS.issueOrganisation
				: FORMS.issueIndividual,
		agencyId: c.agencyId,
		personId: c.personId,
		certificateId: renewalOf ? renewalOf.id : c.id,
		tokenId: c.tokenId,
		submittedAt: submitted,
		validAt: valid,
		dueAt: atTime(ctx.cal.addWorkingDays(startOfVietnamDay(valid), 3), 17, 0),
		decidedAt: atTime(startOfVietnamDay(c.notBefore), 7, 45),
		status: 'completed',
		reason: null
	});
}

/** Revokes a certificate with a completed Mẫu 05 request submitted the day before. */
export function revoke(ctx: CertContext, c: WCertificate, at: Date, reason: string): void {
	c.status = 'revoked';
	c.revokedAt = at;
	c.revocationReason = reason;
	newRequest(ctx, {
		kind: 'revoke',
		form: FORMS.revoke,
		agencyId: c.agencyId,
		personId: c.personId,
		certificateId: c.id,
		tokenId: c.tokenId,
		submittedAt: new Date(at.getTime() - DAY_MS),
		validAt: new Date(at.getTime() - DAY_MS + 3_600_000),
		dueAt: null,
		decidedAt: at,
		status: 'completed',
		reason
	});
}
