// The labels of every enumerated value ($lib/domain's VOCABULARY), one per value and language.
// The pages, the Excel exports and the reports all read them through `valueLabel` (../values.ts),
// so a value reads the same on screen and on paper. Typed by the domain lists: a value added to a
// list without a label here, in either language, does not compile. Where the screen and the workbooks
// used to disagree, the wording kept is the regulation's, its decrees' or the report templates'.
import type { VocabularyLabels } from '../../domain/vocabulary';

export const labelsVi = {
	certStatus: {
		// "Chứng thư số đang sử dụng": the usage report's wording.
		active: 'Đang sử dụng',
		expired: 'Hết hạn',
		revoked: 'Đã thu hồi',
		replaced: 'Đã thay thế'
	},
	certKind: {
		// The regulation's "chứng thư chữ ký số của cơ quan, tổ chức" (Điều 8, 13).
		organisation: 'Cơ quan, tổ chức',
		individual: 'Cá nhân',
		device: 'Thiết bị, dịch vụ'
	},
	tokenStatus: {
		in_stock: 'Trong kho',
		issued: 'Đã cấp phát',
		locked: 'Bị khóa',
		lost: 'Bị mất',
		damaged: 'Hư hỏng',
		returned: 'Đã thu hồi'
	},
	deviceType: {
		pki_token: 'Token PKI',
		sim_pki: 'SIM PKI',
		hsm: 'HSM',
		remote: 'Dịch vụ/phần mềm ký số (ký số từ xa)'
	},
	custody: {
		received: 'Nhập kho cơ quan',
		issued: 'Cấp phát',
		handed_over: 'Bàn giao',
		returned: 'Trả lại',
		locked: 'Bị khóa',
		lost: 'Báo mất',
		recovered: 'Khôi phục',
		returned_to_ca: 'Nộp lại cho CA (Mẫu 08)',
		damaged: 'Hư hỏng'
	},
	channel: {
		qlvb: 'QLVB&ĐH',
		dvc: 'Dịch vụ công',
		email: 'Thư điện tử',
		// Regulation Điều 4.2, 15.1.
		portal: 'Cổng thông tin điện tử',
		other: 'Khác'
	},
	form: {
		own: 'Ký trực tiếp',
		// Decree 30 Art. 13: the abbreviation with what it stands for.
		kt: 'KT. (ký thay)',
		tl: 'TL. (thừa lệnh)',
		tuq: 'TUQ. (thừa ủy quyền)',
		tm: 'TM. (thay mặt)',
		q: 'Q. (quyền)',
		// Regulation Điều 13.1.b, 13.4, 13.5.
		org: 'Chữ ký cơ quan, tổ chức',
		copy: 'Bản sao',
		attachment: 'Phụ lục, văn bản kèm theo'
	},
	classification: {
		normal: 'Thường',
		confidential: 'Mật',
		secret: 'Tối mật',
		top_secret: 'Tuyệt mật'
	},
	direction: { outgoing: 'Đi', incoming: 'Đến' },
	severity: { low: 'Thấp', medium: 'Trung bình', high: 'Cao', critical: 'Nghiêm trọng' },
	findingStatus: {
		open: 'Chưa xử lý',
		// The action that sets it is "Xác nhận đang xử lý".
		acknowledged: 'Đang xử lý',
		// The inspection report's "Vi phạm chưa khắc phục" / "Theo dõi khắc phục".
		resolved: 'Đã khắc phục'
	},
	findingKind: {
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
		unknown_certificate: 'Ký bằng chứng thư chưa có trong danh mục',
		should_have_been_revoked: 'Chứng thư lẽ ra phải thu hồi vẫn đang sử dụng',
		change_request_missing: 'Thông tin thay đổi nhưng chưa đề nghị thay đổi chứng thư',
		others_certificate_used: 'Dùng chứng thư cá nhân của người khác để ký',
		incoming_not_verified: 'Tiếp nhận văn bản đến không kiểm tra chữ ký số',
		org_cert_without_clerk: 'Chứng thư tổ chức chưa có văn thư quản lý',
		org_token_not_with_clerk: 'Thiết bị chứng thư tổ chức do người không phải văn thư giữ',
		clerk_change_without_handover: 'Thay đổi văn thư không có biên bản bàn giao',
		renewal_beyond_limit: 'Gia hạn chứng thư vượt quá 03 năm',
		document_number_invalid: 'Số, ký hiệu văn bản sai thể thức',
		document_number_duplicate: 'Số, ký hiệu văn bản trùng trong năm',
		org_signed_before_person: 'Ký số của cơ quan trước khi người có thẩm quyền ký',
		signing_time_zone_slip: 'Thời gian ký lệch 07 giờ (nhầm múi giờ)',
		appearance_signature_image: 'Hình ảnh chữ ký sai vị trí hoặc thiếu',
		appearance_seal_placement: 'Hình ảnh con dấu sai vị trí',
		appearance_copy_signature: 'Chữ ký số bản sao, phụ lục sai thể thức'
	},
	personStatus: {
		active: 'Đang công tác',
		// Decree 68 Art. 17's words, as the organisation import template writes them.
		transferred: 'Chuyển công tác',
		retired: 'Nghỉ hưu',
		resigned: 'Thôi việc',
		deceased: 'Từ trần'
	},
	agencyKind: {
		province: 'Tỉnh',
		department: 'Sở, ban, ngành',
		commune: 'Xã',
		ward: 'Phường',
		unit: 'Đơn vị trực thuộc',
		// Central bodies (the Ministry, the Cipher Committee) are outside the province.
		external: 'Ngoài tỉnh'
	},
	requestKind: {
		issue: 'Cấp mới',
		renew: 'Gia hạn',
		change: 'Thay đổi thông tin',
		revoke: 'Thu hồi',
		recover: 'Khôi phục thiết bị'
	},
	requestStatus: {
		submitted: 'Đã gửi',
		in_progress: 'Đang xử lý',
		approved: 'Đã chấp thuận',
		rejected: 'Từ chối',
		completed: 'Hoàn thành',
		cancelled: 'Đã hủy'
	},
	inspectionStatus: {
		planned: 'Kế hoạch',
		// Neutral for a thanh tra and a kiểm tra alike (the usage report's wording).
		in_progress: 'Đang thực hiện',
		completed: 'Đã kết thúc'
	},
	reportKind: {
		usage: 'Báo cáo tình hình quản lý, sử dụng (quý, 6 tháng, năm)',
		demand_plan: 'Kế hoạch nhu cầu năm sau',
		expiry: 'Danh sách chứng thư số hết hạn',
		inspection: 'Báo cáo kiểm tra một cơ quan',
		ad_hoc: 'Xuất danh sách'
	},
	recipient: {
		ubnd: 'UBND tỉnh',
		'bo-khcn': 'Bộ Khoa học và Công nghệ',
		'ban-co-yeu': 'Ban Cơ yếu Chính phủ'
	},
	role: {
		admin: 'Quản trị hệ thống',
		inspector: 'Thanh tra, kiểm tra',
		leader: 'Lãnh đạo',
		report_staff: 'Cán bộ báo cáo',
		agency_officer: 'Cán bộ cơ quan, đơn vị'
	},
	notificationKind: {
		finding: 'Cảnh báo mới',
		certificate_expiry: 'Chứng thư sắp hết hạn',
		deadline: 'Thời hạn xử lý',
		request_decision: 'Kết quả xử lý yêu cầu',
		job_failed: 'Tác vụ bị lỗi',
		escalation: 'Lâu chưa được xem'
	}
} as const satisfies VocabularyLabels;

