// The planted cases of the Decree 30 document rules and of the token-recovery deadline counted from the
// submission (built by build-planted-documents.ts), each kind beside its control; planted.ts lists them with the rest.
import type { PlantedCase } from './planted';

/** Decree 30 document rules and the recovery deadline from the submission (build-planted-documents.ts). */
export const DOCUMENT_CASES: PlantedCase[] = [
	{
		id: 'document-number-invalid',
		kinds: ['document_number_invalid'],
		agencyCode: 'SYT',
		certificateCn: 'Trịnh Văn Khải',
		sourceIds: ['VBP5101'],
		description: 'Số, ký hiệu "7/HD-SYT": số nhỏ hơn 10 thiếu số 0 phía trước'
	},
	{
		id: 'document-number-duplicate',
		kinds: ['document_number_duplicate'],
		agencyCode: 'SYT',
		certificateCn: 'Trịnh Văn Khải',
		sourceIds: ['VBP5301', 'VBP5302'],
		description: 'Số, ký hiệu "15/HD-SYT" dùng cho hai văn bản trong một năm'
	},
	{
		id: 'org-signed-before-person',
		kinds: ['org_signed_before_person'],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ['VBP5501'],
		description: 'Văn thư ký số của cơ quan 25 phút trước khi Phó Giám đốc ký'
	},
	{
		id: 'signing-time-zone-slip',
		kinds: ['signing_time_zone_slip'],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ['VBP5702'],
		description: 'Chữ ký của cơ quan lệch 7 giờ 08 phút so với chữ ký của người có thẩm quyền'
	},
	{
		id: 'recovery-never-accepted',
		kinds: ['recovery_overdue'],
		agencyCode: 'SKHCN',
		certificateCn: 'Vũ Thị Hồng Nhiên',
		requestReference: '09/SKHCN-VP',
		description: 'Đề nghị khôi phục PKI Token gửi 8 ngày trước, chưa được tiếp nhận là hợp lệ'
	},
	// Their controls.
	{
		id: 'document-number-mixed-case',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Quách Thị Mỹ Linh',
		sourceIds: ['VBP5201'],
		description: 'Số, ký hiệu "03/CTr-SYT" (chữ viết tắt hoa thường đúng thể thức)'
	},
	{
		id: 'document-number-other-ward',
		kinds: [],
		agencyCode: 'P-MYTHO',
		certificateCn: 'Lương Văn Sang',
		sourceIds: ['VBP5401'],
		description: 'Số "18/HD-UBND" cũng có ở phường Cao Lãnh: mỗi cơ quan một dãy số'
	},
	{
		id: 'org-signed-copy',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ['VBP5601'],
		description: 'Văn thư ký số bản sao do cơ quan sao (không cần chữ ký của người có thẩm quyền)'
	},
	{
		id: 'signing-late-seal',
		kinds: [],
		agencyCode: 'SYT',
		certificateCn: 'Sở Y tế',
		sourceIds: ['VBP5802'],
		description: 'Văn thư ký số của cơ quan 5 giờ sau người có thẩm quyền (không phải lệch múi giờ)'
	},
	{
		id: 'recovery-remote-device',
		kinds: [],
		agencyCode: 'SKHCN',
		certificateCn: 'Mạc Văn Hiếu',
		requestReference: '12/SKHCN-VP',
		description: 'Khôi phục thiết bị ký số từ xa sau 3 ngày làm việc: không phải PKI Token (Điều 11.3)'
	}
];
