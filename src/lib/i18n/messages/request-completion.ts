// Words of completing a lifecycle request: what the completion changes in the inventory.
export const vi = {
	'completion.title': 'Hoàn thành yêu cầu',
	'completion.certificate': 'Chứng thư của yêu cầu (số hiệu hoặc dấu vân tay)',
	'completion.newCertificate': 'Chứng thư số mới (số hiệu hoặc dấu vân tay)',
	'completion.newCertificateOptional': 'Chứng thư số mới nếu CA đã cấp lại (số hiệu hoặc dấu vân tay)',
	'completion.renewHint':
		'Chứng thư mới được ghi là bản gia hạn của chứng thư cũ; chứng thư cũ chuyển "Đã thay thế" khi chứng thư mới đang sử dụng.',
	'completion.changeHint':
		'Ghi thông tin thay đổi, trước và sau. Thay đổi chức danh, cơ quan của người giữ cập nhật ở trang nhân sự.',
	'completion.revokeHint':
		'Chứng thư được đánh dấu "Đã yêu cầu thu hồi" cho đến khi danh sách chứng thư bị thu hồi (CRL) xác nhận.',
	'completion.recoverHint': 'Thiết bị bị khóa được ghi nhận "Khôi phục" trong lịch sử bàn giao.',
	'completion.field': 'Thông tin thay đổi {n}',
	'completion.field.title': 'Chức danh',
	'completion.field.agency': 'Cơ quan, đơn vị',
	'completion.field.email': 'Thư điện tử',
	'completion.field.name': 'Tên thuê bao',
	'completion.field.other': 'Thông tin khác',
	'completion.before': 'Trước thay đổi {n}',
	'completion.after': 'Sau thay đổi {n}',
	'completion.outcome': 'Kết quả xử lý',
	'completion.newCert': 'Chứng thư mới',
	'completion.oldCert': 'Chứng thư của yêu cầu',
	'completion.changes': 'Thông tin đã thay đổi',
	'completion.revocationRequestedAt': 'Đã gửi yêu cầu thu hồi lúc',
	'completion.recovered': 'Đã ghi nhận khôi phục thiết bị',
	'completion.notLocked': 'Thiết bị không ở tình trạng bị khóa khi hoàn thành: không ghi thêm sự việc.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'completion.title': 'Complete the request',
	'completion.certificate': "The request's certificate (serial or fingerprint)",
	'completion.newCertificate': 'New certificate (serial or fingerprint)',
	'completion.newCertificateOptional': 'New certificate if the CA issued one (serial or fingerprint)',
	'completion.renewHint':
		'The new certificate is recorded as the renewal of the old one, which becomes "Replaced" once the new one is active.',
	'completion.changeHint':
		"Record what changed, before and after. A holder's new title or agency is updated on the people pages.",
	'completion.revokeHint':
		'The certificate is marked "Revocation requested" until a CRL confirms the revocation.',
	'completion.recoverHint': 'The locked device gets a "Recovered" event in its custody history.',
	'completion.field': 'Changed item {n}',
	'completion.field.title': 'Title',
	'completion.field.agency': 'Agency or unit',
	'completion.field.email': 'E-mail',
	'completion.field.name': 'Subscriber name',
	'completion.field.other': 'Other information',
	'completion.before': 'Before {n}',
	'completion.after': 'After {n}',
	'completion.outcome': 'Outcome',
	'completion.newCert': 'New certificate',
	'completion.oldCert': "The request's certificate",
	'completion.changes': 'Information changed',
	'completion.revocationRequestedAt': 'Revocation requested at',
	'completion.recovered': 'Recovery recorded on the device',
	'completion.notLocked': 'The device was not locked at completion: no event recorded.'
};