export const labelsEn = {
	certStatus: { active: 'In use', expired: 'Expired', revoked: 'Revoked', replaced: 'Replaced' },
	certKind: { organisation: 'Agency or organisation', individual: 'Individual', device: 'Device or service' },
	tokenStatus: {
		in_stock: 'In stock',
		issued: 'Issued',
		locked: 'Locked',
		lost: 'Lost',
		damaged: 'Damaged',
		returned: 'Returned'
	},
	deviceType: {
		pki_token: 'PKI token',
		sim_pki: 'PKI SIM',
		hsm: 'HSM',
		remote: 'Signing service or software (remote signing)'
	},
	custody: {
		received: 'Received into the agency store',
		issued: 'Issued',
		handed_over: 'Handed over',
		returned: 'Returned',
		locked: 'Locked',
		lost: 'Reported lost',
		recovered: 'Recovered',
		returned_to_ca: 'Returned to the CA (Form 08)',
		damaged: 'Damaged'
	},
	channel: {
		qlvb: 'Document system',
		dvc: 'Public services',
		email: 'E-mail',
		portal: 'Web portal',
		other: 'Other'
	},
	form: {
		own: 'Own signature',
		kt: 'KT. (for the head)',
		tl: 'TL. (by order)',
		tuq: 'TUQ. (by delegation)',
		tm: 'TM. (on behalf of)',
		q: 'Q. (acting)',
		org: 'Agency signature',
		copy: 'Copy',
		attachment: 'Appendix or enclosure'
	},
	classification: {
		normal: 'Normal',
		confidential: 'Confidential',
		secret: 'Secret',
		top_secret: 'Top secret'
	},
	direction: { outgoing: 'Outgoing', incoming: 'Incoming' },
	severity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
	findingStatus: { open: 'Open', acknowledged: 'In progress', resolved: 'Resolved' },
	findingKind: {
		expiring_soon: 'Expiring, no renewal requested',
		expired_still_active: 'Expired but still recorded in use',
		signed_after_expiry: 'Signed after the certificate expired',
		signed_after_revocation: 'Signed after the certificate was revoked',
		org_cert_non_clerk: 'Organisation certificate used by someone other than the clerk',
		title_mismatch: 'Signed under a wrong title',
		holder_left: 'Signed after the holder left or moved',
		on_behalf_wrong_cert: "Signed on behalf with someone else's certificate",
		secret_document_signed: 'Secret document signed',
		cross_agency_use: "Certificate used for another agency's document",
		lost_token_signing: 'Signed after the device was reported lost',
		incoming_accepted_invalid: 'Incoming document accepted with an invalid signature',
		unusual_pattern: 'Unusual signing (bursts, at night)',
		archive_verification_failed: 'Archived document no longer valid',
		archive_verdict_worse: 'Archive verdict got worse',
		verification_disagreement: "Verdict differs from the sending system's",
		recovery_overdue: 'Device recovery past 1 working day',
		device_not_returned: 'Device not handed back after revocation or expiry',
		validity_too_long: 'Validity longer than allowed',
		public_ca_certificate: 'Document signed with a public-CA certificate',
		audit_log_tampered: 'Audit log tampered with',
		unknown_certificate: 'Signed with a certificate not in the inventory',
		should_have_been_revoked: 'Certificate that should have been revoked still in use',
		change_request_missing: 'Information changed but no change request',
		others_certificate_used: "Signed with another person's certificate",
		incoming_not_verified: 'Incoming document accepted without verification',
		org_cert_without_clerk: 'Organisation certificate with no clerk',
		org_token_not_with_clerk: 'Organisation token held by someone other than its clerk',
		clerk_change_without_handover: 'Clerk changed without a hand-over record',
		renewal_beyond_limit: 'Renewal longer than 3 years',
		document_number_invalid: 'Document number and symbol badly formed',
		document_number_duplicate: 'Document number repeated in the year',
		org_signed_before_person: 'Organisation signed before the competent person',
		signing_time_zone_slip: 'Signing time 7 hours off (time-zone slip)',
		appearance_signature_image: 'Signature image missing or misplaced',
		appearance_seal_placement: 'Seal image misplaced',
		appearance_copy_signature: 'Copy or appendix signature badly formed'
	},
	personStatus: {
		active: 'Active',
		transferred: 'Transferred',
		retired: 'Retired',
		resigned: 'Resigned',
		deceased: 'Deceased'
	},
	agencyKind: {
		province: 'Province',
		department: 'Department',
		commune: 'Commune',
		ward: 'Ward',
		unit: 'Unit',
		external: 'Outside the province'
	},
	requestKind: {
		issue: 'New issuance',
		renew: 'Renewal',
		change: 'Change of information',
		revoke: 'Revocation',
		recover: 'Device recovery'
	},
	requestStatus: {
		submitted: 'Submitted',
		in_progress: 'In progress',
		approved: 'Approved',
		rejected: 'Rejected',
		completed: 'Completed',
		cancelled: 'Cancelled'
	},
	inspectionStatus: { planned: 'Planned', in_progress: 'In progress', completed: 'Completed' },
	reportKind: {
		usage: 'Management and use report (quarter, half-year, year)',
		demand_plan: 'Next-year demand plan',
		expiry: 'Certificates expiring',
		inspection: 'Inspection report of an agency',
		ad_hoc: 'List export'
	},
	recipient: {
		ubnd: 'Provincial People’s Committee',
		'bo-khcn': 'Ministry of Science and Technology',
		'ban-co-yeu': 'Government Cipher Committee'
	},
	role: {
		admin: 'System administrator',
		inspector: 'Inspector',
		leader: 'Leader',
		report_staff: 'Report staff',
		agency_officer: 'Agency officer'
	},
	notificationKind: {
		finding: 'New finding',
		certificate_expiry: 'Certificate expiring',
		deadline: 'Deadline',
		request_decision: 'Decision on a request',
		job_failed: 'Failed job',
		escalation: 'Long unread'
	}
} as const satisfies VocabularyLabels;
