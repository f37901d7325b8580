// A small province for the dashboard tests: root → Sở Y tế (with a hospital) and Sở KH&CN,
// people, devices, certificates of each status and signing events across months.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import { ensureSigningEventPartitions } from '../../../src/lib/server/db/partitions';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { insertToken } from '../../helpers/tokens';

export const NOW = new Date('2026-11-20T03:00:00Z'); // 10:00 in Vietnam
const DAY = 86400_000;

type CertName =
	'sytOld' | 'sytOrg' | 'sytDirector' | 'doctor' | 'doctorRevoked' | 'skhcnOrg' | 'skhcnDirector';

export interface Fixture {
	root: number;
	syt: number;
	hospital: number;
	skhcn: number;
	certs: Record<CertName, number>;
	tokens: Record<'syt1' | 'syt2' | 'bv1' | 'kh1', number>;
	people: Record<'sytDirector' | 'sytClerk' | 'doctor' | 'skhcnDirector', number>;
	sytScope: AgencyScope;
}

async function agency(
	db: Kysely<Database>,
	code: string,
	name: string,
	kind: 'province' | 'department' | 'unit',
	parent?: { id: number; path: string }
) {
	const row = await db
		.insertInto('agencies')
		.values({ code, name, kind, parent_id: parent?.id ?? null, path: '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const path = `${parent?.path ?? '/'}${row.id}/`;
	await db.updateTable('agencies').set({ path }).where('id', '=', row.id).execute();
	return { id: row.id, path };
}

export async function buildFixture(db: Kysely<Database>): Promise<Fixture> {
	const root = await agency(db, 'T_UBND', 'UBND tỉnh thử', 'province');
	const syt = await agency(db, 'T_SYT', 'Sở Y tế thử', 'department', root);
	const hospital = await agency(db, 'T_BV', 'Bệnh viện thử', 'unit', syt);
	const skhcn = await agency(db, 'T_SKHCN', 'Sở KH&CN thử', 'department', root);

	const person = async (agencyId: number, full_name: string, title: string) =>
		(
			await db
				.insertInto('people')
				.values({ agency_id: agencyId, full_name, title })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const people = {
		sytDirector: await person(syt.id, 'Nguyễn Văn Giám', 'Giám đốc'),
		sytClerk: await person(syt.id, 'Trần Thị Thư', 'Văn thư'),
		doctor: await person(hospital.id, 'Lê Văn Bác', 'Giám đốc bệnh viện'),
		skhcnDirector: await person(skhcn.id, 'Phạm Văn Khoa', 'Giám đốc')
	};
	const token = (serial: string, agencyId: number, holder: number) =>
		insertToken(db, { serial, agencyId, holderPersonId: holder, at: new Date(NOW.getTime() - 400 * DAY) });
	const tokens = {
		syt1: await token('TK-SYT-0001', syt.id, people.sytDirector),
		// Its own history below: handed to the clerk, then lost.
		syt2: await insertToken(db, { serial: 'TK-SYT-0002', agencyId: null }),
		bv1: await token('TK-BV-0001', hospital.id, people.doctor),
		kh1: await token('TK-KH-0001', skhcn.id, people.skhcnDirector)
	};
	await db
		.insertInto('token_custody_events')
		.values([
			{
				token_id: tokens.syt2,
				event: 'handed_over',
				occurred_at: new Date(NOW.getTime() - 300 * DAY),
				to_person_id: people.sytClerk,
				agency_id: syt.id,
				recorded_by: 'Kỹ thuật viên',
				form: null
			},
			{
				token_id: tokens.syt2,
				event: 'lost',
				occurred_at: new Date(NOW.getTime() - 10 * DAY),
				from_person_id: people.sytClerk,
				agency_id: syt.id,
				recorded_by: 'Kỹ thuật viên',
				form: 'Mẫu 09'
			}
		])
		.execute();

	let n = 0;
	const cert = async (
		cn: string,
		agencyId: number,
		kind: 'organisation' | 'individual',
		status: 'active' | 'expired' | 'revoked' | 'replaced',
		notAfterDays: number,
		extra: { person_id?: number; token_id?: number; renewal_of_id?: number; issuer?: string } = {}
	) => {
		n += 1;
		const hex = (n * 7919).toString(16).padStart(6, '0');
		return (
			await db
				.insertInto('certificates')
				.values({
					fingerprint_sha256: `ab${hex}`.padEnd(64, '0'),
					serial_number: `5e${hex}`,
					issuer_dn: extra.issuer ?? 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
					subject_dn: `CN=${cn}, O=UBND tỉnh thử, L=Đồng Tháp, C=VN`,
					subject_cn: cn,
					kind,
					agency_id: agencyId,
					person_id: kind === 'individual' ? (extra.person_id ?? null) : null,
					not_before: new Date(NOW.getTime() - 700 * DAY),
					not_after: new Date(NOW.getTime() + notAfterDays * DAY),
					status,
					revoked_at: status === 'revoked' ? new Date(NOW.getTime() - 5 * DAY) : null,
					revocation_reason: status === 'revoked' ? 'Thiết bị bị mất' : null,
					token_id: extra.token_id ?? null,
					renewal_of_id: extra.renewal_of_id ?? null,
					der: new Uint8Array([0x30, 0x03, 0x02, 0x01, n])
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	};
	const certs = {} as Record<CertName, number>;
	certs.sytOld = await cert('Sở Y tế thử (cũ)', syt.id, 'organisation', 'replaced', -30, {
		token_id: tokens.syt2
	});
	certs.sytOrg = await cert('Sở Y tế thử', syt.id, 'organisation', 'active', 20, {
		token_id: tokens.syt2,
		renewal_of_id: certs.sytOld
	});
	certs.sytDirector = await cert('Nguyễn Văn Giám', syt.id, 'individual', 'active', 50, {
		person_id: people.sytDirector,
		token_id: tokens.syt1
	});
	certs.doctor = await cert('Lê Văn Bác', hospital.id, 'individual', 'active', 80, {
		person_id: people.doctor,
		token_id: tokens.bv1
	});
	certs.doctorRevoked = await cert('Lê Văn Bác (thu hồi)', hospital.id, 'individual', 'revoked', 200, {
		person_id: people.doctor
	});
	certs.skhcnOrg = await cert('Sở KH&CN thử', skhcn.id, 'organisation', 'active', 400, {
		issuer: 'CN=VNPT Certification Authority, O=VNPT Group, C=VN'
	});
	certs.skhcnDirector = await cert('Phạm Văn Khoa', skhcn.id, 'individual', 'expired', -3, {
		person_id: people.skhcnDirector,
		token_id: tokens.kh1
	});

	await db
		.insertInto('clerk_appointments')
		.values({
			agency_id: syt.id,
			person_id: people.sytClerk,
			certificate_id: certs.sytOrg,
			decision_number: '12/QĐ-SYT',
			appointed_on: '2025-01-02'
		})
		.execute();
	await db
		.insertInto('findings')
		.values([
			{
				dedupe_key: 'lost_token_signing:t1',
				kind: 'lost_token_signing',
				severity: 'critical',
				legal_basis: 'Điều 8; NĐ 68/2024 Điều 17',
				summary: 'Ký sau khi báo mất thiết bị',
				agency_id: syt.id,
				certificate_id: certs.sytOrg,
				token_id: tokens.syt2
			},
			{
				dedupe_key: 'expiring_soon:t2',
				kind: 'expiring_soon',
				severity: 'medium',
				legal_basis: 'Điều 10; NĐ 68/2024 Điều 9',
				summary: 'Sắp hết hạn',
				agency_id: hospital.id,
				certificate_id: certs.doctor
			},
			{
				dedupe_key: 'public_ca_certificate:t3',
				kind: 'public_ca_certificate',
				severity: 'medium',
				legal_basis: 'NĐ 68/2024; Điều 4',
				summary: 'Chứng thư CA công cộng',
				agency_id: skhcn.id,
				certificate_id: certs.skhcnOrg
			},
			{
				dedupe_key: 'old:t4',
				kind: 'expiring_soon',
				severity: 'low',
				legal_basis: 'Điều 10',
				summary: 'Đã xử lý',
				agency_id: skhcn.id,
				status: 'resolved',
				resolved_at: NOW
			}
		])
		.execute();

	// Signing events over 14 months, a fixed rhythm per certificate, so counts are easy to reason about.
	await ensureSigningEventPartitions(
		db,
		new Date(NOW.getTime() - 460 * DAY),
		new Date(NOW.getTime() + 40 * DAY)
	);
	const plan: [number, number | null, 'qlvb' | 'dvc' | 'email', 'own' | 'org' | 'kt', number][] = [
		[certs.sytOrg, people.sytClerk, 'qlvb', 'org', 3],
		[certs.sytDirector, people.sytDirector, 'qlvb', 'own', 5],
		[certs.doctor, people.doctor, 'dvc', 'kt', 4],
		[certs.skhcnOrg, people.skhcnDirector, 'email', 'org', 6]
	];
	const rows = [];
	for (const [certificate_id, person, channel, form, every] of plan) {
		for (let d = 0; d < 420; d += every) {
			rows.push({
				signed_at: new Date(NOW.getTime() - d * DAY - 3600_000),
				certificate_id,
				acting_person_id: person,
				signing_form: form,
				channel,
				document_number: `${d}/QĐ-T`,
				source_system: 'test',
				source_id: `${certificate_id}-${d}`
			});
		}
	}
	for (let i = 0; i < rows.length; i += 500)
		await db
			.insertInto('signing_events')
			.values(rows.slice(i, i + 500))
			.execute();
	await sql`analyze`.execute(db);
	return {
		root: root.id,
		syt: syt.id,
		hospital: hospital.id,
		skhcn: skhcn.id,
		certs,
		tokens,
		people,
		sytScope: { kind: 'subtree', agencyId: syt.id, path: syt.path }
	};
}
