// A small province built through the agency service itself, with people (and their posts), a
// certificate, a device and a signing event per agency, for the agency tests.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import { ensureSigningEventPartitions } from '../../../src/lib/server/db/partitions';
import { createAgency } from '../../../src/lib/server/organisation/agencies';
import type { AgencyKind } from '../../../src/lib/domain';
import { insertToken } from '../../helpers/tokens';

export const WHO = { userId: null, actor: 'thanhtra', ip: '127.0.0.1' };

/** code → [name, kind, parent code] in creation order. */
const TREE = [
	['UBND', 'UBND tỉnh thử', 'province', null],
	['SYT', 'Sở Y tế thử', 'department', 'UBND'],
	['BV', 'Bệnh viện thử', 'unit', 'SYT'],
	['KHOA', 'Khoa Nội thử', 'unit', 'BV'],
	['SKHCN', 'Sở Khoa học và Công nghệ thử', 'department', 'UBND'],
	['STTTT', 'Sở Thông tin và Truyền thông thử', 'department', 'UBND'],
	['TTCNTT', 'Trung tâm Công nghệ thông tin thử', 'unit', 'STTTT'],
	['SNV', 'Sở Nội vụ thử', 'department', 'UBND'],
	['CA', 'Tổ chức chứng thực bên ngoài', 'external', null]
] as const satisfies readonly (readonly [string, string, AgencyKind, string | null])[];
type Code = (typeof TREE)[number][0];
/** The agencies given a certificate, a device and a signing event. */
const EQUIPPED = ['SYT', 'BV', 'KHOA', 'STTTT', 'TTCNTT', 'SNV'] as const;
type Equipped = (typeof EQUIPPED)[number];

export interface AgencyFixture {
	id: Record<Code, number>;
	cert: Record<Equipped, number>;
	token: Record<Equipped, number>;
	/** People in post at STTTT (the director, the clerk) and one retired there. */
	people: { director: number; clerk: number; retired: number };
	eventAt: Date;
}

export async function buildAgencyFixture(db: Kysely<Database>): Promise<AgencyFixture> {
	const id = {} as Record<Code, number>;
	for (const [code, name, kind, parent] of TREE)
		id[code] = await createAgency(
			db,
			{ code, name, kind, parentCode: parent, effectiveOn: '01/01/2020', decisionNumber: `1/QĐ-${code}` },
			WHO
		);

	const person = async (agency: Code, full_name: string, title: string, retired = false) => {
		const p = await db
			.insertInto('people')
			.values({
				agency_id: id[agency],
				full_name,
				title,
				status: retired ? 'retired' : 'active',
				status_since: retired ? '2024-05-01' : null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('person_positions')
			.values({
				person_id: p.id,
				agency_id: id[agency],
				title,
				valid_from: '2020-01-01',
				recorded_by: 'test'
			})
			.execute();
		return p.id;
	};
	const people = {
		director: await person('STTTT', 'Nguyễn Văn Thông', 'Giám đốc'),
		clerk: await person('STTTT', 'Trần Thị Văn', 'Văn thư'),
		retired: await person('STTTT', 'Lê Văn Hưu', 'Phó Giám đốc', true)
	};
	await person('KHOA', 'Phạm Thị Khoa', 'Trưởng khoa');

	const eventAt = new Date('2025-03-10T02:00:00Z');
	await ensureSigningEventPartitions(db, eventAt, eventAt);
	const cert = {} as Record<Equipped, number>;
	const token = {} as Record<Equipped, number>;
	let n = 0;
	for (const code of EQUIPPED) {
		n += 1;
		token[code] = await insertToken(db, { serial: `TK-${code}`, agencyId: id[code], status: 'issued' });
		cert[code] = (
			await db
				.insertInto('certificates')
				.values({
					fingerprint_sha256: `ee${n}`.padEnd(64, '0'),
					serial_number: `9a0${n}`,
					issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
					subject_dn: `CN=${code}, C=VN`,
					subject_cn: code,
					kind: 'organisation',
					agency_id: id[code],
					token_id: token[code],
					not_before: new Date('2024-01-01'),
					not_after: new Date('2027-01-01'),
					der: new Uint8Array([0x30, 0x03, 0x02, 0x01, n])
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		await db
			.insertInto('signing_events')
			.values({
				signed_at: eventAt,
				certificate_id: cert[code]!,
				signing_form: 'org',
				channel: 'qlvb',
				document_number: `${n}/QĐ-${code}`,
				document_agency_id: id[code],
				source_system: 'test',
				source_id: `agency-${code}`
			})
			.execute();
	}
	return { id, cert, token, people, eventAt };
}

/** Everything an agency change may touch, to show a refusal changed nothing. */
export async function agencyState(db: Kysely<Database>) {
	const [agencies, events, audit, people, posts] = await Promise.all([
		db.selectFrom('agencies').selectAll().orderBy('id').execute(),
		db.selectFrom('agency_events').select(['id']).execute(),
		db.selectFrom('audit_log').select(['id']).execute(),
		db.selectFrom('people').select(['id', 'agency_id']).orderBy('id').execute(),
		db.selectFrom('person_positions').selectAll().orderBy('id').execute()
	]);
	return { agencies, events: events.length, audit: audit.length, people, posts };
}
