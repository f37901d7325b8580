// Words of e-mail: the administrator's mail page (SMTP status, the digest's time), the user's
// choice of what reaches them by e-mail, and the failed digests on the jobs page.
export const vi = {
	'mail.adminTitle': 'Thư điện tử',
	'mail.adminIntro':
		'Thư tổng hợp hằng ngày: mỗi người dùng có địa chỉ thư nhận một thư mỗi ngày liệt kê các việc cần xử lý chưa đọc trong phạm vi của mình, theo cơ quan.',
	'mail.smtp': 'Máy chủ gửi thư (SMTP)',
	'mail.notConfigured':
		'Chưa cấu hình máy chủ thư: hệ thống chỉ thông báo trong ứng dụng, không gửi thư. Để gửi thư, đặt biến môi trường KIEMKY_SMTP_URL (ví dụ smtp://người_dùng:mật_khẩu@máy:587, hoặc smtps://… cho TLS) và KIEMKY_MAIL_FROM rồi khởi động lại.',
	'mail.configured': 'Đã cấu hình: thư tổng hợp được gửi qua máy chủ dưới đây.',
	'mail.host': 'Máy chủ',
	'mail.tls': 'Mã hóa',
	'mail.tlsOn': 'TLS ngay từ đầu (smtps)',
	'mail.tlsStarttls': 'STARTTLS nếu máy chủ hỗ trợ (smtp)',
	'mail.user': 'Tài khoản',
	'mail.from': 'Người gửi',
	'mail.origin': 'Địa chỉ trong các liên kết',
	'mail.originDefaulted':
		'Chưa đặt ORIGIN: liên kết trong thư trỏ về địa chỉ mặc định, người nhận ở máy khác sẽ không mở được.',
	'mail.digestTime': 'Giờ gửi thư tổng hợp hằng ngày (giờ Việt Nam)',
	'mail.digestTimeHelp': 'Lưu giờ gửi sẽ đổi lịch chạy của tác vụ “Gửi thư tổng hợp hằng ngày”.',
	'mail.schedule': 'Lịch chạy hiện tại của tác vụ',
	'mail.scheduleDiffers':
		'Lịch đã được sửa trên trang Tác vụ, khác với giờ gửi ở đây; lưu giờ gửi để đặt lại.',
	'mail.scheduleDisabled': 'Tác vụ đang tắt: không gửi thư.',
	'mail.save': 'Lưu giờ gửi',
	'mail.saved': 'Đã lưu giờ gửi và lịch chạy.',
	'mail.prefsTitle': 'Nhận thông báo qua thư',
	'mail.prefsIntro':
		'Chọn loại thông báo gửi vào thư tổng hợp hằng ngày. Mọi loại vẫn hiện trong trung tâm thông báo của ứng dụng.',
	'mail.prefsAddress': 'Địa chỉ nhận thư',
	'mail.prefsNoAddress': 'Tài khoản chưa có địa chỉ thư: hãy đề nghị quản trị viên cập nhật.',
	'mail.prefsNoSmtp': 'Hệ thống chưa cấu hình máy chủ thư: hiện chỉ thông báo trong ứng dụng.',
	'mail.prefsByEmail': 'Nhận qua thư',
	'mail.prefsSave': 'Lưu lựa chọn',
	'mail.prefsSaved': 'Đã lưu lựa chọn.',
	'mail.failedTitle': 'Thư tổng hợp gửi lỗi',
	'mail.failedNone': 'Không có thư nào gửi lỗi.',
	'mail.failedDay': 'Ngày',
	'mail.failedTo': 'Người nhận',
	'mail.failedAttempts': 'Số lần thử',
	'mail.failedItems': 'Số việc',
	'mail.failedError': 'Lỗi, trả lời của máy chủ thư'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'mail.adminTitle': 'E-mail',
	'mail.adminIntro':
		'Daily digest: each user with an e-mail address gets one message a day listing the unread items in their scope that need doing, by agency.',
	'mail.smtp': 'Mail server (SMTP)',
	'mail.notConfigured':
		'No mail server configured: notifications are shown in the app only, no e-mail is sent. To send e-mail, set KIEMKY_SMTP_URL (e.g. smtp://user:password@host:587, or smtps://… for TLS) and KIEMKY_MAIL_FROM and restart.',
	'mail.configured': 'Configured: the daily digest is sent through the server below.',
	'mail.host': 'Server',
	'mail.tls': 'Encryption',
	'mail.tlsOn': 'TLS from the start (smtps)',
	'mail.tlsStarttls': 'STARTTLS when the server offers it (smtp)',
	'mail.user': 'Account',
	'mail.from': 'Sender',
	'mail.origin': 'Address in the links',
	'mail.originDefaulted':
		'ORIGIN is not set: links in the messages point to the default address, which recipients on other machines cannot open.',
	'mail.digestTime': 'Time of the daily digest (Vietnam time)',
	'mail.digestTimeHelp': 'Saving the time moves the schedule of the job “Daily e-mail digest”.',
	'mail.schedule': 'Current schedule of the job',
	'mail.scheduleDiffers':
		'The schedule was changed on the jobs page and differs from this time; save the time to reset it.',
	'mail.scheduleDisabled': 'The job is switched off: no e-mail is sent.',
	'mail.save': 'Save the time',
	'mail.saved': 'Time and schedule saved.',
	'mail.prefsTitle': 'Notifications by e-mail',
	'mail.prefsIntro':
		'Choose which kinds of notification go into your daily digest. Every kind still shows in the app’s notification centre.',
	'mail.prefsAddress': 'Address',
	'mail.prefsNoAddress': 'Your account has no e-mail address: ask an administrator to add one.',
	'mail.prefsNoSmtp': 'No mail server is configured: notifications are shown in the app only for now.',
	'mail.prefsByEmail': 'By e-mail',
	'mail.prefsSave': 'Save',
	'mail.prefsSaved': 'Saved.',
	'mail.failedTitle': 'Daily digests that failed',
	'mail.failedNone': 'No digest failed.',
	'mail.failedDay': 'Day',
	'mail.failedTo': 'Recipient',
	'mail.failedAttempts': 'Attempts',
	'mail.failedItems': 'Items',
	'mail.failedError': 'Error, the mail server’s answer'
};
