// Certificates, key devices, custody and lifecycle requests of the base (clean) demo data: every holder has a
// current certificate, most earlier ones were renewed on the same token, some expired or were revoked after a
// lost token (token never returned, Mẫu 09) or a departure (token returned the same day, Mẫu 08). The
// issuing itself (devices, serials, certificates, requests, revocations) is in issuance.ts.
import { DAY_MS, addDays, atTime } from './calendar';
import { startOfVietnamDay } from '../../time/vietnam';
import type { WAgency, WCertificate, WPerson } from './world';
import {
	FORMS,
	VALIDITY,
	issueTime,
	newCertificate,
	newRequest,
	newToken,
	requestFor,
	revoke,
	type CertContext
} from './issuance';

export type { CertContext } from './issuance';

/**
 * The certificate history of one holder (a person, or an agency through its clerk) ending with the certificate
 * in use today, or at `leftOn` for a person who left (then revoked two days later, token returned that day).
 */
export function buildHolderCertificates(
	ctx: CertContext,
	agency: WAgency,
	person: WPerson | null,
	holderId: number | null,
	leftOn: Date | null
): WCertificate {
	const { world, prng, cal } = ctx;
	const kind = person ? 'individual' : 'organisation';
	const end = leftOn ?? world.today;
	const firstValidity = VALIDITY[kind];
	const d0 = cal.workingDayOnOrAfter(
		leftOn ? addDays(end, -prng.int(60, 900)) : addDays(end, -prng.int(25, 960))
	);
	const nb0 = atTime(d0, 8, prng.int(0, 50));
	const needsPredecessor = d0.getTime() > world.windowStart.getTime() + 20 * DAY_MS;
	const cause = needsPredecessor
		? prng.weighted([
				['renewal', 0.82],
				['expired', 0.1],
				['lost', 0.05],
				['none', 0.03]
			] as const)
		: 'none';

	let token = newToken(ctx, agency.id, holderId, nb0);
	let prior: WCertificate | null = null;
	if (cause === 'renewal') {
		const delta = prng.int(10, 60);
		prior = newCertificate(ctx, {
			kind,
			agency,
			person,
			notBefore: new Date(nb0.getTime() + (delta - firstValidity) * DAY_MS),
			validityDays: firstValidity,
			tokenId: token.id
		});
		prior.status = 'replaced';
		prior.useUntil = nb0;
		// The renewal is issued onto the device the prior certificate was on since it started.
		token.issue.occurredAt = issueTime(prior.notBefore);
		requestFor(ctx, prior, null);
	} else if (cause === 'expired' || cause === 'lost') {
		const oldToken = token;
		token = newToken(ctx, agency.id, holderId, nb0);
		if (cause === 'expired') {
			prior = newCertificate(ctx, {
				kind,
				agency,
				person,
				notBefore: new Date(nb0.getTime() + (prng.int(3, 20) - firstValidity) * DAY_MS),
				validityDays: firstValidity,
				tokenId: oldToken.id
			});
			prior.status = 'expired';
			prior.useUntil = nb0;
			oldToken.issue.occurredAt = issueTime(prior.notBefore);
			world.custody.push({
				tokenId: oldToken.id,
				event: 'returned_to_ca',
				occurredAt: new Date(prior.notAfter.getTime() + DAY_MS),
				fromPersonId: holderId,
				toPersonId: null,
				agencyId: agency.id,
				form: 'Mẫu 08',
				note: 'Bàn giao thiết bị sau khi chứng thư hết hạn'
			});
		} else {
			prior = newCertificate(ctx, {
				kind,
				agency,
				person,
				notBefore: addDays(nb0, -prng.int(120, 700)),
				validityDays: firstValidity,
				tokenId: oldToken.id
			});
			const lostAt = atTime(startOfVietnamDay(addDays(nb0, -3)), 7, 30);
			prior.useUntil = lostAt;
			oldToken.issue.occurredAt = issueTime(prior.notBefore);
			world.custody.push({
				tokenId: oldToken.id,
				event: 'lost',
				occurredAt: lostAt,
				fromPersonId: holderId,
				toPersonId: null,
				agencyId: agency.id,
				form: 'Mẫu 09',
				note: 'Biên bản xác nhận mất thiết bị lưu khóa bí mật'
			});
			revoke(ctx, prior, atTime(startOfVietnamDay(addDays(nb0, -2)), 10, 0), 'Mất thiết bị lưu khóa bí mật');
		}
		requestFor(ctx, prior, null);
	}
	const current = newCertificate(ctx, {
		kind,
		agency,
		person,
		notBefore: nb0,
		validityDays: cause === 'renewal' ? VALIDITY.renewal : firstValidity,
		tokenId: token.id,
		renewalOfId: cause === 'renewal' ? prior!.id : null
	});
	requestFor(ctx, current, cause === 'renewal' ? prior : null);

	if (leftOn) {
		current.useUntil = leftOn;
		const revokedAt = atTime(addDays(leftOn, 2), 10, 0);
		revoke(
			ctx,
			current,
			revokedAt,
			person?.status === 'retired' ? 'Thuê bao nghỉ hưu' : 'Thuê bao chuyển công tác'
		);
		world.custody.push({
			tokenId: token.id,
			event: 'returned_to_ca',
			occurredAt: new Date(revokedAt.getTime() + 3 * 3_600_000),
			fromPersonId: holderId,
			toPersonId: null,
			agencyId: agency.id,
			form: 'Mẫu 08',
			note: 'Thu hồi thiết bị khi thuê bao thôi giữ chức vụ'
		});
	}
	maybeLock(ctx, current, agency, holderId);
	return current;
}

