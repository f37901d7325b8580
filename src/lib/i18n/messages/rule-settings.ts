// Words of the administrator's rule settings (/quan-tri/quy-tac) and working-day calendar (/quan-tri/ngay-nghi).
export const vi = {
	'admin.rules': 'Ngưỡng và thời hạn của các quy tắc',
	'admin.rulesIntro':
		'Các tác vụ quét và các trang đọc những giá trị này ở lần chạy tiếp theo. Mỗi thay đổi được ghi vào nhật ký hệ thống.',
	'admin.calendar': 'Lịch ngày làm việc',
	'admin.calendarIntro':
		'Ngày lễ, Tết theo Bộ luật Lao động (Điều 112) và ngày nghỉ bù được tính sẵn. Thêm ở đây những ngoại lệ theo văn bản của Thủ tướng Chính phủ hoặc của tỉnh: ngày nghỉ thêm, ngày hoán đổi, ngày làm bù.',
	'rules.group.deadlines': 'Thời hạn (ngày làm việc)',
	'rules.group.obligations': 'Việc phải làm sau khi thông tin thay đổi (ngày)',
	'rules.field.jobs.obligation_rules.revocationDays':
		'Thu hồi chứng thư sau khi người giữ nghỉ việc, chuyển công tác, mất thiết bị hoặc cơ quan giải thể (Điều 10)',
	'rules.field.jobs.obligation_rules.changeRequestDays':
		'Đề nghị thay đổi thông tin sau khi đổi chức danh, cơ quan hoặc tên cơ quan (Điều 9)',
	'rules.field.jobs.obligation_rules.handoverDays':
		'Bàn giao thiết bị chứng thư tổ chức khi thay đổi văn thư',
	'rules.group.expiry': 'Nhắc hết hạn chứng thư',
	'rules.group.misuse': 'Ký ban đêm và ký dồn dập',
	'rules.group.documents': 'Văn bản (Nghị định 30/2020)',
	'rules.group.requests': 'Thời hạn xử lý yêu cầu (ngày làm việc; để trống: mặc định)',
	'rules.field.jobs.deadlines.recoveryWorkingDays': 'Khôi phục PKI Token kể từ khi gửi yêu cầu (Điều 11.2)',
	'rules.field.jobs.deadlines.returnWorkingDays':
		'Nộp lại thiết bị sau khi chứng thư thu hồi hoặc hết hạn (Mẫu 08)',
	'rules.field.jobs.deadlines.returnWatchSince': 'Theo dõi việc nộp lại thiết bị từ ngày',
	'rules.field.jobs.expiry_thresholds.days': 'Số ngày trước khi hết hạn để nhắc (cách nhau bởi dấu phẩy)',
	'rules.field.overview.dormant.dormantDays': 'Chứng thư không sử dụng: số ngày không ký (trang Tổng quan)',
	'rules.field.jobs.misuse_rules.nightStartHour': 'Ban đêm bắt đầu lúc (giờ)',
	'rules.field.jobs.misuse_rules.nightEndHour': 'Ban đêm kết thúc lúc (giờ)',
	'rules.field.jobs.misuse_rules.burstCount': 'Ký dồn dập: số lần ký tối thiểu',
	'rules.field.jobs.misuse_rules.burstMinutes': 'Ký dồn dập: trong khoảng (phút)',
	'rules.field.jobs.document_rules.zoneSlipToleranceMinutes': 'Lệch múi giờ: sai số quanh 7 giờ (phút)',
	'rules.field.requests.due_working_days.issue': 'Cấp mới chứng thư',
	'rules.field.requests.due_working_days.renew': 'Gia hạn chứng thư',
	'rules.field.requests.due_working_days.change': 'Thay đổi thông tin',
	'rules.field.requests.due_working_days.revoke': 'Thu hồi chứng thư',
	'rules.saved': 'Đã lưu {n} thay đổi.',
	'rules.unchanged': 'Không có gì thay đổi.',
	'rules.save': 'Lưu',
	'calendar.year': 'Năm',
	'calendar.show': 'Xem',
	'calendar.exceptions': 'Ngoại lệ',
	'calendar.noExceptions': 'Chưa có ngoại lệ nào trong năm này.',
	'calendar.holidays': 'Ngày nghỉ lễ, Tết theo luật',
	'calendar.overridden': 'có ngoại lệ',
	'calendar.day': 'Ngày',
	'calendar.kind': 'Loại',
	'calendar.note': 'Căn cứ, ghi chú',
	'calendar.kind.day_off': 'Ngày nghỉ',
	'calendar.kind.working_day': 'Ngày làm việc',
	'calendar.add': 'Thêm hoặc sửa ngoại lệ',
	'calendar.remove': 'Xoá',
	'calendar.saved': 'Đã lưu ngoại lệ.',
	'calendar.removed': 'Đã xoá ngoại lệ.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'admin.rules': 'Rule thresholds and deadlines',
	'admin.rulesIntro':
		'The scans and pages read these values on their next run. Every change is written to the audit log.',
	'admin.calendar': 'Working-day calendar',
	'admin.calendarIntro':
		'Public holidays and Tết under the Labour Code (Art. 112) and the compensatory days are built in. Add here the exceptions decided by the Prime Minister or the province: extra days off, swapped days, make-up working days.',
	'rules.group.deadlines': 'Deadlines (working days)',
	'rules.group.obligations': 'What must follow a change of information (days)',
	'rules.field.jobs.obligation_rules.revocationDays':
		'Revoke after the holder left, moved, lost the device, or the agency was dissolved (Điều 10)',
	'rules.field.jobs.obligation_rules.changeRequestDays':
		'Request a change after a new title, agency or agency name (Điều 9)',
	'rules.field.jobs.obligation_rules.handoverDays':
		"Hand the organisation's device over at a change of clerk",
	'rules.group.expiry': 'Certificate expiry reminders',
	'rules.group.misuse': 'Night and burst signing',
	'rules.group.documents': 'Documents (Decree 30/2020)',
	'rules.group.requests': 'Request processing deadlines (working days; empty: default)',
	'rules.field.jobs.deadlines.recoveryWorkingDays':
		'PKI token recovery from the request’s submission (Art. 11.2)',
	'rules.field.jobs.deadlines.returnWorkingDays': 'Device handed back after revocation or expiry (Form 08)',
	'rules.field.jobs.deadlines.returnWatchSince': 'Watch device hand-back from',
	'rules.field.jobs.expiry_thresholds.days': 'Days before expiry to remind (comma-separated)',
	'rules.field.overview.dormant.dormantDays': 'Dormant certificates: days without signing (overview)',
	'rules.field.jobs.misuse_rules.nightStartHour': 'Night starts at (hour)',
	'rules.field.jobs.misuse_rules.nightEndHour': 'Night ends at (hour)',
	'rules.field.jobs.misuse_rules.burstCount': 'Burst: minimum signatures',
	'rules.field.jobs.misuse_rules.burstMinutes': 'Burst: within (minutes)',
	'rules.field.jobs.document_rules.zoneSlipToleranceMinutes':
		'Time-zone slip: tolerance around 7 hours (minutes)',
	'rules.field.requests.due_working_days.issue': 'Certificate issuance',
	'rules.field.requests.due_working_days.renew': 'Certificate renewal',
	'rules.field.requests.due_working_days.change': 'Change of information',
	'rules.field.requests.due_working_days.revoke': 'Certificate revocation',
	'rules.saved': '{n} change(s) saved.',
	'rules.unchanged': 'Nothing changed.',
	'rules.save': 'Save',
	'calendar.year': 'Year',
	'calendar.show': 'Show',
	'calendar.exceptions': 'Exceptions',
	'calendar.noExceptions': 'No exceptions this year yet.',
	'calendar.holidays': 'Statutory holidays',
	'calendar.overridden': 'has an exception',
	'calendar.day': 'Day',
	'calendar.kind': 'Kind',
	'calendar.note': 'Basis, note',
	'calendar.kind.day_off': 'Day off',
	'calendar.kind.working_day': 'Working day',
	'calendar.add': 'Add or change an exception',
	'calendar.remove': 'Remove',
	'calendar.saved': 'Exception saved.',
	'calendar.removed': 'Exception removed.'
};
