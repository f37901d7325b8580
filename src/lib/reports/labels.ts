// Vietnamese labels the workbooks print: recipients, finding kinds, channels, statuses.
import { vi as custodyWords } from '../i18n/messages/custody';

export const RECIPIENTS = ['ubnd', 'bo-khcn', 'ban-co-yeu'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

export const RECIPIENT_INFO: Record<Recipient, { addressee: string; short: string; recipients: string[] }> = {
	ubnd: {
		addressee: 'Ủy ban nhân dân tỉnh Đồng Tháp',
		short: 'UBND tỉnh',
		recipients: ['- Như trên;', '- Giám đốc, các Phó Giám đốc Sở;', '- Lưu: VT, P.CNTT&CĐS.']
	},
	'bo-khcn': {
		addressee: 'Bộ Khoa học và Công nghệ',
		short: 'Bộ KH&CN',
		recipients: [
			'- Như trên;',
			'- UBND tỉnh (để báo cáo);',
			'- Giám đốc, các Phó Giám đốc Sở;',
			'- Lưu: VT, P.CNTT&CĐS.'
		]
	},
	'ban-co-yeu': {
		addressee: 'Ban Cơ yếu Chính phủ (Cục Chứng thực số và Bảo mật thông tin)',
		short: 'Ban Cơ yếu Chính phủ',
		recipients: [
			'- Như trên;',
			'- UBND tỉnh (để báo cáo);',
			'- Giám đốc, các Phó Giám đốc Sở;',
			'- Lưu: VT, P.CNTT&CĐS.'
		]
	}
};

export const FINDING_KIND_VI: Record<string, string> = {
	expiring_soon: 'Chứng thư sắp hết hạn chưa gia hạn',
	expired_still_active: 'Chứng thư hết hạn vẫn ghi đang sử dụng',
	signed_after_expiry: 'Ký sau khi chứng thư hết hạn',
	signed_after_revocation: 'Ký sau khi chứng thư bị thu hồi',
	org_cert_non_clerk: 'Chứng thư tổ chức do người không phải văn thư sử dụng',
	title_mismatch: 'Ký sai chức danh',
	holder_left: 'Ký sau khi người giữ chứng thư nghỉ việc, chuyển công tác',
	on_behalf_wrong_cert: 'Ký thay, ký thừa lệnh không dùng chứng thư của chính mình',
	secret_document_signed: 'Ký số văn bản mật',
	cross_agency_use: 'Dùng chứng thư cho văn bản của cơ quan khác',
	lost_token_signing: 'Ký sau khi báo mất thiết bị',
	incoming_accepted_invalid: 'Tiếp nhận văn bản đến có chữ ký không hợp lệ',
	unusual_pattern: 'Ký số bất thường (dồn dập, ban đêm)',
	archive_verification_failed: 'Văn bản lưu trữ không còn hợp lệ',
	archive_verdict_worse: 'Kết quả kiểm tra văn bản lưu trữ xấu đi',
	verification_disagreement: 'Kết quả kiểm tra chữ ký khác với kết quả của hệ thống gửi',
	recovery_overdue: 'Khôi phục thiết bị quá hạn 01 ngày làm việc',
	device_not_returned: 'Chưa bàn giao lại thiết bị sau thu hồi, hết hạn',
	validity_too_long: 'Thời hạn chứng thư vượt quá quy định',
	public_ca_certificate: 'Văn bản ký bằng chứng thư số công cộng',
	audit_log_tampered: 'Nhật ký hệ thống bị can thiệp',
	unknown_certificate: 'Ký bằng chứng thư chưa có trong danh mục'
};

export const SEVERITY_VI: Record<string, string> = {
	low: 'Thấp',
	medium: 'Trung bình',
	high: 'Cao',
	critical: 'Nghiêm trọng'
};

export const FINDING_STATUS_VI: Record<string, string> = {
	open: 'Chưa xử lý',
	acknowledged: 'Đã tiếp nhận',
	resolved: 'Đã khắc phục'
};

export const CERT_KIND_VI: Record<string, string> = {
	organisation: 'Tổ chức',
	individual: 'Cá nhân',
	device: 'Thiết bị, dịch vụ'
};

export const CERT_STATUS_VI: Record<string, string> = {
	active: 'Đang sử dụng',
	expired: 'Hết hạn',
	revoked: 'Đã thu hồi',
	replaced: 'Đã thay thế'
};

/** Device kinds as Decree 68 names them (the custody catalogue's words). */
export const DEVICE_KIND_VI: Record<string, string> = {
	pki_token: custodyWords['dv.deviceType.pki_token'],
	sim_pki: custodyWords['dv.deviceType.sim_pki'],
	hsm: custodyWords['dv.deviceType.hsm'],
	remote: custodyWords['dv.deviceType.remote']
};

export const CUSTODY_EVENT_VI: Record<string, string> = Object.fromEntries(
	Object.entries(custodyWords)
		.filter(([k]) => k.startsWith('dv.custody.'))
		.map(([k, v]) => [k.slice('dv.custody.'.length), v])
);

export const TOKEN_STATUS_VI: Record<string, string> = {
	in_stock: 'Trong kho',
	issued: 'Đã cấp',
	locked: 'Bị khóa',
	lost: 'Bị mất',
	damaged: 'Hỏng',
	returned: 'Đã thu hồi'
};

export const CHANNELS = ['qlvb', 'dvc', 'email', 'portal', 'other'] as const;
export const CHANNEL_VI: Record<(typeof CHANNELS)[number], string> = {
	qlvb: 'QLVB&ĐH',
	dvc: 'Dịch vụ công',
	email: 'Thư điện tử',
	portal: 'Cổng TTĐT',
	other: 'Khác'
};

export const INSPECTION_STATUS_VI: Record<string, string> = {
	planned: 'Kế hoạch',
	in_progress: 'Đang thực hiện',
	completed: 'Đã kết thúc'
};

export function label(map: Record<string, string>, key: string | null | undefined): string {
	if (key == null) return '';
	return map[key] ?? key;
}