/** A locked token recovered by Sở KH&CN the same morning (Điều 11.2, Mẫu 06): signing paused meanwhile. */
function maybeLock(ctx: CertContext, c: WCertificate, agency: WAgency, holderId: number | null): void {
	const { prng, cal, world } = ctx;
	if (!prng.chance(0.05)) return;
	const from = Math.max(c.useFrom.getTime(), world.windowStart.getTime()) + 5 * DAY_MS;
	const to = Math.min(c.useUntil.getTime(), world.today.getTime()) - 5 * DAY_MS;
	if (to <= from) return;
	const day = cal.workingDayOnOrAfter(startOfVietnamDay(new Date(from + prng.next() * (to - from))));
	if (day.getTime() >= to) return;
	const lockedAt = atTime(day, 7, 40);
	const recoveredAt = atTime(day, 11, 5);
	world.custody.push({
		tokenId: c.tokenId!,
		event: 'locked',
		occurredAt: lockedAt,
		fromPersonId: null,
		toPersonId: holderId,
		agencyId: agency.id,
		form: null,
		note: 'Nhập sai mã PIN quá số lần cho phép'
	});
	const valid = atTime(day, 8, 30);
	newRequest(ctx, {
		kind: 'recover',
		form: FORMS.recover,
		agencyId: agency.id,
		personId: holderId,
		certificateId: c.id,
		tokenId: c.tokenId,
		submittedAt: atTime(day, 8, 20),
		validAt: valid,
		dueAt: atTime(cal.addWorkingDays(day, 1), 8, 30),
		decidedAt: atTime(day, 11, 0),
		status: 'completed',
		reason: null
	});
	world.custody.push({
		tokenId: c.tokenId!,
		event: 'recovered',
		occurredAt: recoveredAt,
		fromPersonId: null,
		toPersonId: holderId,
		agencyId: agency.id,
		form: FORMS.recover,
		note: 'Sở KH&CN đã khôi phục thiết bị'
	});
	c.blackouts.push([atTime(day, 7, 0), atTime(day, 11, 30)]);
}

/** All base certificates: one history per certified person and one per agency (organisation certificate). */
export function buildBaseCertificates(ctx: CertContext): void {
	const { world } = ctx;
	const certified = new Set(['head', 'deputy', 'office_chief', 'section_head', 'staff']);
	for (const p of [...world.people]) {
		if (!certified.has(p.role)) continue;
		const agency = ctx.agencyOf.get(p.agencyId)!;
		const leftOn = p.statusSince ? startOfVietnamDay(p.statusSince) : null;
		buildHolderCertificates(ctx, agency, p, p.id, leftOn);
	}
	const clerksOf = groupBy(world.clerks, (c) => c.agencyId);
	for (const a of world.agencies) {
		const clerks = clerksOf.get(a.id) ?? [];
		const current = clerks[clerks.length - 1]!;
		const first = clerks[0]!;
		const custodyBefore = world.custody.length;
		const certsBefore = world.certificates.length;
		const orgCert = buildHolderCertificates(ctx, a, null, first.personId, null);
		for (const cl of clerks) cl.certificateId = orgCert.id;
		// The organisation's devices follow the clerk: a hand-over record at the change of clerk (Decree 30
		// Art. 32) for every device whose certificate was valid then (an earlier certificate may be on another).
		if (current !== first) {
			const changeAt = atTime(startOfVietnamDay(current.appointedOn), 16, 0);
			const tokens = new Set(
				world.certificates
					.slice(certsBefore)
					.filter(
						(c) => c.tokenId !== null && c.notAfter > changeAt && (c.revokedAt ?? c.notAfter) > changeAt
					)
					.map((c) => c.tokenId!)
			);
			tokens.add(orgCert.tokenId!);
			for (const tokenId of tokens) {
				const events = world.custody.slice(custodyBefore).filter((e) => e.tokenId === tokenId);
				const issue = events.find((e) => e.event === 'issued')!;
				if (issue.occurredAt >= changeAt) issue.toPersonId = current.personId;
				else
					world.custody.push({
						tokenId,
						event: 'handed_over',
						occurredAt: changeAt,
						fromPersonId: first.personId,
						toPersonId: current.personId,
						agencyId: a.id,
						form: 'Biên bản bàn giao',
						note: 'Bàn giao chứng thư số của cơ quan cho văn thư mới'
					});
				// A lock and its recovery after the change concern the clerk then in post.
				for (const e of events)
					if (e.occurredAt >= changeAt && e.toPersonId !== null) e.toPersonId = current.personId;
			}
		}
	}
}

export function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
	const out = new Map<K, T[]>();
	for (const item of items) {
		const k = key(item);
		const list = out.get(k);
		if (list) list.push(item);
		else out.set(k, [item]);
	}
	return out;
}
