// A small province for the report tests, with known figures in 2026-Q3 (calendar quarter,
// 01/07/2026-30/09/2026): root UBND (1) → Sở Y tế (2) → Bệnh viện (3); Sở Tài chính (4).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import { insertToken } from '../../helpers/tokens';

export const EVIL_NAME = '=HYPERLINK("http://evil.example","x")';

const der = new Uint8Array([0x30, 0x00]);
let certSeq = 0;

async function cert(
	db: Kysely<Database>,
	v: {
		agency: number;
		kind: 'organisation' | 'individual';
		from: string;
		to: string;
		person?: number;
		revokedAt?: string;
		renewalOf?: number;
		cn?: string;
	}
): Promise<number> {
	certSeq++;
	const row = await db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: `fp${certSeq}`.padEnd(64, '0'),
			serial_number: `sn${certSeq}`,
			issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2',
			subject_dn: `CN=${v.cn ?? `Thuê bao ${certSeq}`}`,
			subject_cn: v.cn ?? `Thuê bao ${certSeq}`,
			kind: v.kind,
			agency_id: v.agency,
			person_id: v.person ?? null,
			not_before: new Date(v.from),
			not_after: new Date(v.to),
			status: v.revokedAt ? 'revoked' : 'active',
			revoked_at: v.revokedAt ? new Date(v.revokedAt) : null,
			renewal_of_id: v.renewalOf ?? null,
			der
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function seedReportFixtures(db: Kysely<Database>): Promise<void> {
	const agencies = [
		{
			id: 1,
			code: 'UBND',
			name: 'UBND tỉnh Đồng Tháp',
			kind: 'province' as const,
			parent_id: null,
			path: '/1/'
		},
		{ id: 2, code: 'SYT', name: 'Sở Y tế', kind: 'department' as const, parent_id: 1, path: '/1/2/' },
		{ id: 3, code: 'BVDK', name: 'Bệnh viện Đa khoa', kind: 'unit' as const, parent_id: 2, path: '/1/2/3/' },
		{ id: 4, code: 'STC', name: EVIL_NAME, kind: 'department' as const, parent_id: 1, path: '/1/4/' }
	];
	await db.insertInto('agencies').values(agencies).execute();
	await sql`select setval(pg_get_serial_sequence('agencies', 'id'), 10)`.execute(db);
	const people = await db
		.insertInto('people')
		.values([
			{ agency_id: 2, full_name: 'Nguyễn Văn A', title: 'Giám đốc' },
			{ agency_id: 3, full_name: 'Trần Thị B', title: 'Giám đốc bệnh viện' },
			{ agency_id: 3, full_name: 'Lê Văn C', title: 'Phó Giám đốc' },
			{ agency_id: 4, full_name: 'Phạm D', title: 'Giám đốc' }
		])
		.returning('id')
		.execute();
	const [pA, pB, , pD] = people.map((p) => p.id);
	// In use at the end of Q3: SYT org, A, BV org, B (renewal issued in Q3), STC org, D.
	const sytOrg = await cert(db, {
		agency: 2,
		kind: 'organisation',
		from: '2025-01-01T00:00:00+07:00',
		to: '2028-01-01T00:00:00+07:00'
	});
	await cert(db, {
		agency: 2,
		kind: 'individual',
		person: pA,
		from: '2026-08-01T00:00:00+07:00',
		to: '2029-08-01T00:00:00+07:00'
	}); // issued in Q3
	await cert(db, {
		agency: 3,
		kind: 'organisation',
		from: '2024-01-01T00:00:00+07:00',
		to: '2027-03-01T00:00:00+07:00'
	}); // expires 2027
	const oldB = await cert(db, {
		agency: 3,
		kind: 'individual',
		person: pB,
		from: '2023-09-01T00:00:00+07:00',
		to: '2026-09-10T00:00:00+07:00'
	});
	await cert(db, {
		agency: 3,
		kind: 'individual',
		person: pB,
		from: '2026-09-05T00:00:00+07:00',
		to: '2029-09-05T00:00:00+07:00',
		renewalOf: oldB
	}); // renewed in Q3
	await cert(db, {
		agency: 4,
		kind: 'organisation',
		from: '2025-01-01T00:00:00+07:00',
		to: '2026-11-20T00:00:00+07:00'
	}); // expires in Q4
	await cert(db, {
		agency: 4,
		kind: 'individual',
		person: pD,
		from: '2025-01-01T00:00:00+07:00',
		to: '2027-06-01T00:00:00+07:00'
	});
	await cert(db, {
		agency: 4,
		kind: 'individual',
		from: '2024-01-01T00:00:00+07:00',
		to: '2027-01-01T00:00:00+07:00',
		revokedAt: '2026-07-15T10:00:00+07:00'
	}); // revoked in Q3

	const ev = (
		signedAt: string,
		channel: 'qlvb' | 'dvc' | 'email',
		i: number,
		extra: Record<string, unknown> = {}
	) => ({
		signed_at: new Date(signedAt),
		certificate_id: sytOrg,
		signing_form: 'org' as const,
		channel,
		source_system: 'test',
		source_id: `e${i}`,
		...extra
	});
	await db
		.insertInto('signing_events')
		.values([
			ev('2026-07-01T00:00:00+07:00', 'qlvb', 1), // first instant of Q3
			ev('2026-08-15T09:00:00+07:00', 'qlvb', 2),
			ev('2026-09-30T23:59:59+07:00', 'dvc', 3), // last second of Q3
			ev('2026-06-30T23:59:59+07:00', 'qlvb', 4), // before Q3
			ev('2026-10-01T00:00:00+07:00', 'email', 5), // after Q3
			ev('2026-08-20T09:00:00+07:00', 'qlvb', 6, {
				direction: 'incoming',
				document_agency_id: 3,
				incoming_indication: 'TOTAL_FAILED',
				accepted: false
			})
		])
		.execute();
	await db
		.insertInto('lifecycle_requests')
		.values([
			{
				kind: 'recover',
				agency_id: 3,
				submitted_at: new Date('2026-08-01T08:00:00+07:00'),
				decided_at: new Date('2026-08-01T15:00:00+07:00'),
				status: 'completed'
			},
			{
				kind: 'change',
				agency_id: 4,
				submitted_at: new Date('2026-07-01T08:00:00+07:00'),
				decided_at: new Date('2026-07-03T15:00:00+07:00'),
				status: 'approved'
			},
			{
				kind: 'change',
				agency_id: 4,
				submitted_at: new Date('2026-07-01T08:00:00+07:00'),
				status: 'submitted'
			}
		])
		.execute();
	await db
		.insertInto('findings')
		.values([
			{
				dedupe_key: 'org_cert_non_clerk:x:1',
				kind: 'org_cert_non_clerk',
				severity: 'high',
				legal_basis: 'Điều 8.3, Điều 17.2',
				summary: '=1+1',
				agency_id: 2,
				first_seen_at: new Date('2026-08-02T00:00:00+07:00'),
				last_seen_at: new Date('2026-08-02T00:00:00+07:00')
			},
			{
				dedupe_key: 'secret_document_signed:y',
				kind: 'secret_document_signed',
				severity: 'critical',
				legal_basis: 'Điều 3.1',
				summary: 'Ký văn bản mật',
				agency_id: 3,
				first_seen_at: new Date('2026-09-02T00:00:00+07:00'),
				last_seen_at: new Date('2026-09-02T00:00:00+07:00'),
				status: 'resolved',
				resolved_at: new Date('2026-09-10T00:00:00+07:00'),
				resolution_note: 'Đã thu hồi văn bản'
			},
			{
				dedupe_key: 'title_mismatch:z',
				kind: 'title_mismatch',
				severity: 'medium',
				legal_basis: 'Điều 8.4',
				summary: 'Sai chức danh',
				agency_id: 4,
				first_seen_at: new Date('2026-05-02T00:00:00+07:00'),
				last_seen_at: new Date('2026-05-02T00:00:00+07:00')
			}
		])
		.execute();
	await db
		.insertInto('inspections')
		.values([
			{
				agency_id: 2,
				title: 'Kiểm tra việc quản lý, sử dụng chữ ký số',
				decision_number: '15/QĐ-SKHCN',
				started_on: '2026-09-01',
				ended_on: '2026-09-03',
				status: 'completed',
				summary: 'Cơ bản chấp hành quy chế.',
				follow_up: 'Chỉ định lại văn thư.'
			}
		])
		.execute();
	await db
		.insertInto('trainings')
		.values([
			{ title: 'Tập huấn chữ ký số toàn tỉnh', held_on: '2026-07-20', agency_id: null, participants: 40 },
			{ title: 'Tập huấn Sở Y tế', held_on: '2026-08-20', agency_id: 2, participants: 12 },
			{ title: 'Ngoài kỳ', held_on: '2026-10-20', agency_id: 2, participants: 99 }
		])
		.execute();
	await insertToken(db, { serial: 'TK-LOST', agencyId: 3, status: 'lost' });
}
