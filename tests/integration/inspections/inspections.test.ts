// Inspections and trainings: validation, findings linked only within the inspected agency's
// subtree, audit entries, and scope isolation for an agency officer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import {
	createInspection,
	createTraining,
	getInspection,
	inspectionSchema,
	listInspections,
	listTrainings,
	setInspectionFindings
} from '../../../src/lib/server/inspections/service';

let h: DbHandle;
let sytId: number;
let skhcnId: number;
let officerScope: AgencyScope;
const all: AgencyScope = { kind: 'all' };
const who = { userId: null, actor: 'thanhtra', ip: null };

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	const agencies = await h.db
		.selectFrom('agencies')
		.select(['id', 'code', 'path'])
		.where('code', 'in', ['SYT', 'SKHCN'])
		.execute();
	const syt = agencies.find((a) => a.code === 'SYT')!;
	sytId = syt.id;
	skhcnId = agencies.find((a) => a.code === 'SKHCN')!.id;
	officerScope = { kind: 'subtree', agencyId: sytId, path: syt.path };
});
afterAll(async () => h?.close());

const input = (agencyId: number, extra: Record<string, string> = {}) =>
	inspectionSchema.parse({
		agencyId: String(agencyId),
		title: 'Kiểm tra việc quản lý chứng thư số',
		decisionNumber: '45/QĐ-SKHCN',
		startedOn: '2026-04-01',
		endedOn: '',
		status: 'planned',
		summary: '',
		followUp: '',
		...extra
	});

describe('inspections and trainings', () => {
	it('refuses an end date before the start date with a Vietnamese message', () => {
		const r = inspectionSchema.safeParse({
			agencyId: '1',
			title: 'x',
			startedOn: '2026-04-10',
			endedOn: '2026-04-01',
			status: 'planned'
		});
		expect(r.success).toBe(false);
		expect(r.error!.issues[0]!.message).toBe('Ngày kết thúc phải sau ngày bắt đầu.');
	});

	it('links findings of the inspected agency only', async () => {
		const id = await createInspection(h.db, all, input(sytId), who);
		const [f1, f2] = await h.db
			.insertInto('findings')
			.values([
				{
					dedupe_key: 'test:syt',
					kind: 'holder_left',
					severity: 'high',
					legal_basis: 'Điều 8.4',
					summary: 'Cán bộ đã nghỉ hưu vẫn ký',
					agency_id: sytId
				},
				{
					dedupe_key: 'test:khcn',
					kind: 'title_mismatch',
					severity: 'medium',
					legal_basis: 'Điều 8.4',
					summary: 'Ký sai chức danh',
					agency_id: skhcnId
				}
			])
			.returning('id')
			.execute();
		const linked = await setInspectionFindings(h.db, all, id, [f1!.id, f2!.id], who);
		expect(linked).toBe(1);
		const { inspection, findings } = (await getInspection(h.db, all, id))!;
		expect(inspection.decision_number).toBe('45/QĐ-SKHCN');
		expect(findings.filter((f) => f.inspection_id === id).map((f) => f.id)).toEqual([f1!.id]);
		expect((await listInspections(h.db, all)).find((i) => i.id === id)?.findings).toBe(1);
		const audit = await h.db
			.selectFrom('audit_log')
			.select('action')
			.where('entity_type', '=', 'inspection')
			.where('entity_id', '=', String(id))
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['inspection.create', 'inspection.link_findings']);
	});

	it('shows an agency officer only their agency’s inspections and trainings', async () => {
		const other = await createInspection(h.db, all, input(skhcnId, { title: 'Kiểm tra Sở KH&CN' }), who);
		const mine = await listInspections(h.db, officerScope);
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.map((i) => i.id)).not.toContain(other);
		expect(await getInspection(h.db, officerScope, other)).toBeNull();
		await expect(createInspection(h.db, officerScope, input(skhcnId), who)).rejects.toMatchObject({
			code: 'INVALID_INPUT'
		});

		await createTraining(
			h.db,
			all,
			{
				title: 'Tập huấn toàn tỉnh',
				heldOn: '2026-05-01',
				agencyId: null,
				participants: 120,
				topic: 'Ký số văn bản'
			},
			who
		);
		await createTraining(
			h.db,
			all,
			{ title: 'Tập huấn Sở KH&CN', heldOn: '2026-05-02', agencyId: skhcnId, participants: 15, topic: null },
			who
		);
		const trainings = await listTrainings(h.db, officerScope);
		expect(trainings.map((t) => t.title)).toContain('Tập huấn toàn tỉnh');
		expect(trainings.map((t) => t.title)).not.toContain('Tập huấn Sở KH&CN');
	});
});
