// The planted problems of the demo data: each case names the finding kinds the scans must raise for it, by stable
// natural keys (agency code, certificate subject CN, event source ids, request reference, archive source id), the
// same at every scale and seed. Everything else in the demo data is clean of every rule; the negative controls
// below look suspicious but must raise nothing. Conventions the base data follows (and the scans may rely on):
// - a certificate whose holder left, or whose token was lost, is revoked and used no more after that;
// - a token with a 'lost' custody event (Mẫu 09) cannot be handed back: device_not_returned does not apply to it;
// - 'replaced' certificates (renewed, renewal_of_id) kept their token for the renewal: not a device to return;
// - on the day a clerk hands over to the next (ended_on of one = appointed_on of the next) nobody signs with the
//   organisation certificate, so inclusive and exclusive readings of ended_on agree;
// - acting_title is the title the acting person holds (KT. by a deputy carries "Phó Giám đốc");
// - seeded inspection findings have inspection_id set and status 'resolved' (history, not scan output).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FindingKind } from '../../domain/findings';
import { OBLIGATION_CASES } from './planted-obligations';
import { DOCUMENT_CASES } from './planted-documents';

export type { FindingKind };

export interface PlantedCase {
	id: string;
	/** The findings the scans must raise for this case; empty for a negative control. */
	kinds: FindingKind[];
	agencyCode: string;
	description: string;
	/** subject CN of the certificate involved (unique among certificates of that agency). */
	certificateCn?: string;
	/** signing_events.source_id of the offending events. */
	sourceIds?: string[];
	/** lifecycle_requests.reference_number. */
	requestReference?: string;
	/** archived_documents.source_id (source_system 'QLVBDH'). */
	archiveSourceId?: string;
}

const ids = (prefix: string, n: number) =>
	Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

