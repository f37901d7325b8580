// Agencies kept in the dashboard: create, rename, move (the materialised paths of the whole subtree,
// and an officer's scope after the move), dissolve and the history, each with its dated event and
// its audit entry; bad input is refused field by field and changes nothing. Merges: agencies-merge.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { isAppError } from '../../../src/lib/errors';
import {
	agencyChoices,
	agencyHistory,
	createAgency,
	dissolveAgency,
	moveAgency,
	renameAgency
} from '../../../src/lib/server/organisation/agencies';
import { fieldErrorsOf } from '../../../src/lib/server/organisation/agency-input';
import { agencyOptions, agencyTree, getAgency } from '../../../src/lib/server/inventory/agencies';
import { createSession, validateSession } from '../../../src/lib/server/auth/sessions';
import { inScope } from '../../../src/lib/server/scope';
import { agencyState, buildAgencyFixture, WHO, type AgencyFixture } from './agency-fixture';

let h: DbHandle;
let fx: AgencyFixture;
const ALL = { kind: 'all' } as const;

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildAgencyFixture(h.db);
});
afterAll(async () => h?.close());

const pathOf = async (id: number) =>
	(await h.db.selectFrom('agencies').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;
const lastAudit = () =>
	h.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
const details = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;

/** The change is refused with these field errors (or this message) and nothing is stored. */
async function refused(change: () => Promise<unknown>, expected: Record<string, RegExp> | RegExp) {
	const before = await agencyState(h.db);
	const err = await change().then(
		() => null,
		(e: unknown) => e
	);
	expect(isAppError(err), String(err)).toBe(true);
	if (!isAppError(err)) return;
	if (expected instanceof RegExp) expect(err.message).toMatch(expected);
	else
		for (const [field, message] of Object.entries(expected))
			expect(fieldErrorsOf(err)[field], `${field}: ${JSON.stringify(fieldErrorsOf(err))}`).toMatch(message);
	expect(await agencyState(h.db)).toEqual(before);
}

describe('creating an agency', () => {
	it('stores it under its parent with its path, a dated event and an audit entry', async () => {
		const id = await createAgency(
			h.db,
			{
				code: ' bvdk.2 ',
				name: 'Bệnh viện Đa khoa số 2',
				shortName: 'BVĐK 2',
				kind: 'unit',
				parentId: fx.id.SYT,
				effectiveOn: '15/03/2026',
				decisionNumber: '15/QĐ-UBND'
			},
			WHO
		);
		const a = await h.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(a).toMatchObject({ code: 'BVDK.2', kind: 'unit', parent_id: fx.id.SYT, active: true });
		expect(a.path).toBe(`/${fx.id.UBND}/${fx.id.SYT}/${id}/`);
		const ev = await h.db.selectFrom('agency_events').selectAll().where('agency_id', '=', id).execute();
		expect(ev).toHaveLength(1);
		expect(ev[0]).toMatchObject({
			kind: 'created',
			effective_on: '2026-03-15',
			decision_number: '15/QĐ-UBND',
			recorded_by: 'thanhtra'
		});
		expect(details(ev[0]!.details)).toMatchObject({
			name: [null, 'Bệnh viện Đa khoa số 2'],
			parent_code: [null, 'SYT']
		});
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'agency.create', entity_id: String(id), actor: 'thanhtra' });
		expect(details(audit.details)).toMatchObject({
			before: null,
			after: { code: 'BVDK.2', parent_code: 'SYT' }
		});
	});

	it('refuses a duplicate code (whatever its case), an unknown parent, a bad date, an empty name, a bad code', async () => {
		const base = {
			code: 'MOI',
			name: 'Cơ quan mới',
			kind: 'department',
			parentId: fx.id.UBND,
			effectiveOn: '01/07/2025'
		};
		await refused(() => createAgency(h.db, { ...base, code: 'syt' }, WHO), { code: /đã được dùng/ });
		await refused(() => createAgency(h.db, { ...base, parentId: 999_999 }, WHO), {
			parentId: /Không tìm thấy/
		});
		await refused(() => createAgency(h.db, { ...base, parentId: null, parentCode: 'KHONGCO' }, WHO), {
			parentCode: /Không có cơ quan cấp trên mã "KHONGCO"/
		});
		await refused(() => createAgency(h.db, { ...base, effectiveOn: '30/02/2026' }, WHO), {
			effectiveOn: /"30\/02\/2026" không có thật/
		});
		await refused(() => createAgency(h.db, { ...base, name: '   ' }, WHO), { name: /Nhập tên/ });
		await refused(() => createAgency(h.db, { ...base, code: 'Sở Y tế' }, WHO), { code: /2–32 ký tự/ });
		await refused(() => createAgency(h.db, { ...base, parentId: null }, WHO), {
			parentId: /Chọn cơ quan cấp trên/
		});
		await refused(() => createAgency(h.db, { ...base, kind: 'province' }, WHO), { parentId: /bỏ trống/ });
		await refused(() => createAgency(h.db, { ...base, kind: 'ministry' }, WHO), { kind: /Chọn loại/ });
	});
});

