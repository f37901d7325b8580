// Linking a certificate to its holder by hand: unlinked certificates are found with the list's filter,
// a wrong pairing is refused in Vietnamese without touching the row, and a good one is stored and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { buildFixture, NOW, type Fixture } from './fixtures';
import {
	certificateFilterSchema,
	listCertificates
} from '../../../src/lib/server/inventory/certificate-list';
import { parseQuery } from '../../../src/lib/server/inventory/filters';
import { linkablePeople, linkCertificate } from '../../../src/lib/server/inventory/certificate-link';

let h: DbHandle;
let fx: Fixture;
let orphanOrg: number;
let orphanPerson: number;
const ALL: AgencyScope = { kind: 'all' };
const who = { userId: null, actor: 'thanhtra', ip: null };
const unlinked = () =>
	listCertificates(
		h.db,
		ALL,
		parseQuery(certificateFilterSchema, new URLSearchParams({ unlinked: '1' })).value,
		NOW
	);

beforeAll(async () => {
	h = await openTestDb();
	fx = await buildFixture(h.db);
	const add = async (cn: string, kind: 'organisation' | 'individual', agencyId: number | null, n: number) =>
		(
			await h.db
				.insertInto('certificates')
				.values({
					fingerprint_sha256: `cd${n}`.padEnd(64, '0'),
					serial_number: `7a0${n}`,
					issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
					subject_dn: `CN=${cn}, C=VN`,
					subject_cn: cn,
					kind,
					agency_id: agencyId,
					person_id: null,
					not_before: new Date('2025-01-01'),
					not_after: new Date('2028-01-01'),
					der: new Uint8Array([0x30, 0x03, 0x02, 0x01, n])
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	orphanOrg = await add('Ban Quản lý chưa rõ', 'organisation', null, 1);
	orphanPerson = await add('Võ Thị Chưa Gán', 'individual', fx.syt, 2);
});
afterAll(async () => h?.close());

describe('linking a certificate to its holder', () => {
	it('lists exactly the certificates without a holder', async () => {
		expect((await unlinked()).rows.map((r) => r.id).sort()).toEqual([orphanOrg, orphanPerson].sort());
	});

	it('refuses a person of another agency, a person on an organisation certificate, and no person on an individual one', async () => {
		for (const [id, input, message] of [
			[
				orphanPerson,
				{ agencyId: fx.syt, personId: fx.people.doctor },
				'Người được chọn không thuộc cơ quan đã chọn.'
			],
			[
				orphanOrg,
				{ agencyId: fx.skhcn, personId: fx.people.skhcnDirector },
				'Chứng thư của cơ quan, tổ chức chỉ gán cho cơ quan, không gán cho cá nhân.'
			],
			[
				orphanPerson,
				{ agencyId: fx.syt, personId: null },
				'Chứng thư cá nhân phải gán cho một người của cơ quan.'
			],
			[orphanOrg, { agencyId: 999_999, personId: null }, 'Cơ quan đã chọn không tồn tại.']
		] as const)
			await expect(linkCertificate(h.db, id, input, who)).rejects.toMatchObject({
				code: 'INVALID_INPUT',
				message
			});
		expect((await unlinked()).total).toBe(2);
		expect(
			await h.db.selectFrom('audit_log').select('id').where('action', '=', 'certificate.link').execute()
		).toEqual([]);
	});

	it('stores a good link with an audit entry, after which the certificate is no longer unlinked', async () => {
		expect((await linkablePeople(h.db, fx.syt)).map((p) => p.id).sort()).toEqual(
			[fx.people.sytDirector, fx.people.sytClerk].sort()
		);
		await linkCertificate(h.db, orphanPerson, { agencyId: fx.syt, personId: fx.people.sytClerk }, who);
		await linkCertificate(h.db, orphanOrg, { agencyId: fx.skhcn, personId: null }, who);
		expect((await unlinked()).total).toBe(0);
		const row = await h.db
			.selectFrom('certificates')
			.select(['agency_id', 'person_id'])
			.where('id', '=', orphanPerson)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ agency_id: fx.syt, person_id: fx.people.sytClerk });
		const audit = await h.db
			.selectFrom('audit_log')
			.select(['entity_id', 'details'])
			.where('action', '=', 'certificate.link')
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.entity_id)).toEqual([String(orphanPerson), String(orphanOrg)]);
		expect(audit[0]!.details).toEqual({
			before: { agencyId: fx.syt, personId: null },
			after: { agencyId: fx.syt, personId: fx.people.sytClerk }
		});
		// Saving the same holder again changes nothing and writes nothing.
		await linkCertificate(h.db, orphanOrg, { agencyId: fx.skhcn, personId: null }, who);
		expect(
			await h.db.selectFrom('audit_log').select('id').where('action', '=', 'certificate.link').execute()
		).toHaveLength(2);
	});
});
