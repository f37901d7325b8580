// Merging agencies as the 2025 reorganisation did: absorbed (the old agency ends, its units move to
// the new one, optionally its people in post too) or as a unit of the new one. What was signed,
// issued and found under the old agency stays attached to it; filters still offer it, forms do not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { isAppError } from '../../../src/lib/errors';
import { agencyChoices, agencyHistory, mergeAgency } from '../../../src/lib/server/organisation/agencies';
import { fieldErrorsOf } from '../../../src/lib/server/organisation/agency-input';
import { agencyOptions, getAgency } from '../../../src/lib/server/inventory/agencies';
import { agencyOptions as requestAgencyOptions } from '../../../src/lib/server/requests/agency-options';
import { agencyOptions as userAgencyOptions } from '../../../src/lib/server/auth/agency-options';
import { linkableAgencies } from '../../../src/lib/server/inventory/certificate-link';
import { listSigningEvents } from '../../../src/lib/server/signing/activity';
import { resolveRange } from '../../../src/lib/server/signing/filter';
import { agencyState, buildAgencyFixture, WHO, type AgencyFixture } from './agency-fixture';

let h: DbHandle;
let fx: AgencyFixture;
const ALL = { kind: 'all' } as const;

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildAgencyFixture(h.db);
	// A post recorded after the merge's effective day (posts backfilled with the day of the record).
	await h.db
		.updateTable('person_positions')
		.set({ valid_from: '2026-12-01' })
		.where('person_id', '=', fx.people.clerk)
		.execute();
});
afterAll(async () => h?.close());

const details = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
const agency = (id: number) =>
	h.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

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
			expect(fieldErrorsOf(err)[field], JSON.stringify(fieldErrorsOf(err))).toMatch(message);
	expect(await agencyState(h.db)).toEqual(before);
}

