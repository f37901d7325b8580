// Plants the cases listed in planted.ts into the world: extra people, certificates, tokens, requests and the
// offending events, each clean in every other respect. Dates are working days relative to the seeding day.
import { Prng } from './prng';
import { DAY_MS, addDays, atTime } from './calendar';
import { vietnamDay } from '../../time/vietnam';
import { newPerson } from './build-organisation';
import { newCertificate, newRequest, newToken, revoke, type CertContext } from './issuance';
import { certAt, type DocumentNumbers } from './build-events';
import { SOURCE_SYSTEM, type EventRow } from './event-sink';
import { agencyByCode, type WCertificate, type WPerson } from './world';
import { plantObligationCases } from './build-planted-obligations';
import { plantDocumentCases } from './build-planted-documents';
import type { PlantKit } from './plant-kit';

export type PlantedEvents = (numbers: DocumentNumbers) => EventRow[];

export function plantCases(ctx: CertContext): PlantedEvents {
	const { world, cal } = ctx;
	const prng = Prng.derive(1, 'planted');
	const today = world.today;
	/** The last working day on or before `daysAgo` days before today. */
	const wd = (daysAgo: number) => {
		let d = addDays(today, -daysAgo);
		while (!cal.isWorkingDay(d)) d = addDays(d, -1);
		return d;
	};
	const holder = (
		code: string,
		name: string,
		title: string,
		nb: Date,
		validityDays: number,
		issuer: 'government' | 'public' = 'government'
	): { p: WPerson; c: WCertificate } => {
		const a = agencyByCode(world, code);
		const p = newPerson(world, prng, a, title, 'planted', name);
		const t = newToken(ctx, a.id, p.id, nb);
		const c = newCertificate(ctx, {
			kind: 'individual',
			agency: a,
			person: p,
			notBefore: nb,
			validityDays,
			tokenId: t.id,
			issuer
		});
		return { p, c };
	};
	const returned = (c: WCertificate, at: Date) => {
		world.custody.push({
			tokenId: c.tokenId!,
			event: 'returned_to_ca',
			occurredAt: at,
			fromPersonId: c.personId,
			toPersonId: null,
			agencyId: c.agencyId,
			form: 'Mẫu 08',
			note: 'Bàn giao thiết bị cho tổ chức cung cấp dịch vụ'
		});
	};
	const events: ((n: DocumentNumbers) => EventRow)[] = [];
	const ev = (
		sourceId: string,
		c: WCertificate,
		p: WPerson,
		at: Date,
		form: EventRow['signingForm'],
		extra: Partial<EventRow> = {}
	) =>
		events.push((numbers) => {
			const agency = world.agencies.find((a) => a.id === (extra.documentAgencyId ?? c.agencyId))!;
			return {
				signedAt: at,
				certificateId: c.id,
				actingPersonId: p.id,
				actingTitle: p.title,
				signingForm: form,
				documentNumber: numbers.next(agency, at, prng, form),
				documentAgencyId: agency.id,
				channel: 'qlvb',
				sourceSystem: SOURCE_SYSTEM.qlvb,
				sourceId,
				...extra
			};
		});
	const issuedAgo = (days: number) => atTime(addDays(today, -days), 8, 30);

	// Expiring soon without renewal: not_after 5, 25, 55, 85 days ahead.
	for (const [code, name, title, days] of [
		['SYT', 'Lê Thị Mỹ Duyên', 'Trưởng phòng', 5],
		['SKHCN', 'Phan Văn Lợi', 'Trưởng phòng', 25],
		['VPUBND', 'Trần Ngọc Bích', 'Trưởng phòng', 55],
		['P-MYTHO', 'Võ Minh Khoa', 'Phó Chủ tịch UBND', 85]
	] as const)
		holder(code, name, title, issuedAgo(1095 - days), 1095);
	// Negative controls: expiring but a renewal request is under way.
	for (const [code, name, title, days, ref, status] of [
		['SYT', 'Nguyễn Thị Kim Ngân', 'Trưởng phòng', 40, '21/SYT-TCCB', 'in_progress'],
		['P-CAOLANH', 'Huỳnh Văn Tâm', 'Công chức Tư pháp - Hộ tịch', 70, '35/UBND-VP', 'submitted']
	] as const) {
		const { c } = holder(code, name, title, issuedAgo(1095 - days), 1095);
		const sub = atTime(wd(6), 9, 0);
		newRequest(ctx, {
			kind: 'renew',
			form: 'Mẫu 04',
			agencyId: c.agencyId,
			personId: c.personId,
			certificateId: c.id,
			tokenId: c.tokenId,
			referenceNumber: ref,
			submittedAt: sub,
			validAt: sub,
			dueAt: null,
			decidedAt: null,
			status,
			reason: null
		});
	}
	{
		const { c } = holder(
			'P-CAOLANH',
			'Đặng Văn Hải',
			'Công chức Văn hóa - Xã hội',
			issuedAgo(1095 + 20),
			1095
		);
		returned(c, addDays(c.notAfter, 1));
	}
	{
		const x = wd(60);
		const { p, c } = holder(
			'BVDKDT',
			'Ngô Thanh Tùng',
			'Phó Giám đốc',
			new Date(atTime(x, 10, 0).getTime() - 1095 * DAY_MS),
			1095
		);
		c.status = 'expired';
		ev('VBP0601', c, p, atTime(x, 15, 10), 'kt');
		ev('VBP0602', c, p, atTime(cal.addWorkingDays(x, 1), 9, 20), 'kt');
		returned(c, atTime(cal.addWorkingDays(x, 2), 14, 0));
	}
	{
		const x = wd(45);
		const { p, c } = holder('P-SADEC', 'Lý Thị Thu Trang', 'Phó Chủ tịch UBND', issuedAgo(400), 1095);
		revoke(ctx, c, atTime(x, 9, 0), 'Cơ quan quản lý trực tiếp đề nghị thu hồi');
		ev('VBP0701', c, p, atTime(x, 14, 30), 'kt');
		ev('VBP0702', c, p, atTime(cal.addWorkingDays(x, 1), 10, 5), 'kt');
		returned(c, atTime(cal.addWorkingDays(x, 2), 15, 0));
	}
	{
		const a = agencyByCode(world, 'SKHCN');
		const p = newPerson(world, prng, a, 'Chuyên viên', 'planted', 'Bùi Quang Vinh');
		const at = atTime(wd(30), 10, 15);
		const org = certAt(
			world.certificates.filter((c) => c.kind === 'organisation' && c.agencyId === a.id),
			at
		);
		if (org) ev('VBP0801', org, p, at, 'org');
	}
	{
		const { p, c } = holder('SYT', 'Hồ Thị Ngọc Hân', 'Phó Giám đốc', issuedAgo(500), 1095);
		ev('VBP0901', c, p, atTime(wd(25), 9, 40), 'own', { actingTitle: 'Giám đốc' });
	}
	{
		const left = wd(40);
		const { p, c } = holder('P-HONGNGU', 'Trương Công Danh', 'Phó Chủ tịch UBND', issuedAgo(600), 1095);
		p.status = 'retired';
		p.statusSince = vietnamDay(left);
		ev('VBP1001', c, p, atTime(wd(20), 10, 30), 'kt');
	}
	{
		const a = holder('VPUBND', 'Mai Văn Thành', 'Phó Chánh Văn phòng', issuedAgo(700), 1095);
		const b = holder('VPUBND', 'Châu Thị Ánh Tuyết', 'Phó Chánh Văn phòng', issuedAgo(650), 1095);
		void a.c;
		ev('VBP1101', b.c, a.p, atTime(wd(18), 14, 20), 'kt');
	}
	{
		const { p, c } = holder('UBND', 'Phạm Minh Đức', 'Phó Chánh Văn phòng UBND tỉnh', issuedAgo(300), 1095);
		ev('VBP1201', c, p, atTime(wd(12), 10, 0), 'own', { classification: 'secret' });
	}
	{
		const { p, c } = holder('P-MYTHO', 'Dương Văn Lực', 'Công chức Tư pháp - Hộ tịch', issuedAgo(450), 1095);
		ev('VBP1301', c, p, atTime(wd(16), 9, 10), 'own', {
			documentAgencyId: agencyByCode(world, 'P-CAOLANH').id
		});
	}
	{
		const y = wd(35);
		const { p, c } = holder('SKHCN', 'Lâm Thị Hồng Nhung', 'Trưởng phòng', issuedAgo(480), 1095);
		const t = world.tokens.find((x) => x.id === c.tokenId)!;
		world.custody.push({
			tokenId: t.id,
			event: 'lost',
			occurredAt: atTime(y, 8, 0),
			fromPersonId: p.id,
			toPersonId: null,
			agencyId: c.agencyId,
			form: 'Mẫu 09',
			note: 'Biên bản xác nhận mất thiết bị'
		});
		newRequest(ctx, {
			kind: 'revoke',
			form: 'Mẫu 05',
			agencyId: c.agencyId,
			personId: p.id,
			certificateId: c.id,
			tokenId: t.id,
			submittedAt: atTime(y, 10, 0),
			validAt: atTime(y, 10, 30),
			dueAt: null,
			decidedAt: null,
			status: 'in_progress',
			reason: 'Mất thiết bị lưu khóa bí mật'
		});
		ev('VBP1401', c, p, atTime(cal.addWorkingDays(y, 2), 10, 0), 'tuq');
	}
	for (const [sourceId, daysAgo, accepted] of [
		['DENP1501', 15, true],
		['DENP3001', 14, false]
	] as const) {
		const a = agencyByCode(world, 'SYT');
		const at = atTime(wd(daysAgo), 9, 30);
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
			ev(sourceId, org, person, at, 'org', {
				direction: 'incoming',
				incomingIndication: 'TOTAL_FAILED',
				accepted
			});
	}
	{
		const day = wd(10);
		const { p, c } = holder('P-CAOLANH', 'Tô Văn Nghĩa', 'Phó Chủ tịch UBND', issuedAgo(550), 1095);
		for (let k = 0; k < 24; k++)
			ev(`VBP16${String(k + 1).padStart(2, '0')}`, c, p, atTime(day, 23, 2 + 2 * k, 15), 'kt');
	}
	// Token recovery (Điều 11.2): one still undecided, one decided 4 working days late.
	{
		const v = wd(10);
		const { p, c } = holder('CDCDT', 'Nguyễn Hoàng Phúc', 'Phó Giám đốc', issuedAgo(420), 1095);
		const t = world.tokens.find((x) => x.id === c.tokenId)!;
		world.custody.push({
			tokenId: t.id,
			event: 'locked',
			occurredAt: atTime(v, 8, 5),
			fromPersonId: null,
			toPersonId: p.id,
			agencyId: c.agencyId,
			form: null,
			note: 'Nhập sai mã PIN quá số lần cho phép'
		});
		newRequest(ctx, {
			kind: 'recover',
			form: 'Mẫu 06',
			agencyId: c.agencyId,
			personId: p.id,
			certificateId: c.id,
			tokenId: t.id,
			referenceNumber: '06/CDCDT-TCHC',
			submittedAt: atTime(v, 8, 40),
			validAt: atTime(v, 9, 0),
			dueAt: atTime(cal.addWorkingDays(v, 1), 9, 0),
			decidedAt: null,
			status: 'submitted',
			reason: null
		});
	}
	{
		const v = wd(60);
		const decided = atTime(cal.addWorkingDays(v, 4), 15, 0);
		const { p, c } = holder(
			'BVDKDT',
			'Phan Thị Cẩm Tú',
			'Trưởng phòng Tổ chức - Hành chính',
			issuedAgo(430),
			1095
		);
		world.custody.push({
			tokenId: c.tokenId!,
			event: 'locked',
			occurredAt: atTime(v, 8, 0),
			fromPersonId: null,
			toPersonId: p.id,
			agencyId: c.agencyId,
			form: null,
			note: 'Nhập sai mã PIN quá số lần cho phép'
		});
		newRequest(ctx, {
			kind: 'recover',
			form: 'Mẫu 06',
			agencyId: c.agencyId,
			personId: p.id,
			certificateId: c.id,
			tokenId: c.tokenId,
			referenceNumber: '11/BVDKDT-TCHC',
			submittedAt: atTime(v, 8, 30),
			validAt: atTime(v, 9, 0),
			dueAt: atTime(cal.addWorkingDays(v, 1), 9, 0),
			decidedAt: decided,
			status: 'completed',
			reason: null
		});
		world.custody.push({
			tokenId: c.tokenId!,
			event: 'recovered',
			occurredAt: decided,
			fromPersonId: null,
			toPersonId: p.id,
			agencyId: c.agencyId,
			form: 'Mẫu 06',
			note: 'Sở KH&CN đã khôi phục thiết bị'
		});
	}
	{
		const { c } = holder('P-SADEC', 'Đỗ Minh Trí', 'Công chức Tư pháp - Hộ tịch', issuedAgo(380), 1095);
		revoke(ctx, c, atTime(wd(30), 10, 0), 'Thay đổi thông tin thuê bao');
	}
	{
		const { c } = holder('SKHCN', 'Hà Thị Thanh Thủy', 'Chuyên viên', issuedAgo(1095 + 40), 1095);
		c.status = 'expired';
	}
	holder('SKHCN', 'Kiều Văn Bảo', 'Phó Giám đốc', issuedAgo(200), 6 * 365);
	{
		const { p, c } = holder('VPUBND', 'Lưu Thị Diễm My', 'Chuyên viên', issuedAgo(260), 730, 'public');
		ev('VBP2601', c, p, atTime(wd(22), 9, 45), 'own');
		ev('VBP2602', c, p, atTime(wd(21), 14, 5), 'own');
	}
	{
		const lostAt = atTime(wd(50), 7, 30);
		const { p, c } = holder('SYT', 'Lê Văn Định', 'Chuyên viên', issuedAgo(700), 1095);
		const t = world.tokens.find((x) => x.id === c.tokenId)!;
		world.custody.push({
			tokenId: t.id,
			event: 'lost',
			occurredAt: lostAt,
			fromPersonId: p.id,
			toPersonId: null,
			agencyId: c.agencyId,
			form: 'Mẫu 09',
			note: 'Biên bản xác nhận mất thiết bị'
		});
		revoke(ctx, c, new Date(lostAt.getTime() + 3 * 3_600_000), 'Mất thiết bị lưu khóa bí mật');
	}
	const kit: PlantKit = { ctx, prng, wd, issuedAgo, holder, ev };
	plantObligationCases(kit);
	plantDocumentCases(kit);
	return (numbers) => events.map((f) => f(numbers));
}
