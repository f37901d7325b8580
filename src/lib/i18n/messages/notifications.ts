// Words of the notification centre (/thong-bao) and of the header's bell.
export const vi = {
	'notifications.title': 'Thông báo',
	'notifications.bell': 'Thông báo: {n} chưa đọc',
	'notifications.bellNone': 'Thông báo: không có thông báo chưa đọc',
	'notifications.show': 'Hiển thị',
	'notifications.unreadOnly': 'Chưa đọc',
	'notifications.all': 'Tất cả',
	'notifications.kind': 'Loại',
	'notifications.unreadCount': '{n} thông báo chưa đọc.',
	'notifications.none': 'Không có thông báo nào.',
	'notifications.unread': 'Chưa đọc',
	'notifications.cleared': 'Không còn cần xử lý',
	'notifications.due': 'Hạn: {date}',
	'notifications.markRead': 'Đánh dấu đã đọc',
	'notifications.markAllRead': 'Đánh dấu tất cả là đã đọc',
	'notifications.markedAll': 'Đã đánh dấu {n} thông báo là đã đọc.',
	'notifications.marked': 'Đã đánh dấu là đã đọc.',
	'notifications.open': 'Xem chi tiết',
	'notifications.settings': 'Cài đặt thông báo',
	'notifications.escalationDays': 'Số ngày chưa xem trước khi chuyển thanh tra',
	'notifications.escalationHelp':
		'Một mục (cảnh báo, chứng thư sắp hết hạn, thời hạn) mà cán bộ cơ quan chưa xem sau số ngày này được báo cho thanh tra, một lần.',
	'notifications.saved': 'Đã lưu cài đặt.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'notifications.title': 'Notifications',
	'notifications.bell': 'Notifications: {n} unread',
	'notifications.bellNone': 'Notifications: none unread',
	'notifications.show': 'Show',
	'notifications.unreadOnly': 'Unread',
	'notifications.all': 'All',
	'notifications.kind': 'Kind',
	'notifications.unreadCount': '{n} unread notifications.',
	'notifications.none': 'No notifications.',
	'notifications.unread': 'Unread',
	'notifications.cleared': 'No longer needs doing',
	'notifications.due': 'Due: {date}',
	'notifications.markRead': 'Mark as read',
	'notifications.markAllRead': 'Mark all as read',
	'notifications.markedAll': '{n} notifications marked as read.',
	'notifications.marked': 'Marked as read.',
	'notifications.open': 'Open',
	'notifications.settings': 'Notification settings',
	'notifications.escalationDays': 'Days unread before the inspectors are told',
	'notifications.escalationHelp':
		'An item (finding, expiring certificate, deadline) an agency officer has not read after this many days is reported to the inspectors, once.',
	'notifications.saved': 'Settings saved.'
};
