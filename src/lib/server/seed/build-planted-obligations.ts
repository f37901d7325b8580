// Plants the cases of planted-obligations.ts into the world (after the base certificates, before the
// signing events are generated, so that the events follow the clerks planted here). Each case is clean
// in every other respect: no signature by a holder who left, no title used after a change.
import { vietnamDay } from '../../time/vietnam';
import { addDays, atTime } from './calendar';
import { newPerson } from './build-organisation';
import { newCertificate, newRequest } from './issuance';
import type { PlantKit } from './plant-kit';
import { certAt } from './build-events';
import { agencyByCode, type WAgency, type WCertificate, type WClerk } from './world';

export function plantObligationCases(k: PlantKit): void {
	const { ctx, prng, wd, issuedAgo, holder, ev } = k;
	const { world, cal } = ctx;
	const orgCertOf = (a: WAgency) =>
		world.certificates.find(
			(c) => c.kind === 'organisation' && c.agencyId === a.id && c.status === 'active'
		)!;
	const currentClerk = (a: WAgency): WClerk =>
		world.clerks.filter((c) => c.agencyId === a.id && c.endedOn === null).at(-1)!;
	/** Moves the device's later events (locks, recoveries) to the person who holds it from `at`. */
	const handOver = (c: WCertificate, from: number | null, to: number, at: Date, form: string) => {
		for (const e of world.custody)
			if (e.tokenId === c.tokenId && e.occurredAt > at && e.toPersonId !== null) e.toPersonId = to;
		world.custody.push({
			tokenId: c.tokenId!,
			event: 'handed_over',
			occurredAt: at,
			fromPersonId: from,
			toPersonId: to,
			agencyId: c.agencyId,
			form,
			note: 'Biên bản bàn giao thiết bị lưu khóa bí mật'
		});
	};
	const newClerk = (a: WAgency, name: string, daysAgo: number) => {
		const prev = currentClerk(a);
		const day = vietnamDay(wd(daysAgo));
		prev.endedOn = day;
		const p = newPerson(world, prng, a, 'Văn thư', 'clerk', name);
		world.clerks.push({
			agencyId: a.id,
			personId: p.id,
			certificateId: prev.certificateId,
			decisionNumber: `${30 + daysAgo}/QĐ-${a.docCode}`,
			appointedOn: day,
			endedOn: null
		});
		return { prev, p, at: atTime(wd(daysAgo), 16, 0) };
	};

	// should_have_been_revoked: a lost device, no revocation requested; control: a resignation with a request.
	{
		const { p, c } = holder('SKHCN', 'Trịnh Thị Bảo Ngọc', 'Chuyên viên', issuedAgo(500), 1095);
		world.custody.push({
			tokenId: c.tokenId!,
			event: 'lost',
			occurredAt: atTime(wd(25), 8, 15),
			fromPersonId: p.id,
			toPersonId: null,
			agencyId: c.agencyId,
			form: 'Mẫu 09',
			note: 'Biên bản xác nhận mất thiết bị'
		});
	}
	{
		const left = wd(30);
		const { p, c } = holder('SKHCN', 'Võ Thị Hạnh', 'Chuyên viên', issuedAgo(520), 1095);
		p.status = 'resigned';
		p.statusSince = vietnamDay(left);
		const sub = atTime(cal.addWorkingDays(left, 3), 9, 0);
		newRequest(ctx, {
			kind: 'revoke',
			form: 'Mẫu 05',
			agencyId: c.agencyId,
			personId: p.id,
			certificateId: c.id,
			tokenId: c.tokenId,
			referenceNumber: '41/SKHCN-VP',
			submittedAt: sub,
			validAt: sub,
			dueAt: null,
			decidedAt: null,
			status: 'in_progress',
			reason: 'Thuê bao thôi việc'
		});
	}
	// change_request_missing: a new title without a change request; control: one with a request 10 days later.
	for (const [name, before, after, ref] of [
		['Đinh Văn Khải', 'Trưởng phòng', 'Phó Giám đốc', null],
		['Lâm Quốc Bảo', 'Chuyên viên', 'Trưởng phòng', '44/SYT-TCCB']
	] as const) {
		const { p, c } = holder('SYT', name, before, issuedAgo(400), 1095);
		const on = wd(50);
		p.title = after;
		world.positionChanges.push({ personId: p.id, on: vietnamDay(on), previousTitle: before });
		if (ref) {
			const sub = atTime(addDays(on, 10), 9, 30);
			newRequest(ctx, {
				kind: 'change',
				form: 'Mẫu 04',
				agencyId: c.agencyId,
				personId: p.id,
				certificateId: c.id,
				tokenId: c.tokenId,
				referenceNumber: ref,
				submittedAt: sub,
				validAt: sub,
				dueAt: null,
				decidedAt: null,
				status: 'in_progress',
				reason: 'Thay đổi chức danh'
			});
		}
	}
	// change_request_missing: the agency renamed 70 days ago, its organisation certificate unchanged.
	{
		const a = agencyByCode(world, 'BVDKDT');
		const newName = 'Bệnh viện Đa khoa tỉnh Đồng Tháp';
		world.agencyEvents.push({
			agencyId: a.id,
			kind: 'renamed',
			effectiveOn: vietnamDay(wd(70)),
			details: { name: [a.name, newName] },
			decisionNumber: '112/QĐ-UBND'
		});
		a.name = newName;
	}
	// others_certificate_used: signing in one's own name with a colleague's certificate; control: TM. with one's own.
	{
		const owner = holder('VPUBND', 'Quách Thị Mỹ Linh', 'Chuyên viên', issuedAgo(380), 1095);
		const user = holder('VPUBND', 'Nguyễn Văn Sang', 'Chuyên viên', issuedAgo(360), 1095);
		ev('VBP3101', owner.c, user.p, atTime(wd(14), 9, 15), 'own');
		ev('VBP3102', owner.c, user.p, atTime(wd(13), 14, 40), 'own');
		const own = holder('VPUBND', 'Phùng Văn Tài', 'Chánh Văn phòng', issuedAgo(340), 1095);
		ev('VBP3401', own.c, own.p, atTime(wd(13), 10, 5), 'tm');
	}
	// incoming_not_verified: recorded with no verification result; control: refused.
	for (const [sourceId, daysAgo, accepted] of [
		['DENP3201', 11, true],
		['DENP3501', 9, false]
	] as const) {
		const a = agencyByCode(world, 'SYT');
		const at = atTime(wd(daysAgo), 10, 30);
		const org = certAt(
			world.certificates.filter((c) => c.kind === 'organisation' && c.agencyId === a.id),
			at
		);
		const day = vietnamDay(at);
		const clerk = world.clerks.find(
			(c) => c.agencyId === a.id && c.appointedOn < day && (!c.endedOn || day < c.endedOn)
		);
		const person = clerk && world.people.find((p) => p.id === clerk.personId);
		if (org && person)
			ev(sourceId, org, person, at, 'org', { direction: 'incoming', incomingIndication: null, accepted });
	}
	// Custody of the organisation certificate.
	{
		// No clerk for 20 days; the device stays with the former clerk.
		currentClerk(agencyByCode(world, 'P-SADEC')).endedOn = vietnamDay(wd(20));
	}
	{
		const a = agencyByCode(world, 'P-HONGNGU');
		const staff = newPerson(world, prng, a, 'Công chức Văn phòng - Thống kê', 'planted', 'Lê Hoàng Nam');
		handOver(orgCertOf(a), currentClerk(a).personId, staff.id, atTime(wd(15), 15, 0), 'Giao giữ tạm');
	}
	newClerk(agencyByCode(world, 'CDCDT'), 'Trần Thị Diệu', 45);
	{
		const a = agencyByCode(world, 'P-MYTHO');
		const { prev, p, at } = newClerk(a, 'Nguyễn Thị Thanh Hương', 50);
		handOver(orgCertOf(a), prev.personId, p.id, at, 'Biên bản bàn giao');
	}
	// renewal_beyond_limit: a renewal of four years; control: of three.
	for (const [name, days] of [
		['Tạ Quang Huy', 4 * 365],
		['Mạc Văn Đông', 1095]
	] as const) {
		const { p, c: prior } = holder('SKHCN', name, 'Phó Trưởng phòng', issuedAgo(1080), 1095);
		prior.status = 'replaced';
		prior.useUntil = issuedAgo(20);
		newCertificate(ctx, {
			kind: 'individual',
			agency: agencyByCode(world, 'SKHCN'),
			person: p,
			notBefore: issuedAgo(20),
			validityDays: days,
			tokenId: prior.tokenId!,
			renewalOfId: prior.id
		});
	}
	// unusual_pattern (burst): 32 signatures in 8 minutes at 10:00; control: 20 in 10 minutes.
	{
		const { p, c } = holder('VPUBND', 'Cao Thị Thùy Dương', 'Phó Chánh Văn phòng', issuedAgo(420), 1095);
		for (let i = 0; i < 32; i++)
			ev(`VBP33${String(i + 1).padStart(2, '0')}`, c, p, atTime(wd(8), 10, 0, 15 * i), 'kt');
		const b = holder('VPUBND', 'Lương Văn Hiếu', 'Phó Chánh Văn phòng', issuedAgo(410), 1095);
		for (let i = 0; i < 20; i++)
			ev(`VBP36${String(i + 1).padStart(2, '0')}`, b.c, b.p, atTime(wd(7), 10, 0, 30 * i), 'kt');
	}
}