describe('choices for new data', () => {
	it('offers the active agencies of the province depth first, siblings by name', async () => {
		const choices = await agencyChoices(h.db);
		expect(choices[0]).toMatchObject({ code: 'UBND', depth: 0 });
		expect(choices.map((c) => c.code)).not.toContain('CA');
		const departments = choices.filter((c) => c.depth === 1).map((c) => c.name);
		expect(departments).toEqual([...departments].sort((a, b) => a.localeCompare(b, 'vi')));
		const at = (code: string) => choices.findIndex((c) => c.code === code);
		expect(at('BV')).toBeGreaterThan(at('SYT'));
		expect(choices[at('KHOA')]).toMatchObject({ depth: 3 });
		const outside = await agencyChoices(h.db, { excludeSubtreeOf: `/${fx.id.UBND}/${fx.id.SYT}/` });
		expect(outside.map((c) => c.code)).not.toContain('BV');
		expect(outside.map((c) => c.code)).toContain('SKHCN');
	});
});

describe('renaming', () => {
	it('changes the names and records both', async () => {
		await renameAgency(
			h.db,
			fx.id.SNV,
			{ name: 'Sở Nội vụ thử (mới)', shortName: 'SNV', effectiveOn: '2025-07-01', decisionNumber: '7/QĐ' },
			WHO
		);
		const a = await getAgency(h.db, ALL, fx.id.SNV);
		expect(a).toMatchObject({ name: 'Sở Nội vụ thử (mới)', short_name: 'SNV' });
		const audit = await lastAudit();
		expect(audit.action).toBe('agency.rename');
		expect(details(audit.details)).toMatchObject({
			before: { name: 'Sở Nội vụ thử', short_name: null },
			after: { name: 'Sở Nội vụ thử (mới)', short_name: 'SNV' }
		});
	});

	it('refuses the same names, a date before the creation, an empty name', async () => {
		const same = { name: 'Sở Nội vụ thử (mới)', shortName: 'SNV', effectiveOn: '01/08/2025' };
		await refused(() => renameAgency(h.db, fx.id.SNV, same, WHO), { name: /trùng/ });
		await refused(
			() => renameAgency(h.db, fx.id.SNV, { ...same, name: 'X', effectiveOn: '31/12/2019' }, WHO),
			{
				effectiveOn: /từ ngày thành lập .* \(01\/01\/2020\)/
			}
		);
		await refused(() => renameAgency(h.db, fx.id.SNV, { ...same, name: '' }, WHO), { name: /Nhập tên/ });
	});
});

describe('moving in the tree', () => {
	it('rewrites the paths of the whole moved subtree and nothing else', async () => {
		const others = await h.db
			.selectFrom('agencies')
			.select(['id', 'path'])
			.where('id', 'not in', [fx.id.BV, fx.id.KHOA])
			.orderBy('id')
			.execute();
		await moveAgency(h.db, fx.id.BV, { parentCode: 'skhcn', effectiveOn: '01/07/2025' }, WHO);
		expect(await pathOf(fx.id.BV)).toBe(`/${fx.id.UBND}/${fx.id.SKHCN}/${fx.id.BV}/`);
		expect(await pathOf(fx.id.KHOA)).toBe(`/${fx.id.UBND}/${fx.id.SKHCN}/${fx.id.BV}/${fx.id.KHOA}/`);
		expect(
			await h.db
				.selectFrom('agencies')
				.select(['id', 'path'])
				.where('id', 'not in', [fx.id.BV, fx.id.KHOA])
				.orderBy('id')
				.execute()
		).toEqual(others);
		const audit = await lastAudit();
		expect(audit.action).toBe('agency.move');
		expect(details(audit.details)).toMatchObject({
			before: { parent_code: 'SYT', path: `/${fx.id.UBND}/${fx.id.SYT}/${fx.id.BV}/` },
			after: { parent_code: 'SKHCN', path: `/${fx.id.UBND}/${fx.id.SKHCN}/${fx.id.BV}/` },
			subtreeSize: 2
		});
	});

	it("keeps an officer of the moved agency in scope of their subtree, and moves it between the departments' scopes", async () => {
		const officer = async (agencyId: number, username: string) => {
			const u = await h.db
				.insertInto('users')
				.values({ username, display_name: username, password_hash: 'x', agency_id: agencyId })
				.returning('id')
				.executeTakeFirstOrThrow();
			await h.db.insertInto('user_roles').values({ user_id: u.id, role: 'agency_officer' }).execute();
			const user = await validateSession(h.db, (await createSession(h.db, u.id, {})).token);
			return user!.scope;
		};
		type Scope = Awaited<ReturnType<typeof officer>>;
		const ids = async (scope: Scope) => (await agencyTree(h.db, scope)).map((n) => n.id).sort();
		const certs = async (scope: Scope) =>
			(
				await h.db
					.selectFrom('certificates')
					.select('id')
					.where(({ ref }) => inScope(scope, ref('agency_id')))
					.execute()
			)
				.map((c) => c.id)
				.sort();
		const bv = await officer(fx.id.BV, 'bv');
		expect(bv).toMatchObject({ kind: 'subtree', path: `/${fx.id.UBND}/${fx.id.SKHCN}/${fx.id.BV}/` });
		expect(await ids(bv)).toEqual([fx.id.BV, fx.id.KHOA].sort());
		expect(await certs(bv)).toEqual([fx.cert.BV, fx.cert.KHOA].sort());
		expect(await ids(await officer(fx.id.SKHCN, 'skhcn'))).toEqual(
			[fx.id.SKHCN, fx.id.BV, fx.id.KHOA].sort()
		);
		const syt = await officer(fx.id.SYT, 'syt');
		expect(await ids(syt)).toContain(fx.id.SYT);
		expect(await ids(syt)).not.toContain(fx.id.BV);
		expect(await certs(syt)).toEqual([fx.cert.SYT]);
	});

	it('refuses a cycle, the province root, an unknown parent, the same parent, a bad date', async () => {
		const to = (parentId: number | null, extra = {}) => ({ parentId, effectiveOn: '01/08/2025', ...extra });
		await refused(() => moveAgency(h.db, fx.id.BV, to(fx.id.KHOA), WHO), {
			parentId: /chính nó hoặc vào một đơn vị trực thuộc/
		});
		await refused(() => moveAgency(h.db, fx.id.BV, to(fx.id.BV), WHO), { parentId: /chính nó/ });
		await refused(() => moveAgency(h.db, fx.id.UBND, to(fx.id.SYT), WHO), /cấp tỉnh/);
		await refused(() => moveAgency(h.db, fx.id.BV, to(null, { parentCode: 'NOPE' }), WHO), {
			parentCode: /mã "NOPE"/
		});
		await refused(() => moveAgency(h.db, fx.id.BV, to(fx.id.SKHCN), WHO), { parentId: /đã trực thuộc/ });
		await refused(() => moveAgency(h.db, fx.id.BV, to(fx.id.CA), WHO), { parentId: /ngoài tỉnh/ });
		await refused(() => moveAgency(h.db, fx.id.BV, to(fx.id.SYT, { effectiveOn: '32/01/2026' }), WHO), {
			effectiveOn: /không có thật/
		});
	});
});

