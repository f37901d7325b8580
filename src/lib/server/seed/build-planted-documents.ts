// The planted cases of the Decree 30 document rules and of the recovery deadline counted from the
// submission (planted.ts lists them), each beside its control. The documents use the kind "HD"
// (hướng dẫn) and "CTr" (chương trình), which the base data never numbers, so no base document
// shares their numbers; the organisation signatures are the agency's appointed clerk's.
import { atTime } from './calendar';
import { vietnamDay } from '../../time/vietnam';
import { certAt } from './build-events';
import { newRequest } from './issuance';
import type { EventRow } from './event-sink';
import type { PlantKit } from './plant-kit';
import { agencyByCode } from './world';

const MINUTE = 60_000;

export function plantDocumentCases(k: PlantKit): void {
	const { ctx, wd, holder, ev, issuedAgo } = k;
	const { world } = ctx;
	const syt = agencyByCode(world, 'SYT');
	/** The clerk of SYT and its organisation certificate at `at` (on a day that is no clerk change). */
	const seal = (sourceId: string, number: string, at: Date, form: EventRow['signingForm'] = 'org') => {
		const org = certAt(
			world.certificates.filter((c) => c.kind === 'organisation' && c.agencyId === syt.id),
			at
		);
		const day = vietnamDay(at);
		const clerk = world.clerks.find(
			(c) => c.agencyId === syt.id && c.appointedOn < day && (!c.endedOn || day < c.endedOn)
		);
		const person = clerk && world.people.find((p) => p.id === clerk.personId);
		if (org && person) ev(sourceId, org, person, at, form, { documentNumber: number });
	};
	const a = holder('SYT', 'Trịnh Văn Khải', 'Phó Giám đốc', issuedAgo(520), 1095);
	const b = holder('SYT', 'Quách Thị Mỹ Linh', 'Phó Giám đốc', issuedAgo(510), 1095);

	// Number and symbol (Art. 15): "7/HD-SYT" lacks its 0; the control "03/CTr-SYT" mixes case rightly.
	const x = atTime(wd(19), 9, 15);
	ev('VBP5101', a.c, a.p, x, 'kt', { documentNumber: '7/HD-SYT' });
	seal('VBP5102', '7/HD-SYT', new Date(x.getTime() + 4 * MINUTE));
	const y = atTime(wd(19), 10, 20);
	ev('VBP5201', b.c, b.p, y, 'kt', { documentNumber: '03/CTr-SYT' });
	seal('VBP5202', '03/CTr-SYT', new Date(y.getTime() + 6 * MINUTE));

	// One number for two documents in a year; the control: the same number in two wards (each its own series).
	for (const [sourceId, daysAgo] of [
		['VBP5301', 44],
		['VBP5302', 23]
	] as const) {
		const t = atTime(wd(daysAgo), 14, 10);
		ev(sourceId, a.c, a.p, t, 'kt', { documentNumber: '15/HD-SYT' });
	}
	const w1 = holder('P-MYTHO', 'Lương Văn Sang', 'Phó Chủ tịch UBND', issuedAgo(470), 1095);
	const w2 = holder('P-CAOLANH', 'Thạch Thị Bích Vân', 'Phó Chủ tịch UBND', issuedAgo(460), 1095);
	ev('VBP5401', w1.c, w1.p, atTime(wd(27), 9, 30), 'kt', { documentNumber: '18/HD-UBND' });
	ev('VBP5402', w2.c, w2.p, atTime(wd(26), 10, 0), 'kt', { documentNumber: '18/HD-UBND' });

	// Decree 30 Art. 32: sealed 25 minutes before the Deputy Director signed; the control: a copy the clerk
	// makes alone (form 'copy').
	const s = atTime(wd(17), 8, 40);
	seal('VBP5501', '19/HD-SYT', s);
	ev('VBP5502', b.c, b.p, new Date(s.getTime() + 25 * MINUTE), 'kt', { documentNumber: '19/HD-SYT' });
	seal('VBP5601', '20/HD-SYT', atTime(wd(16), 15, 30), 'copy');

	// Time-zone slip: sealed 7 h 08 min after the signature (the clerk's tool wrote local time as UTC);
	// the control: sealed 5 hours after, at the end of the day.
	const z = atTime(wd(13), 14, 20);
	ev('VBP5701', a.c, a.p, z, 'kt', { documentNumber: '21/HD-SYT' });
	seal('VBP5702', '21/HD-SYT', new Date(z.getTime() + 428 * MINUTE));
	const v = atTime(wd(12), 9, 0);
	ev('VBP5801', b.c, b.p, v, 'kt', { documentNumber: '22/HD-SYT' });
	seal('VBP5802', '22/HD-SYT', new Date(v.getTime() + 300 * MINUTE));

	// Token recovery counted from the submission (Điều 11.2): a PKI token's request never accepted as valid;
	// the control: a remote-signing device's request decided 3 working days after it (Điều 11.3).
	{
		const sub = atTime(wd(8), 9, 10);
		const { p, c } = holder('SKHCN', 'Vũ Thị Hồng Nhiên', 'Trưởng phòng', issuedAgo(410), 1095);
		newRequest(ctx, {
			kind: 'recover',
			form: 'Mẫu 06',
			agencyId: c.agencyId,
			personId: p.id,
			certificateId: c.id,
			tokenId: c.tokenId,
			referenceNumber: '09/SKHCN-VP',
			submittedAt: sub,
			validAt: null,
			dueAt: null,
			decidedAt: null,
			status: 'submitted',
			reason: null
		});
	}
	{
		const sub = atTime(wd(15), 9, 10);
		const { p, c } = holder('SKHCN', 'Mạc Văn Hiếu', 'Chuyên viên', issuedAgo(390), 1095);
		world.tokens.find((t) => t.id === c.tokenId)!.deviceType = 'remote';
		newRequest(ctx, {
			kind: 'recover',
			form: 'Mẫu 06',
			agencyId: c.agencyId,
			personId: p.id,
			certificateId: c.id,
			tokenId: c.tokenId,
			referenceNumber: '12/SKHCN-VP',
			submittedAt: sub,
			validAt: sub,
			dueAt: null,
			decidedAt: atTime(ctx.cal.addWorkingDays(sub, 3), 15, 0),
			status: 'completed',
			reason: null
		});
	}
}
