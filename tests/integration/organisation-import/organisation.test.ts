// Importing the organisation chart from the template: a small province goes in, re-importing it
// changes nothing, a changed title becomes a new dated post, and what the file leaves out is
// reported and kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { importedRows } from './snapshot';
import { applyImportFile, previewImportFile } from '../../../src/lib/server/organisation-import';
import { organisationFile, PROVINCE_AGENCIES, PROVINCE_PEOPLE, type PersonCells } from './workbooks';

const NOW = new Date('2026-11-20T03:00:00Z');
const who = { userId: null, actor: 'thanhtra', ip: '10.0.0.9' };
let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

// What the database holds after each test: the next test edits these.
let current = { people: PROVINCE_PEOPLE, agencies: PROVINCE_AGENCIES };
const file = async (people = current.people, agencies = current.agencies) => ({
	name: 'so-do-to-chuc.xlsx',
	bytes: await organisationFile(agencies, people)
});

describe('organisation chart import', () => {
	it('builds a small province from the template: the agency tree, people with posts and statuses', async () => {
		const f = await file();
		const preview = await previewImportFile(h.db, 'organisation', f, NOW);
		expect(preview.issues).toEqual([]);
		expect(preview.counts).toEqual({
			agency: { new: 6, changed: 0, unchanged: 0, missing: 0 },
			person: { new: 5, changed: 0, unchanged: 0, missing: 0 }
		});
		await applyImportFile(h.db, 'organisation', f, who, { now: NOW });

		const agencies = await h.db
			.selectFrom('agencies')
			.select(['id', 'code', 'kind', 'parent_id', 'path', 'short_name'])
			.execute();
		const byCode = Object.fromEntries(agencies.map((a) => [a.code, a]));
		expect(byCode.DT).toMatchObject({ kind: 'province', parent_id: null, path: `/${byCode.DT!.id}/` });
		expect(byCode.BVDK).toMatchObject({
			kind: 'unit',
			parent_id: byCode.SYT!.id,
			path: `/${byCode.DT!.id}/${byCode.SYT!.id}/${byCode.BVDK!.id}/`,
			short_name: 'BVĐK'
		});
		expect(byCode['P-CAOLANH']).toMatchObject({ kind: 'ward', parent_id: byCode.DT!.id });
		const events = await h.db
			.selectFrom('agency_events')
			.select(['kind', 'recorded_by', 'effective_on'])
			.execute();
		expect(events).toHaveLength(6);
		expect(new Set(events.map((e) => `${e.kind} ${e.recorded_by} ${e.effective_on}`))).toEqual(
			new Set(['created thanhtra 2026-11-20'])
		);

		const created = await h.db
			.selectFrom('agency_events')
			.select('details')
			.where('agency_id', '=', byCode.BVDK!.id)
			.executeTakeFirstOrThrow();
		expect(created.details).toMatchObject({
			code: [null, 'BVDK'],
			name: [null, 'Bệnh viện Đa khoa'],
			short_name: [null, 'BVĐK'],
			kind: [null, 'unit'],
			parent_code: [null, 'SYT'],
			source: 'import',
			file: 'so-do-to-chuc.xlsx'
		});

		const hoa = await h.db
			.selectFrom('people')
			.selectAll()
			.where('national_id', '=', '082000000004')
			.executeTakeFirstOrThrow();
		expect(hoa).toMatchObject({
			full_name: 'Phạm Thị Hoa',
			agency_id: byCode.SKHCN!.id,
			title: 'Phó Giám đốc',
			status: 'retired',
			status_since: '2026-06-30'
		});
		const posts = await h.db
			.selectFrom('person_positions')
			.select(['title', 'valid_from', 'valid_to'])
			.where('person_id', '=', hoa.id)
			.execute();
		// Retired on 30/06/2026: the post was held up to the day before.
		expect(posts).toEqual([{ title: 'Phó Giám đốc', valid_from: '2020-01-01', valid_to: '2026-06-29' }]);
		const statuses = await h.db
			.selectFrom('person_status_history')
			.select(['status', 'since'])
			.where('person_id', '=', hoa.id)
			.execute();
		expect(statuses).toEqual([{ status: 'retired', since: '2026-06-30' }]);
		// A date cell (not text) is read as the calendar day Excel shows.
		const hung = await h.db
			.selectFrom('people')
			.select('id')
			.where('national_id', '=', '082000000001')
			.executeTakeFirstOrThrow();
		expect(
			await h.db
				.selectFrom('person_positions')
				.select('valid_from')
				.where('person_id', '=', hung.id)
				.executeTakeFirstOrThrow()
		).toEqual({ valid_from: '2023-01-02' });

		const audit = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'organisation.import')
			.execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actor: 'thanhtra', ip: '10.0.0.9' });
		expect(audit[0]!.details).toMatchObject({
			file: 'so-do-to-chuc.xlsx',
			sha256: preview.file.sha256,
			counts: preview.counts,
			agenciesCreated: { total: 6 },
			peopleCreated: { total: 5 }
		});
	});

	it('re-importing the same file finds everything unchanged and writes nothing', async () => {
		const before = await importedRows(h.db);
		const f = await file();
		const preview = await previewImportFile(h.db, 'organisation', f, NOW);
		expect(preview.counts).toEqual({
			agency: { new: 0, changed: 0, unchanged: 6, missing: 0 },
			person: { new: 0, changed: 0, unchanged: 5, missing: 0 }
		});
		await applyImportFile(h.db, 'organisation', f, who, { now: NOW });
		expect(await importedRows(h.db)).toEqual(before);
	});

	it('shows a changed title with before and after, and applies it as a new post from its date', async () => {
		const people = current.people.map((p): PersonCells =>
			p[1] === '082000000002'
				? [
						'Trần Thị Lan',
						'082000000002',
						null,
						'SYT',
						'Chánh Văn phòng',
						'01/10/2026',
						'Đang công tác',
						null
					]
				: p
		);
		const f = await file(people);
		const preview = await previewImportFile(h.db, 'organisation', f, NOW);
		expect(preview.counts.person).toEqual({ new: 0, changed: 1, unchanged: 4, missing: 0 });
		expect(preview.entries.find((e) => e.action === 'changed')).toMatchObject({
			entity: 'person',
			key: '082000000002',
			label: 'Trần Thị Lan',
			row: 3,
			changes: [{ field: 'Chức danh', before: 'Văn thư', after: 'Chánh Văn phòng' }]
		});
		await applyImportFile(h.db, 'organisation', f, who, { now: NOW });
		current = { ...current, people };

		const lan = await h.db
			.selectFrom('people')
			.select(['id', 'title'])
			.where('national_id', '=', '082000000002')
			.executeTakeFirstOrThrow();
		expect(lan.title).toBe('Chánh Văn phòng');
		const posts = await h.db
			.selectFrom('person_positions')
			.select(['title', 'valid_from', 'valid_to'])
			.where('person_id', '=', lan.id)
			.orderBy('valid_from')
			.execute();
		expect(posts).toEqual([
			{ title: 'Văn thư', valid_from: '2022-06-01', valid_to: '2026-09-30' },
			{ title: 'Chánh Văn phòng', valid_from: '2026-10-01', valid_to: null }
		]);
		const audit = await h.db
			.selectFrom('audit_log')
			.select('details')
			.where('action', '=', 'organisation.import')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(audit.details).toMatchObject({
			peopleChanged: {
				total: 1,
				items: [
					{
						nationalId: '082000000002',
						changes: [{ field: 'Chức danh', before: 'Văn thư', after: 'Chánh Văn phòng' }]
					}
				]
			}
		});
	});

	it('records a retirement and a move of a unit, each dated, with the agency event and the new paths', async () => {
		const people = current.people.map((p): PersonCells =>
			p[1] === '082000000001'
				? [
						'Nguyễn Văn Hùng',
						'082000000001',
						'nvhung@syt.dongthap.gov.vn',
						'SYT',
						'Giám đốc',
						null,
						'Nghỉ hưu',
						'31/10/2026'
					]
				: p
		);
		const agencies = current.agencies.map((a) =>
			a[0] === 'CDC'
				? (['CDC', 'Trung tâm Kiểm soát bệnh tật tỉnh', null, 'Đơn vị trực thuộc', 'SKHCN'] as typeof a)
				: a
		);
		const f = await file(people, agencies);
		const preview = await previewImportFile(h.db, 'organisation', f, NOW);
		expect(preview.entries.filter((e) => e.action === 'changed').map((e) => [e.key, e.changes])).toEqual([
			[
				'CDC',
				[
					{
						field: 'Tên',
						before: 'Trung tâm Kiểm soát bệnh tật',
						after: 'Trung tâm Kiểm soát bệnh tật tỉnh'
					},
					{ field: 'Cơ quan cấp trên', before: 'SYT', after: 'SKHCN' }
				]
			],
			['082000000001', [{ field: 'Trạng thái', before: 'Đang công tác', after: 'Nghỉ hưu (từ 31/10/2026)' }]]
		]);
		await applyImportFile(h.db, 'organisation', f, who, { now: NOW });
		current = { people, agencies };
		const hung = await h.db
			.selectFrom('people')
			.selectAll()
			.where('national_id', '=', '082000000001')
			.executeTakeFirstOrThrow();
		expect(hung).toMatchObject({ status: 'retired', status_since: '2026-10-31', title: 'Giám đốc' });
		expect(
			await h.db
				.selectFrom('person_status_history')
				.select(['status', 'since'])
				.where('person_id', '=', hung.id)
				.orderBy('since')
				.execute()
		).toEqual([
			{ status: 'active', since: '2023-01-02' },
			{ status: 'retired', since: '2026-10-31' }
		]);
		expect(
			await h.db
				.selectFrom('person_positions')
				.select(['title', 'valid_to'])
				.where('person_id', '=', hung.id)
				.execute()
		).toEqual([{ title: 'Giám đốc', valid_to: '2026-10-30' }]);
		const [skhcn, cdc] = await Promise.all(
			['SKHCN', 'CDC'].map((code) =>
				h.db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirstOrThrow()
			)
		);
		expect(cdc!.path).toBe(`${skhcn!.path}${cdc!.id}/`);
		const event = await h.db
			.selectFrom('agency_events')
			.selectAll()
			.where('agency_id', '=', cdc!.id)
			.where('kind', '=', 'imported')
			.executeTakeFirstOrThrow();
		expect(event.details).toEqual({
			name: ['Trung tâm Kiểm soát bệnh tật', 'Trung tâm Kiểm soát bệnh tật tỉnh'],
			parent_code: ['SYT', 'SKHCN'],
			source: 'import',
			file: 'so-do-to-chuc.xlsx',
			sha256: preview.file.sha256,
			batch_id: null
		});
	});

	it('reports agencies and people missing from the file, and keeps them', async () => {
		const f = await file(
			current.people.filter((p) => p[1] !== '087000000005'),
			current.agencies.filter((a) => a[0] !== 'P-CAOLANH')
		);
		const before = await importedRows(h.db);
		const preview = await previewImportFile(h.db, 'organisation', f, NOW);
		expect(preview.missing).toEqual([
			{ entity: 'agency', key: 'P-CAOLANH', label: 'Ủy ban nhân dân phường Cao Lãnh', detail: 'Phường' },
			{ entity: 'person', key: '087000000005', label: 'Võ Thành Nam', detail: 'Chủ tịch UBND, P-CAOLANH' }
		]);
		expect(preview.counts.agency).toMatchObject({ changed: 0, missing: 1 });
		await applyImportFile(h.db, 'organisation', f, who, { now: NOW });
		expect(await importedRows(h.db)).toEqual(before);
	});
});