export const PLANTED_CASES: PlantedCase[] = [
	{
		id: 'expiring-7',
		kinds: ['expiring_soon'],
		agencyCode: 'SYT',
		certificateCn: 'Lê Thị Mỹ Duyên',
		description: 'Hết hạn sau 5 ngày, chưa có đề nghị gia hạn'
	},
	{
		id: 'expiring-30',
		kinds: ['expiring_soon'],
		agencyCode: 'SKHCN',
		certificateCn: 'Phan Văn Lợi',
		description: 'Hết hạn sau 25 ngày, chưa có đề nghị gia hạn'
	},
	{
		id: 'expiring-60',
		kinds: ['expiring_soon'],
		agencyCode: 'VPUBND',
		certificateCn: 'Trần Ngọc Bích',
		description: 'Hết hạn sau 55 ngày, chưa có đề nghị gia hạn'
	},
	{
		id: 'expiring-90',
		kinds: ['expiring_soon'],
		agencyCode: 'P-MYTHO',
		certificateCn: 'Võ Minh Khoa',
		description: 'Hết hạn sau 85 ngày, chưa có đề nghị gia hạn'
	},
	{
		id: 'expired-still-active',
		kinds: ['expired_still_active'],
		agencyCode: 'P-CAOLANH',
		certificateCn: 'Đặng Văn Hải',
		description: 'Hết hạn 20 ngày trước nhưng danh mục vẫn ghi đang sử dụng (thiết bị đã nộp lại)'
	},
	{
		id: 'signed-after-expiry',
		kinds: ['signed_after_expiry'],
		agencyCode: 'BVDKDT',
		certificateCn: 'Ngô Thanh Tùng',
		sourceIds: ids('VBP06', 2),
		description: 'Ký 2 văn bản sau thời điểm hết hạn'
	},
	{
		id: 'signed-after-revocation',
		kinds: ['signed_after_revocation'],
		agencyCode: 'P-SADEC',
		certificateCn: 'Lý Thị Thu Trang',
		sourceIds: ids('VBP07', 2),
		description: 'Ký 2 văn bản sau khi chứng thư bị thu hồi'
	},
	{
		id: 'org-cert-non-clerk',
		// Sealed with no competent person's signature on the document: Decree 30 Art. 32 too.
		kinds: ['org_cert_non_clerk', 'org_signed_before_person'],
		agencyCode: 'SKHCN',
		certificateCn: 'Sở Khoa học và Công nghệ',
		sourceIds: ids('VBP08', 1),
		description: 'Chuyên viên (không phải văn thư) dùng chứng thư của cơ quan'
	},
	{
		id: 'title-mismatch',
		kinds: ['title_mismatch'],
		agencyCode: 'SYT',
		certificateCn: 'Hồ Thị Ngọc Hân',
		sourceIds: ids('VBP09', 1),
		description: 'Phó Giám đốc ký với chức danh Giám đốc'
	},
	{
		id: 'holder-left',
		kinds: ['holder_left', 'should_have_been_revoked'],
		agencyCode: 'P-HONGNGU',
		certificateCn: 'Trương Công Danh',
		sourceIds: ids('VBP10', 1),
		description: 'Chứng thư vẫn được dùng sau khi người giữ nghỉ hưu'
	},
	{
		id: 'on-behalf-wrong-cert',
		kinds: ['on_behalf_wrong_cert'],
		agencyCode: 'VPUBND',
		certificateCn: 'Châu Thị Ánh Tuyết',
		sourceIds: ids('VBP11', 1),
		description: 'Ký thay (KT.) bằng chứng thư của người khác cùng chức danh'
	},
	{
		id: 'secret-document',
		kinds: ['secret_document_signed'],
		agencyCode: 'UBND',
		certificateCn: 'Phạm Minh Đức',
		sourceIds: ids('VBP12', 1),
		description: 'Văn bản mật được ký bằng chữ ký số chuyên dùng'
	},
	{
		id: 'cross-agency',
		kinds: ['cross_agency_use'],
		agencyCode: 'P-MYTHO',
		certificateCn: 'Dương Văn Lực',
		sourceIds: ids('VBP13', 1),
		description: 'Chứng thư của phường Mỹ Tho dùng cho văn bản của phường Cao Lãnh'
	},
	{
		id: 'lost-token-signing',
		kinds: ['lost_token_signing'],
		agencyCode: 'SKHCN',
		certificateCn: 'Lâm Thị Hồng Nhung',
		sourceIds: ids('VBP14', 1),
		description: 'Ký sau khi đã báo mất thiết bị (chưa thu hồi chứng thư)'
	},
	{
		id: 'incoming-accepted-invalid',
		kinds: ['incoming_accepted_invalid'],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ids('DENP15', 1),
		description: 'Văn bản đến có chữ ký không hợp lệ vẫn được tiếp nhận'
	},
	{
		id: 'night-burst',
		kinds: ['unusual_pattern'],
		agencyCode: 'P-CAOLANH',
		certificateCn: 'Tô Văn Nghĩa',
		sourceIds: ids('VBP16', 24),
		description: '24 lần ký trong 46 phút lúc 23 giờ'
	},
	{
		id: 'archive-tampered-p7m',
		kinds: ['archive_verification_failed'],
		agencyCode: 'SYT',
		archiveSourceId: 'LTP-0001',
		description: 'Tệp .p7m bị sửa nội dung sau khi lưu trữ'
	},
	{
		id: 'archive-tampered-p7s',
		kinds: ['archive_verification_failed'],
		agencyCode: 'SKHCN',
		archiveSourceId: 'LTP-0002',
		description: 'Văn bản kèm chữ ký rời .p7s bị sửa sau khi lưu trữ'
	},
	{
		id: 'archive-tampered-pdf',
		kinds: ['archive_verification_failed'],
		agencyCode: 'VPUBND',
		archiveSourceId: 'LTP-0003',
		description: 'Tệp PDF đã ký bị sửa nội dung trang sau khi lưu trữ'
	},
	{
		id: 'archive-verdict-worse',
		kinds: ['archive_verification_failed', 'archive_verdict_worse'],
		agencyCode: 'UBND',
		archiveSourceId: 'LTP-0004',
		description: 'Kiểm tra lúc tiếp nhận đạt (TOTAL_PASSED), nay tệp đã bị sửa'
	},
	{
		id: 'recovery-overdue-open',
		kinds: ['recovery_overdue'],
		agencyCode: 'CDCDT',
		certificateCn: 'Nguyễn Hoàng Phúc',
		requestReference: '06/CDCDT-TCHC',
		description: 'Đề nghị khôi phục thiết bị hợp lệ 10 ngày trước, chưa xử lý'
	},
	{
		id: 'recovery-overdue-late',
		kinds: ['recovery_overdue'],
		agencyCode: 'BVDKDT',
		certificateCn: 'Phan Thị Cẩm Tú',
		requestReference: '11/BVDKDT-TCHC',
		description: 'Khôi phục thiết bị sau 4 ngày làm việc (quá 01 ngày)'
	},
	{
		id: 'device-not-returned-revoked',
		kinds: ['device_not_returned'],
		agencyCode: 'P-SADEC',
		certificateCn: 'Đỗ Minh Trí',
		description: 'Chứng thư thu hồi 30 ngày trước, thiết bị chưa bàn giao lại'
	},
	{
		id: 'device-not-returned-expired',
		kinds: ['device_not_returned'],
		agencyCode: 'SKHCN',
		certificateCn: 'Hà Thị Thanh Thủy',
		description: 'Chứng thư hết hạn 40 ngày trước, thiết bị chưa bàn giao lại'
	},
	{
		id: 'validity-too-long',
		kinds: ['validity_too_long'],
		agencyCode: 'SKHCN',
		certificateCn: 'Kiều Văn Bảo',
		description: 'Chứng thư cấp mới có thời hạn 6 năm'
	},
	{
		id: 'public-ca',
		kinds: ['public_ca_certificate'],
		agencyCode: 'VPUBND',
		certificateCn: 'Lưu Thị Diễm My',
		sourceIds: ids('VBP26', 2),
		description: 'Văn bản ký bằng chứng thư của CA công cộng'
	},
	{
		id: 'appearance-seal-on-right',
		kinds: ['appearance_seal_placement'],
		agencyCode: 'SKHCN',
		archiveSourceId: 'LTP-0005',
		description: 'Văn bản ban hành: hình con dấu trùm 1/3 bên phải chữ ký thay vì bên trái (Điều 13.1.b)'
	},
	{
		id: 'appearance-signature-misplaced',
		kinds: ['appearance_signature_image'],
		agencyCode: 'SKHCN',
		archiveSourceId: 'LTP-0009',
		description:
			'Văn bản ban hành: hình chữ ký ở góc dưới trang, không nằm giữa chức vụ và họ tên (Điều 13.1.a)'
	},
	{
		id: 'appearance-copy-wrong',
		kinds: ['appearance_copy_signature'],
		agencyCode: 'SYT',
		archiveSourceId: 'LTP-0007',
		description:
			'Bản sao điện tử ký ở góc dưới bên trái, có hình ảnh, thời gian không theo ISO 8601, phông Helvetica 12 (Điều 13.2)'
	},
	...DOCUMENT_CASES,
	// Negative controls: must raise nothing.
	{
		id: 'appearance-issued-right',
		kinds: [],
		agencyCode: 'SKHCN',
		archiveSourceId: 'LTP-0006',
		description: 'Văn bản ban hành: chữ ký giữa chức vụ và họ tên, con dấu trùm 1/3 bên trái'
	},
	{
		id: 'appearance-copy-right',
		kinds: [],
		agencyCode: 'SYT',
		archiveSourceId: 'LTP-0008',
		description:
			'Bản sao điện tử ký ở góc trên bên phải trang đầu, không hình ảnh, giờ ISO 8601, Times New Roman 10'
	},
	{
		id: 'renewal-pending-40',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Nguyễn Thị Kim Ngân',
		requestReference: '21/SYT-TCCB',
		description: 'Hết hạn sau 40 ngày nhưng đã có đề nghị gia hạn đang xử lý'
	},
	{
		id: 'renewal-pending-70',
		kinds: [],
		agencyCode: 'P-CAOLANH',
		certificateCn: 'Huỳnh Văn Tâm',
		requestReference: '35/UBND-VP',
		description: 'Hết hạn sau 70 ngày nhưng đã có đề nghị gia hạn'
	},
	{
		id: 'lost-token-revoked',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Lê Văn Định',
		description: 'Mất thiết bị, chứng thư thu hồi ngay, không ký sau đó (không phải nộp lại thiết bị)'
	},
	{
		id: 'incoming-rejected-invalid',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ids('DENP30', 1),
		description: 'Văn bản đến có chữ ký không hợp lệ đã bị từ chối'
	},
	...OBLIGATION_CASES
];

