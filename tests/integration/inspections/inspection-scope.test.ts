// An inspection moved to another agency must not carry the old agency's findings along: an officer
// of the new agency would read them (names, device serials, document numbers) on /thanh-tra/[id].
// Moving unlinks them in the same transaction, audited; listing only shows linked findings of the
// inspection's subtree that the viewer may see, whatever got into inspection_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import {
	createInspection,
	getInspection,
	inspectionSchema,
	listInspections,
	setInspectionFindings,
	updateInspection
} from '../../../src/lib/server/inspections/service';

let h: DbHandle;
let sytId: number;
let skhcnId: number;
let officer: AgencyScope;
const all: AgencyScope = { kind: 'all' };
const who = { userId: null, actor: 'thanhtra', ip: null };

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	const rows = await h.db
		.selectFrom('agencies')
		.select(['id', 'code', 'path'])
		.where('code', 'in', ['SYT', 'SKHCN'])
		.execute();
	const syt = rows.find((a) => a.code === 'SYT')!;
	sytId = syt.id;
	skhcnId = rows.find((a) => a.code === 'SKHCN')!.id;
	officer = { kind: 'subtree', agencyId: sytId, path: syt.path };
});
afterAll(async () => h?.close());

const input = (agencyId: number) =>
	inspectionSchema.parse({
		agencyId: String(agencyId),
		title: 'Kiểm tra Sở KH&CN',
		startedOn: '2026-04-01',
		status: 'in_progress'
	});

async function skhcnFinding(key: string): Promise<number> {
	const r = await h.db
		.insertInto('findings')
		.values({
			dedupe_key: key,
			kind: 'holder_left',
			severity: 'high',
			legal_basis: 'Điều 8.4',
			summary: 'Nguyễn Văn B (Sở KH&CN) đã nghỉ việc vẫn ký văn bản 12/QĐ-SKHCN, thiết bị SN-0001',
			agency_id: skhcnId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return r.id;
}

describe('findings of an inspection moved to another agency', () => {
	it('are unlinked when the inspection moves, audited, and the new agency’s officer does not see them', async () => {
		const id = await createInspection(h.db, all, input(skhcnId), who);
		const findingId = await skhcnFinding('test:moved');
		expect(await setInspectionFindings(h.db, all, id, [findingId], who)).toBe(1);

		await updateInspection(h.db, all, id, { ...input(sytId), title: 'Kiểm tra Sở Y tế' }, who);

		const seen = (await getInspection(h.db, officer, id))!;
		expect(seen.inspection.agency_id).toBe(sytId);
		expect(seen.findings.map((f) => f.id)).not.toContain(findingId);
		const f = await h.db
			.selectFrom('findings')
			.select('inspection_id')
			.where('id', '=', findingId)
			.executeTakeFirstOrThrow();
		expect(f.inspection_id).toBeNull();
		expect((await listInspections(h.db, officer)).find((i) => i.id === id)?.findings).toBe(0);

		const audit = await h.db
			.selectFrom('audit_log')
			.select(['action', 'details'])
			.where('entity_type', '=', 'inspection')
			.where('entity_id', '=', String(id))
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual([
			'inspection.create',
			'inspection.link_findings',
			'inspection.update',
			'inspection.unlink_findings'
		]);
		expect(audit[2]!.details).toMatchObject({
			before: { agencyId: skhcnId },
			after: { agencyId: sytId }
		});
		expect(audit[3]!.details).toMatchObject({ findingIds: [findingId], reason: 'agency_changed' });
	});

	it('lists a linked finding only inside the inspection’s subtree and the viewer’s scope', async () => {
		const id = await createInspection(h.db, all, input(sytId), who);
		// As rows written before the move rule existed could be: linked across agencies.
		const stray = await skhcnFinding('test:stray');
		await h.db.updateTable('findings').set({ inspection_id: id }).where('id', '=', stray).execute();

		for (const scope of [officer, all]) {
			const { findings } = (await getInspection(h.db, scope, id))!;
			expect(findings.map((f) => f.id)).not.toContain(stray);
		}
		expect((await listInspections(h.db, officer)).find((i) => i.id === id)?.findings).toBe(0);
	});

	it('keeps findings of the new agency’s subtree linked', async () => {
		const id = await createInspection(h.db, all, input(skhcnId), who);
		const sytFinding = await h.db
			.insertInto('findings')
			.values({
				dedupe_key: 'test:syt-kept',
				kind: 'holder_left',
				severity: 'low',
				legal_basis: 'Điều 8.4',
				summary: 'Sở Y tế',
				agency_id: sytId,
				inspection_id: id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await updateInspection(h.db, all, id, input(sytId), who);
		const { findings } = (await getInspection(h.db, officer, id))!;
		expect(findings.find((f) => f.id === sytFinding.id)?.inspection_id).toBe(id);
	});
});
