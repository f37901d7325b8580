// The planted cases of the second round of rules (issue 16): what should have been done after a
// change, someone else's certificate, an incoming document never verified, the custody of the
// organisation certificate, a renewal beyond three years and a burst of signatures; each with a
// negative control that looks alike and must raise nothing. Planted by build-planted-obligations.ts.
import type { PlantedCase } from './planted';

const ids = (prefix: string, n: number) =>
	Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

export const OBLIGATION_CASES: PlantedCase[] = [
	{
		id: 'lost-token-not-revoked',
		kinds: ['should_have_been_revoked'],
		agencyCode: 'SKHCN',
		certificateCn: 'Trịnh Thị Bảo Ngọc',
		description: 'Báo mất thiết bị 25 ngày trước, chưa đề nghị thu hồi chứng thư'
	},
	{
		id: 'title-change-no-request',
		kinds: ['change_request_missing'],
		agencyCode: 'SYT',
		certificateCn: 'Đinh Văn Khải',
		description: 'Trưởng phòng được bổ nhiệm Phó Giám đốc 50 ngày trước, chưa đề nghị thay đổi thông tin'
	},
	{
		id: 'agency-renamed-no-request',
		kinds: ['change_request_missing'],
		agencyCode: 'BVDKDT',
		certificateCn: 'Bệnh viện Đa khoa Đồng Tháp',
		description: 'Cơ quan đổi tên 70 ngày trước, chứng thư tổ chức chưa đề nghị thay đổi thông tin'
	},
	{
		id: 'others-certificate',
		kinds: ['others_certificate_used'],
		agencyCode: 'VPUBND',
		certificateCn: 'Quách Thị Mỹ Linh',
		sourceIds: ids('VBP31', 2),
		description: 'Chuyên viên ký tên mình bằng chứng thư cá nhân của đồng nghiệp'
	},
	{
		id: 'incoming-not-verified',
		kinds: ['incoming_not_verified'],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ids('DENP32', 1),
		description: 'Văn bản đến được tiếp nhận mà không có kết quả kiểm tra chữ ký số'
	},
	{
		id: 'org-cert-without-clerk',
		kinds: ['org_cert_without_clerk', 'org_token_not_with_clerk'],
		agencyCode: 'P-SADEC',
		certificateCn: 'Ủy ban nhân dân phường Sa Đéc',
		description: 'Văn thư thôi nhiệm vụ 20 ngày trước, chưa giao văn thư mới; thiết bị vẫn ở người cũ'
	},
	{
		id: 'org-token-with-staff',
		kinds: ['org_token_not_with_clerk'],
		agencyCode: 'P-HONGNGU',
		certificateCn: 'Ủy ban nhân dân phường Hồng Ngự',
		description: 'Thiết bị chứng thư của cơ quan giao cho chuyên viên (không phải văn thư) giữ'
	},
	{
		id: 'clerk-change-no-handover',
		kinds: ['clerk_change_without_handover', 'org_token_not_with_clerk'],
		agencyCode: 'CDCDT',
		certificateCn: 'Trung tâm Kiểm soát bệnh tật tỉnh Đồng Tháp',
		description: 'Thay văn thư 45 ngày trước, không có biên bản bàn giao thiết bị'
	},
	{
		id: 'renewal-four-years',
		kinds: ['renewal_beyond_limit'],
		agencyCode: 'SKHCN',
		certificateCn: 'Tạ Quang Huy',
		description: 'Chứng thư gia hạn có thời hạn 4 năm'
	},
	{
		id: 'day-burst',
		kinds: ['unusual_pattern'],
		agencyCode: 'VPUBND',
		certificateCn: 'Cao Thị Thùy Dương',
		sourceIds: ids('VBP33', 32),
		description: '32 lần ký trong 8 phút lúc 10 giờ sáng'
	},
	// Negative controls.
	{
		id: 'left-revocation-requested',
		kinds: [],
		agencyCode: 'SKHCN',
		certificateCn: 'Võ Thị Hạnh',
		requestReference: '41/SKHCN-VP',
		description: 'Thôi việc 30 ngày trước, đề nghị thu hồi gửi sau 3 ngày (CA chưa thu hồi)'
	},
	{
		id: 'title-change-requested',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Lâm Quốc Bảo',
		requestReference: '44/SYT-TCCB',
		description: 'Đổi chức danh 50 ngày trước, đề nghị thay đổi thông tin sau 10 ngày'
	},
	{
		id: 'own-certificate-tm',
		kinds: [],
		agencyCode: 'VPUBND',
		certificateCn: 'Phùng Văn Tài',
		sourceIds: ids('VBP34', 1),
		description: 'Ký TM. bằng chính chứng thư cá nhân của mình'
	},
	{
		id: 'incoming-refused-unverified',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ids('DENP35', 1),
		description: 'Văn bản đến chưa kiểm tra chữ ký đã bị từ chối tiếp nhận'
	},
	{
		id: 'clerk-change-handed-over',
		kinds: [],
		agencyCode: 'P-MYTHO',
		certificateCn: 'Ủy ban nhân dân phường Mỹ Tho',
		description: 'Thay văn thư 50 ngày trước, có biên bản bàn giao thiết bị cho văn thư mới'
	},
	{
		id: 'renewal-three-years',
		kinds: [],
		agencyCode: 'SKHCN',
		certificateCn: 'Mạc Văn Đông',
		description: 'Chứng thư gia hạn có thời hạn đúng 3 năm'
	},
	{
		id: 'busy-below-burst',
		kinds: [],
		agencyCode: 'VPUBND',
		certificateCn: 'Lương Văn Hiếu',
		sourceIds: ids('VBP36', 20),
		description: '20 lần ký trong 10 phút (dưới ngưỡng ký dồn dập)'
	}
];
