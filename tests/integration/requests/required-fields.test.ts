// What a request must name when filed, per kind (requiredRequestFields, Decree 68 Art. 10-22): a
// new issuance for a person names the person (picked "Name (#id)" or typed in full, in the chosen
// agency), one for an agency names no one; a renewal, change or revocation names the certificate;
// a recovery names the device or a certificate on it. Each refusal names its field in Vietnamese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import { createRequest, getRequest, type CreateRequestInput } from '../../../src/lib/server/requests/service';
import { REQUEST_KINDS, requiredRequestFields } from '../../../src/lib/domain';

let h: DbHandle;
let agencyA: number;
let unitA: number;
let agencyB: number;
let an: number;
let anTwin: number;
let binh: number;
let retired: number;
let otherAgencyPerson: number;
let certSerial: string;
let officer: AuthUser;
const who = { userId: null, actor: 'test', ip: null };
const NOW = new Date('2026-06-30T03:00:00Z');

async function agency(
	code: string,
	name: string,
	parent?: { id: number; path: string }
): Promise<{ id: number; path: string }> {
	const a = await h.db
		.insertInto('agencies')
		.values({ code, name, kind: parent ? 'unit' : 'province', parent_id: parent?.id ?? null, path: '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const path = `${parent?.path ?? '/'}${a.id}/`;
	await h.db.updateTable('agencies').set({ path }).where('id', '=', a.id).execute();
	return { id: a.id, path };
}
async function person(agencyId: number, full_name: string, status: 'active' | 'retired' = 'active') {
	return (
		await h.db
			.insertInto('people')
			.values({
				agency_id: agencyId,
				full_name,
				title: 'Chuyên viên',
				status,
				status_since: status === 'active' ? null : '2026-01-01'
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

beforeAll(async () => {
	h = await openTestDb();
	const a = await agency('RF_A', 'Sở Thử A');
	const u = await agency('RF_A1', 'Phòng Thử A1', a);
	const b = await agency('RF_B', 'Sở Thử B');
	[agencyA, unitA, agencyB] = [a.id, u.id, b.id];
	an = await person(unitA, 'Nguyễn Văn An');
	binh = await person(agencyA, 'Lê Thị Bình');
	anTwin = await person(agencyA, 'Trần Minh Quân');
	await person(agencyA, 'Trần Minh Quân');
	retired = await person(agencyA, 'Phạm Hữu Hưu', 'retired');
	otherAgencyPerson = await person(agencyB, 'Nguyễn Thị Khác');
	const tokenId = await insertToken(h.db, {
		serial: 'RF-TOKEN-1',
		agencyId: agencyA,
		holderPersonId: binh,
		status: 'locked'
	});
	const cert = await h.db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: 'cd'.repeat(32),
			serial_number: '7f0001',
			issuer_dn: 'CN=CA',
			subject_dn: 'CN=Lê Thị Bình',
			subject_cn: 'Lê Thị Bình',
			kind: 'individual',
			agency_id: agencyA,
			person_id: binh,
			not_before: new Date('2025-01-01T00:00:00+07:00'),
			not_after: new Date('2028-01-01T00:00:00+07:00'),
			status: 'active',
			token_id: tokenId,
			der: new Uint8Array([1])
		})
		.returning('serial_number')
		.executeTakeFirstOrThrow();
	certSerial = cert.serial_number;
	officer = {
		id: 9,
		username: 'coquan-a',
		displayName: 'Cán bộ A',
		roles: ['agency_officer'],
		agencyId: agencyA,
		scope: { kind: 'subtree', agencyId: agencyA, path: a.path },
		sessionId: 's'
	};
});
afterAll(async () => h?.close());

const file = (input: Partial<CreateRequestInput>) =>
	createRequest(h.db, officer, { kind: 'issue', agencyId: agencyA, ...input }, who, NOW);
const filed = (id: number) =>
	h.db
		.selectFrom('lifecycle_requests')
		.select(['kind', 'form', 'person_id as personId', 'certificate_id as certificateId'])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
const refusedOn = async (input: Partial<CreateRequestInput>, field: string, words: RegExp) => {
	const e = await file(input).then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field } });
	expect((e as Error).message).toMatch(words);
};

describe('the fields each kind requires', () => {
	it('lists them per kind', () => {
		expect(REQUEST_KINDS.map((k) => [k, requiredRequestFields(k, 'individual')])).toEqual([
			['issue', ['person']],
			['renew', ['certificate']],
			['change', ['certificate']],
			['revoke', ['certificate']],
			['recover', ['device']]
		]);
		expect(requiredRequestFields('issue', 'organisation')).toEqual([]);
	});

	it('a new issuance for a person names the person, and only one in the chosen agency', async () => {
		await refusedOn({ kind: 'issue' }, 'person', /người được cấp/);
		await refusedOn({ kind: 'issue', person: 'Nguyễn Thị Khác' }, 'person', /Không tìm thấy/);
		await refusedOn(
			{ kind: 'issue', person: `Nguyễn Thị Khác (#${otherAgencyPerson})` },
			'person',
			/phạm vi/
		);
		await refusedOn({ kind: 'issue', person: 'tran minh quan' }, 'person', /2 người tên/);
		await refusedOn({ kind: 'issue', person: `(#${retired})` }, 'person', /Đã nghỉ hưu|nghỉ hưu/i);
		await refusedOn(
			{ kind: 'issue', person: 'Nguyễn Văn An', certificate: certSerial },
			'certificate',
			/để trống/
		);
		await refusedOn(
			{ kind: 'issue', agencyId: unitA, person: `Lê Thị Bình (#${binh})` },
			'person',
			/không thuộc cơ quan đã chọn/
		);

		// Typed in full without accents, the one person of that name in the agency's subtree.
		const typed = await file({ kind: 'issue', person: 'nguyen van an' });
		expect(await filed(typed)).toMatchObject({ form: 'Mẫu 01', personId: an });
		// Picked from the list: the record number decides, even between namesakes.
		const picked = await file({ kind: 'issue', person: `Trần Minh Quân (#${anTwin})` });
		expect(await filed(picked)).toMatchObject({ personId: anTwin });
	});

	it('a new issuance for an agency names no one and is filed on Mẫu 02', async () => {
		await refusedOn(
			{ kind: 'issue', subscriber: 'organisation', person: 'Nguyễn Văn An' },
			'person',
			/Mẫu 02/
		);
		const id = await file({ kind: 'issue', subscriber: 'organisation' });
		expect(await filed(id)).toMatchObject({ form: 'Mẫu 02', personId: null });
	});

	it.each([
		['renew', 'gia hạn', 'Mẫu 04'],
		['change', 'thay đổi thông tin', 'Mẫu 04'],
		['revoke', 'thu hồi', 'Mẫu 05']
	] as const)('a %s names the certificate', async (kind, words, form) => {
		await refusedOn({ kind }, 'certificate', new RegExp(`${words}.*phải ghi chứng thư`));
		await refusedOn({ kind, certificate: 'ffff' }, 'certificate', /Không tìm thấy chứng thư/);
		const id = await file({ kind, certificate: certSerial.toUpperCase() });
		expect(await filed(id)).toMatchObject({ kind, form, personId: binh });
	});

	it('a recovery names the device, or a certificate kept on one', async () => {
		await refusedOn({ kind: 'recover' }, 'tokenSerial', /số sê-ri thiết bị/);
		await refusedOn({ kind: 'recover', tokenSerial: 'NO-SUCH' }, 'tokenSerial', /Không tìm thấy thiết bị/);
		const bySerial = await file({ kind: 'recover', tokenSerial: 'RF-TOKEN-1' });
		const byCert = await file({ kind: 'recover', certificate: certSerial });
		for (const id of [bySerial, byCert])
			expect(await getRequest(h.db, officer, id, NOW)).toMatchObject({
				form: 'Mẫu 06',
				tokenSerial: 'RF-TOKEN-1'
			});
	});

	it('refuses an unknown kind with a message, not an exception of the parser', async () => {
		await refusedOn({ kind: 'nope' as never }, 'kind', /Chọn loại yêu cầu/);
	});
});
