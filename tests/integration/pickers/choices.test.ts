// The forms' pickers (/api/chon/*): accent-insensitive search within the user's agencies (an officer
// never sees another agency's people, certificates or devices), optionally one agency's subtree,
// at most CHOICE_LIMIT answers; a picked value reads back as the same record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import { insertToken } from '../../helpers/tokens';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AuthUser } from '../../../src/lib/server/auth/roles';
import {
	CHOICE_LIMIT,
	certificateChoices,
	deviceChoices,
	personChoices
} from '../../../src/lib/server/pickers/choices';
import { choicesResponse } from '../../../src/lib/server/pickers/endpoint';
import { pickedId, resolvePerson } from '../../../src/lib/server/pickers/resolve';

let h: DbHandle;
let a: { id: number; path: string };
let unit: { id: number; path: string };
let b: { id: number; path: string };
let officerA: AuthUser;
const all = { kind: 'all' } as const;

async function agency(code: string, parent?: { id: number; path: string }) {
	const row = await h.db
		.insertInto('agencies')
		.values({
			code,
			name: `Cơ quan ${code}`,
			kind: parent ? 'unit' : 'province',
			parent_id: parent?.id ?? null,
			path: ''
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const path = `${parent?.path ?? '/'}${row.id}/`;
	await h.db.updateTable('agencies').set({ path }).where('id', '=', row.id).execute();
	return { id: row.id, path };
}
const person = async (agencyId: number, full_name: string) =>
	(
		await h.db
			.insertInto('people')
			.values({ agency_id: agencyId, full_name, title: 'Chuyên viên' })
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;

beforeAll(async () => {
	h = await openTestDb();
	a = await agency('PK_A');
	unit = await agency('PK_A1', a);
	b = await agency('PK_B');
	await person(a.id, 'Nguyễn Văn Ánh');
	await person(unit.id, 'Nguyễn Thị Đào');
	await person(a.id, 'Lê Văn Hùng');
	await person(b.id, 'Nguyễn Văn Khác');
	for (let i = 0; i < CHOICE_LIMIT + 5; i++) await person(a.id, `Trần Nguyên ${String(i).padStart(2, '0')}`);
	const hungId = await person(a.id, 'Đặng Hữu Phúc');
	await insertToken(h.db, { serial: 'PK-TOK-A', agencyId: a.id, holderPersonId: hungId, status: 'locked' });
	await insertToken(h.db, { serial: 'PK-TOK-B', agencyId: b.id });
	for (const [n, agencyId, cn] of [
		[1, a.id, 'Đặng Hữu Phúc'],
		[2, b.id, 'Đặng Hữu Phúc khác']
	] as const)
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: String(n).repeat(64),
				serial_number: `abc00${n}`,
				issuer_dn: 'CN=CA',
				subject_dn: `CN=${cn}`,
				subject_cn: cn,
				kind: 'individual',
				agency_id: agencyId,
				not_before: new Date('2025-01-01T00:00:00+07:00'),
				not_after: new Date('2028-01-01T00:00:00+07:00'),
				status: 'active',
				der: new Uint8Array([n])
			})
			.execute();
	officerA = {
		id: 3,
		username: 'pk-a',
		displayName: 'A',
		roles: ['agency_officer'],
		agencyId: a.id,
		scope: { kind: 'subtree', agencyId: a.id, path: a.path },
		sessionId: 's'
	};
});
afterAll(async () => h?.close());

describe('person choices', () => {
	it('find "nguyen van" without accents, only within the officer’s agencies', async () => {
		const mine = await personChoices(h.db, officerA.scope, { q: 'nguyen van', agencyId: null }, 'vi');
		expect(mine.map((c) => c.value.replace(/ \(#\d+\)$/, ''))).toEqual(['Nguyễn Văn Ánh']);
		const everyone = await personChoices(h.db, all, { q: 'NGUYEN VAN', agencyId: null }, 'vi');
		// Ordered by the name without accents: Ánh before Khác.
		expect(everyone.map((c) => c.value.replace(/ \(#\d+\)$/, ''))).toEqual([
			'Nguyễn Văn Ánh',
			'Nguyễn Văn Khác'
		]);
		// Asking for another agency's subtree does not widen the scope.
		expect(await personChoices(h.db, officerA.scope, { q: 'nguyen', agencyId: b.id }, 'vi')).toEqual([]);
	});

	it('narrows to the chosen agency’s subtree and answers at most CHOICE_LIMIT', async () => {
		const unitOnly = await personChoices(h.db, all, { q: 'nguyen', agencyId: unit.id }, 'vi');
		expect(unitOnly.map((c) => c.value.replace(/ \(#\d+\)$/, ''))).toEqual(['Nguyễn Thị Đào']);
		expect(unitOnly[0]!.label).toContain('Chuyên viên');
		expect(await personChoices(h.db, officerA.scope, { q: 'tran', agencyId: null }, 'vi')).toHaveLength(
			CHOICE_LIMIT
		);
	});

	it('a picked value reads back as the same person', async () => {
		const [choice] = await personChoices(h.db, officerA.scope, { q: 'dao', agencyId: null }, 'vi');
		expect(pickedId(choice!.value)).not.toBeNull();
		const back = await resolvePerson(h.db, officerA.scope, a.id, choice!.value, 'person', 'người');
		expect(back.full_name).toBe('Nguyễn Thị Đào');
		expect(pickedId('Tổ 3')).toBeNull();
		expect(pickedId('#42')).toBe(42);
	});
});

describe('certificate and device choices', () => {
	it('find a certificate by its subscriber without accents or by its serial, within scope', async () => {
		const byName = await certificateChoices(h.db, officerA.scope, { q: 'dang huu', agencyId: null }, 'vi');
		expect(byName.map((c) => c.value)).toEqual(['abc001']);
		expect(byName[0]!.label).toContain('01/01/2028');
		const bySerial = await certificateChoices(h.db, all, { q: 'ABC00', agencyId: null }, 'vi');
		expect(bySerial.map((c) => c.value).sort()).toEqual(['abc001', 'abc002']);
	});

	it('find a device by serial or its holder, within scope', async () => {
		const mine = await deviceChoices(h.db, officerA.scope, { q: 'pk-tok', agencyId: null }, 'vi');
		expect(mine.map((c) => c.value)).toEqual(['PK-TOK-A']);
		expect(mine[0]!.label).toContain('Đặng Hữu Phúc');
		const byHolder = await deviceChoices(h.db, all, { q: 'phuc', agencyId: null }, 'en');
		expect(byHolder.map((c) => c.value)).toEqual(['PK-TOK-A']);
	});
});

describe('the endpoint', () => {
	it('answers the signed-in user’s choices as JSON and refuses the anonymous', async () => {
		const url = new URL('http://localhost/api/chon/nguoi?q=nguyen%20van');
		const ok = await choicesResponse({ locals: { user: officerA, lang: 'vi' }, url }, h.db, personChoices);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('cache-control')).toContain('no-store');
		const body = (await ok.json()) as { value: string }[];
		expect(body.map((c) => c.value.replace(/ \(#\d+\)$/, ''))).toEqual(['Nguyễn Văn Ánh']);
		const anon = await choicesResponse({ locals: { user: null, lang: 'vi' }, url }, h.db, personChoices);
		expect(anon.status).toBe(401);
	});
});