describe('merging', () => {
	it('refuses a merge into itself, into its own unit, an unknown target, a bad mode or date', async () => {
		const input = { targetId: fx.id.SKHCN, mode: 'absorbed', effectiveOn: '01/07/2025' };
		await refused(() => mergeAgency(h.db, fx.id.STTTT, { ...input, targetId: fx.id.STTTT }, WHO), {
			targetId: /chính nó/
		});
		await refused(() => mergeAgency(h.db, fx.id.STTTT, { ...input, targetId: fx.id.TTCNTT }, WHO), {
			targetId: /đơn vị trực thuộc/
		});
		await refused(
			() => mergeAgency(h.db, fx.id.STTTT, { ...input, targetId: null, targetCode: 'khongco' }, WHO),
			{ targetCode: /mã "KHONGCO"/ }
		);
		await refused(() => mergeAgency(h.db, fx.id.STTTT, { ...input, targetId: fx.id.CA }, WHO), {
			targetId: /trong tỉnh/
		});
		await refused(() => mergeAgency(h.db, fx.id.STTTT, { ...input, mode: 'gone' }, WHO), {
			mode: /cách sáp nhập/
		});
		await refused(() => mergeAgency(h.db, fx.id.STTTT, { ...input, effectiveOn: '29/02/2025' }, WHO), {
			effectiveOn: /không có thật/
		});
		await refused(() => mergeAgency(h.db, fx.id.STTTT, { ...input, targetId: null }, WHO), {
			targetId: /Chọn cơ quan tiếp nhận/
		});
	});

	it('absorbed: ends the old agency, moves its units and its people in post, keeps its history attached', async () => {
		const result = await mergeAgency(
			h.db,
			fx.id.STTTT,
			{
				targetCode: 'SKHCN',
				mode: 'absorbed',
				effectiveOn: '01/07/2025',
				decisionNumber: '1688/QĐ-UBND',
				movePeople: 'on'
			},
			WHO
		);
		expect(result.unitsMoved).toEqual(['TTCNTT']);
		expect(await agency(fx.id.STTTT)).toMatchObject({
			active: false,
			merged_into_id: fx.id.SKHCN,
			ended_on: '2025-07-01',
			path: `/${fx.id.UBND}/${fx.id.STTTT}/`
		});
		expect(await agency(fx.id.TTCNTT)).toMatchObject({
			active: true,
			parent_id: fx.id.SKHCN,
			path: `/${fx.id.UBND}/${fx.id.SKHCN}/${fx.id.TTCNTT}/`
		});

		// Signed, issued and held under the old agency: still the old agency.
		const event = await h.db
			.selectFrom('signing_events')
			.select('document_agency_id')
			.where('certificate_id', '=', fx.cert.STTTT)
			.executeTakeFirstOrThrow();
		expect(event.document_agency_id).toBe(fx.id.STTTT);
		const cert = await h.db
			.selectFrom('certificates')
			.select('agency_id')
			.where('id', '=', fx.cert.STTTT)
			.executeTakeFirstOrThrow();
		expect(cert.agency_id).toBe(fx.id.STTTT);
		const token = await h.db
			.selectFrom('token_holdings')
			.select('holder_agency_id')
			.where('token_id', '=', fx.token.STTTT)
			.executeTakeFirstOrThrow();
		expect(token.holder_agency_id).toBe(fx.id.STTTT);

		// People in post continue at the new agency with the same title; the retired one stays.
		const people = await h.db
			.selectFrom('people')
			.select(['id', 'agency_id'])
			.where('id', 'in', Object.values(fx.people))
			.orderBy('id')
			.execute();
		expect(people).toEqual([
			{ id: fx.people.director, agency_id: fx.id.SKHCN },
			{ id: fx.people.clerk, agency_id: fx.id.SKHCN },
			{ id: fx.people.retired, agency_id: fx.id.STTTT }
		]);
		const posts = await h.db
			.selectFrom('person_positions')
			.select(['person_id', 'agency_id', 'title', 'valid_from', 'valid_to', 'decision_number'])
			.where('person_id', 'in', [fx.people.director, fx.people.clerk])
			.orderBy('person_id')
			.orderBy('id')
			.execute();
		expect(posts).toEqual([
			{
				person_id: fx.people.director,
				agency_id: fx.id.STTTT,
				title: 'Giám đốc',
				valid_from: '2020-01-01',
				valid_to: '2025-07-01',
				decision_number: null
			},
			{
				person_id: fx.people.director,
				agency_id: fx.id.SKHCN,
				title: 'Giám đốc',
				valid_from: '2025-07-01',
				valid_to: null,
				decision_number: '1688/QĐ-UBND'
			},
			{
				person_id: fx.people.clerk,
				agency_id: fx.id.STTTT,
				title: 'Văn thư',
				valid_from: '2026-12-01',
				valid_to: '2026-12-01',
				decision_number: null
			},
			{
				person_id: fx.people.clerk,
				agency_id: fx.id.SKHCN,
				title: 'Văn thư',
				valid_from: '2026-12-01',
				valid_to: null,
				decision_number: '1688/QĐ-UBND'
			}
		]);

		const audit = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.orderBy('id', 'desc')
			.limit(1)
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ action: 'agency.merge', entity_id: String(fx.id.STTTT) });
		expect(details(audit.details)).toMatchObject({
			mode: 'absorbed',
			target: { code: 'SKHCN' },
			before: { active: true, merged_into_code: null, ended_on: null },
			after: { active: false, merged_into_code: 'SKHCN', ended_on: '2025-07-01' },
			unitsMoved: ['TTCNTT'],
			peopleMoved: [
				{
					personId: fx.people.director,
					before: { agency_id: fx.id.STTTT },
					after: { agency_id: fx.id.SKHCN }
				},
				{ personId: fx.people.clerk, before: { agency_id: fx.id.STTTT }, after: { agency_id: fx.id.SKHCN } }
			]
		});
	});

	it('records merged on the old agency, absorbed on the new one, moved on its units', async () => {
		const [old] = await agencyHistory(h.db, fx.id.STTTT);
		expect(old).toMatchObject({
			kind: 'merged',
			mode: 'absorbed',
			effectiveOn: '2025-07-01',
			decisionNumber: '1688/QĐ-UBND',
			other: { id: fx.id.SKHCN, name: 'Sở Khoa học và Công nghệ thử' },
			unitsMoved: [{ id: fx.id.TTCNTT, code: 'TTCNTT' }],
			peopleMoved: 2
		});
		const [target] = await agencyHistory(h.db, fx.id.SKHCN);
		expect(target).toMatchObject({
			kind: 'absorbed',
			other: { id: fx.id.STTTT, name: 'Sở Thông tin và Truyền thông thử' }
		});
		const [unit] = await agencyHistory(h.db, fx.id.TTCNTT);
		expect(unit).toMatchObject({
			kind: 'moved',
			fromParent: { code: 'STTTT' },
			toParent: { code: 'SKHCN' },
			other: { code: 'SKHCN' }
		});
	});

	it('keeps the merged agency in filters and its page, but not among the choices for new data', async () => {
		expect(await getAgency(h.db, ALL, fx.id.STTTT)).toMatchObject({
			active: false,
			merged_into_id: fx.id.SKHCN,
			merged_into_name: 'Sở Khoa học và Công nghệ thử'
		});
		expect((await agencyOptions(h.db, ALL)).map((o) => o.id)).toContain(fx.id.STTTT);
		expect((await agencyChoices(h.db)).map((o) => o.id)).not.toContain(fx.id.STTTT);
		// Forms for new requests, inspections, users and API keys: active agencies only.
		expect((await requestAgencyOptions(h.db, ALL)).map((o) => o.id)).not.toContain(fx.id.STTTT);
		expect((await requestAgencyOptions(h.db, ALL, { includeEnded: true })).map((o) => o.id)).toContain(
			fx.id.STTTT
		);
		expect((await userAgencyOptions(h.db)).map((o) => o.code)).not.toContain('STTTT');
		// Editing a user of the merged agency keeps it selected; a certificate of it stays linkable as it is.
		expect((await userAgencyOptions(h.db, { keep: 'STTTT' })).map((o) => o.code)).toContain('STTTT');
		expect((await linkableAgencies(h.db, fx.id.STTTT)).map((o) => o.id)).toContain(fx.id.STTTT);
		expect((await linkableAgencies(h.db, fx.id.SNV)).map((o) => o.id)).not.toContain(fx.id.STTTT);
		const range = resolveRange({ from: '2025-03-01', to: '2025-03-31' });
		const signed = await listSigningEvents(h.db, ALL, { bucket: 'month', agency: fx.id.STTTT }, range);
		expect(signed.rows.map((r) => r.certificate_id)).toEqual([fx.cert.STTTT]);
	});

	it('refuses to merge into, or to merge again, an agency that has ended', async () => {
		await refused(
			() =>
				mergeAgency(
					h.db,
					fx.id.SNV,
					{ targetId: fx.id.STTTT, mode: 'units', effectiveOn: '01/08/2025' },
					WHO
				),
			{ targetId: /đã ngừng hoạt động/ }
		);
		await refused(
			() =>
				mergeAgency(
					h.db,
					fx.id.STTTT,
					{ targetId: fx.id.SNV, mode: 'units', effectiveOn: '01/08/2025' },
					WHO
				),
			/đã ngừng hoạt động từ 01\/07\/2025/
		);
	});

	it('as units: the old agency becomes a unit of the new one with its own units, and stays active', async () => {
		await mergeAgency(
			h.db,
			fx.id.SYT,
			{ targetId: fx.id.SNV, mode: 'units', effectiveOn: '01/07/2025' },
			WHO
		);
		const syt = await agency(fx.id.SYT);
		expect(syt).toMatchObject({ kind: 'unit', parent_id: fx.id.SNV, active: true, merged_into_id: null });
		expect(syt.path).toBe(`/${fx.id.UBND}/${fx.id.SNV}/${fx.id.SYT}/`);
		expect((await agency(fx.id.KHOA)).path).toBe(
			`/${fx.id.UBND}/${fx.id.SNV}/${fx.id.SYT}/${fx.id.BV}/${fx.id.KHOA}/`
		);
		const [ev] = await agencyHistory(h.db, fx.id.SYT);
		expect(ev).toMatchObject({
			kind: 'merged',
			mode: 'units',
			other: { id: fx.id.SNV },
			fromParent: { code: 'UBND' },
			toParent: { code: 'SNV' }
		});
		expect((await agencyHistory(h.db, fx.id.SNV)).map((e) => e.kind)).toEqual(['created']);
		await refused(
			() =>
				mergeAgency(h.db, fx.id.SYT, { targetId: fx.id.SNV, mode: 'units', effectiveOn: '02/07/2025' }, WHO),
			{ targetId: /đã là đơn vị trực thuộc/ }
		);
	});
});