export interface ResolvedCase extends PlantedCase {
	agencyId: number;
	certificateIds: number[];
	fingerprints: string[];
	eventIds: number[];
	requestIds: number[];
	documentIds: number[];
}

/** The planted cases with the ids and fingerprints they have in this database (for asserting scan results). */
export async function plantedCases(db: Kysely<Database>): Promise<ResolvedCase[]> {
	const out: ResolvedCase[] = [];
	for (const c of PLANTED_CASES) {
		const agency = await db
			.selectFrom('agencies')
			.select(['id', 'path'])
			.where('code', '=', c.agencyCode)
			.executeTakeFirstOrThrow();
		const certs = c.certificateCn
			? await db
					.selectFrom('certificates')
					.select(['id', 'fingerprint_sha256'])
					.where('subject_cn', '=', c.certificateCn)
					.where('agency_id', '=', agency.id)
					.execute()
			: [];
		const events = c.sourceIds?.length
			? await db.selectFrom('signing_events').select('id').where('source_id', 'in', c.sourceIds).execute()
			: [];
		const requests = c.requestReference
			? await db
					.selectFrom('lifecycle_requests')
					.select('id')
					.where('reference_number', '=', c.requestReference)
					.execute()
			: [];
		const docs = c.archiveSourceId
			? await db
					.selectFrom('archived_documents')
					.select('id')
					.where('source_id', '=', c.archiveSourceId)
					.execute()
			: [];
		out.push({
			...c,
			agencyId: agency.id,
			certificateIds: certs.map((x) => x.id),
			fingerprints: certs.map((x) => x.fingerprint_sha256),
			eventIds: events.map((x) => Number(x.id)),
			requestIds: requests.map((x) => x.id),
			documentIds: docs.map((x) => x.id)
		});
	}
	return out;
}
