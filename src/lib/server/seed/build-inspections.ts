// Inspections by Sở KH&CN (Điều 14.3, 15.2), completed ones with their (resolved) findings, and trainings held.
// Seeded findings carry inspection_id and status 'resolved': history, distinct from what the scans raise.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Prng } from './prng';
import { addDays } from './calendar';
import { vietnamDay } from '../../time/vietnam';
import type { World } from './world';

const OBSERVATIONS = [
	{
		kind: 'device_not_returned',
		severity: 'medium',
		legal: 'NĐ 68/2024 Điều 17-20 (Mẫu 08)',
		summary: 'Chậm bàn giao thiết bị lưu khóa bí mật sau khi chứng thư bị thu hồi'
	},
	{
		kind: 'org_cert_non_clerk',
		severity: 'high',
		legal: 'Điều 8.3, Điều 17.2',
		summary: 'Chứng thư số của cơ quan do người không phải văn thư quản lý'
	},
	{
		kind: 'expiring_soon',
		severity: 'low',
		legal: 'Điều 10; NĐ 68/2024 Điều 9',
		summary: 'Chưa lập đề nghị gia hạn cho chứng thư sắp hết hạn'
	},
	{
		kind: 'incoming_accepted_invalid',
		severity: 'high',
		legal: 'Điều 17.3',
		summary: 'Văn thư chưa kiểm tra chữ ký số của văn bản đến trước khi tiếp nhận'
	}
] as const;

export async function seedInspectionsAndTrainings(
	db: Kysely<Database>,
	world: World,
	seed: number
): Promise<void> {
	const prng = Prng.derive(seed, 'inspections');
	const targets = prng
		.shuffle(
			world.agencies.filter((a) => a.kind === 'department' || a.kind === 'ward' || a.kind === 'commune')
		)
		.slice(0, Math.max(4, Math.min(14, world.agencies.length)));
	let findingNo = 0;
	for (const [i, a] of targets.entries()) {
		const started = addDays(world.today, -700 + i * 50 + prng.int(0, 20));
		const status =
			started > addDays(world.today, 10)
				? 'planned'
				: started > addDays(world.today, -20)
					? 'in_progress'
					: 'completed';
		const ended = status === 'completed' ? addDays(started, prng.int(3, 10)) : null;
		const year = vietnamDay(started).slice(0, 4);
		const inspection = await db
			.insertInto('inspections')
			.values({
				agency_id: a.id,
				title: `Kiểm tra việc quản lý, sử dụng chữ ký số chuyên dùng công vụ năm ${year} tại ${a.shortName ?? a.name}`,
				decision_number: `${prng.int(100, 900)}/QĐ-SKHCN`,
				started_on: vietnamDay(started),
				ended_on: ended ? vietnamDay(ended) : null,
				status,
				summary:
					status === 'completed'
						? 'Cơ bản thực hiện đúng Quy chế; một số tồn tại đã được yêu cầu khắc phục.'
						: null,
				follow_up:
					status === 'completed'
						? 'Báo cáo kết quả khắc phục về Sở Khoa học và Công nghệ trong 30 ngày.'
						: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (status !== 'completed' || !ended) continue;
		for (let k = 0; k < prng.int(1, 2); k++) {
			const o = prng.pick(OBSERVATIONS);
			const seen = new Date(ended.getTime() - 3_600_000);
			await db
				.insertInto('findings')
				.values({
					dedupe_key: `inspection:${inspection.id}:${++findingNo}`,
					kind: o.kind,
					severity: o.severity,
					legal_basis: o.legal,
					summary: o.summary,
					agency_id: a.id,
					inspection_id: inspection.id,
					evidence: JSON.stringify({ source: 'biên bản kiểm tra' }),
					status: 'resolved',
					first_seen_at: seen,
					last_seen_at: seen,
					resolved_at: addDays(ended, 25),
					resolution_note: 'Cơ quan đã khắc phục, báo cáo kèm theo.'
				})
				.execute();
		}
	}
	const topics = [
		'Sử dụng chữ ký số chuyên dùng công vụ trên Hệ thống QLVB&ĐH',
		'Kiểm tra chữ ký số văn bản đến (Điều 17.3)',
		'Quản lý thiết bị lưu khóa bí mật, khôi phục token',
		'Ký số văn bản điện tử theo Nghị định 30/2020/NĐ-CP'
	];
	const trainings = [];
	for (let i = 0; i < 10; i++) {
		const a = i % 3 === 0 ? null : prng.pick(world.agencies);
		trainings.push({
			title: `Tập huấn: ${topics[i % topics.length]!}`,
			held_on: vietnamDay(addDays(world.today, -690 + i * 68)),
			agency_id: a?.id ?? null,
			participants: prng.int(25, 140),
			topic: topics[i % topics.length]!
		});
	}
	await db.insertInto('trainings').values(trainings).execute();
}