describe('dissolving', () => {
	it('refuses while active units remain, then ends the agency; its page and the filters still show it', async () => {
		await refused(
			() => dissolveAgency(h.db, fx.id.BV, { effectiveOn: '01/01/2026' }, WHO),
			/còn 1 đơn vị trực thuộc đang hoạt động \("Khoa Nội thử"\)/
		);
		await dissolveAgency(h.db, fx.id.KHOA, { effectiveOn: '31/12/2025', decisionNumber: '99/QĐ' }, WHO);
		expect(await getAgency(h.db, ALL, fx.id.KHOA)).toMatchObject({ active: false, ended_on: '2025-12-31' });
		const audit = await lastAudit();
		expect(audit.action).toBe('agency.dissolve');
		expect(details(audit.details)).toMatchObject({
			before: { active: true, ended_on: null },
			after: { active: false, ended_on: '2025-12-31' }
		});
		expect((await agencyChoices(h.db)).map((c) => c.id)).not.toContain(fx.id.KHOA);
		expect((await agencyOptions(h.db, ALL)).map((c) => c.id)).toContain(fx.id.KHOA);
		await refused(
			() => dissolveAgency(h.db, fx.id.KHOA, { effectiveOn: '01/01/2026' }, WHO),
			/đã ngừng hoạt động từ 31\/12\/2025/
		);
		await refused(
			() => renameAgency(h.db, fx.id.KHOA, { name: 'Khác', effectiveOn: '01/01/2026' }, WHO),
			/đã ngừng hoạt động/
		);
	});

	it('refuses a new agency under a dissolved one', async () => {
		await refused(
			() =>
				createAgency(
					h.db,
					{ code: 'PHONG1', name: 'Phòng 1', kind: 'unit', parentId: fx.id.KHOA, effectiveOn: '01/02/2026' },
					WHO
				),
			{ parentId: /đã ngừng hoạt động/ }
		);
	});
});

describe('history', () => {
	it('lists the events newest first, naming the agencies involved', async () => {
		const bv = await agencyHistory(h.db, fx.id.BV);
		expect(bv.map((e) => [e.kind, e.effectiveOn])).toEqual([
			['moved', '2025-07-01'],
			['created', '2020-01-01']
		]);
		expect(bv[0]).toMatchObject({
			fromParent: { id: fx.id.SYT, code: 'SYT', name: 'Sở Y tế thử' },
			toParent: { id: fx.id.SKHCN, name: 'Sở Khoa học và Công nghệ thử' },
			recordedBy: 'thanhtra'
		});
		const snv = await agencyHistory(h.db, fx.id.SNV);
		expect(snv[0]).toMatchObject({
			kind: 'renamed',
			name: ['Sở Nội vụ thử', 'Sở Nội vụ thử (mới)'],
			decisionNumber: '7/QĐ'
		});
		expect((await agencyHistory(h.db, fx.id.KHOA))[0]).toMatchObject({
			kind: 'dissolved',
			effectiveOn: '2025-12-31'
		});
	});
});
