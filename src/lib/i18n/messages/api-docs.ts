// Words of the API reference page (/api/docs).
export const vi: Record<string, string> = {
	'apiDocs.title': 'Tài liệu API',
	'apiDocs.intro':
		'Các hệ thống quản lý văn bản, dịch vụ công, thư điện tử và cổng thông tin gửi sự kiện ký số và văn bản đã ký qua API này. Quản trị viên cấp khóa API tại trang Quản trị → Khóa API; mỗi khóa thuộc một hệ thống nguồn và một phạm vi cơ quan.',
	'apiDocs.machine': 'Tài liệu máy đọc được (OpenAPI 3.1)',
	'apiDocs.auth': 'Xác thực',
	'apiDocs.authText': 'Gửi khóa trong tiêu đề Authorization: Bearer kk_…',
	'apiDocs.public': 'Không cần khóa',
	'apiDocs.request': 'Nội dung yêu cầu',
	'apiDocs.responses': 'Trả lời',
	'apiDocs.schemas': 'Cấu trúc dữ liệu',
	'apiDocs.field': 'Trường',
	'apiDocs.type': 'Kiểu',
	'apiDocs.required': 'Bắt buộc',
	'apiDocs.description': 'Mô tả',
	'apiDocs.yes': 'có',
	'apiDocs.example': 'Ví dụ'
};

export const en: Record<string, string> = {
	'apiDocs.title': 'API reference',
	'apiDocs.intro':
		'Document-management, public-service, e-mail and portal systems send signing events and signed documents through this API. An administrator issues API keys on Administration → API keys; each key belongs to a source system and an agency scope.',
	'apiDocs.machine': 'Machine-readable document (OpenAPI 3.1)',
	'apiDocs.auth': 'Authentication',
	'apiDocs.authText': 'Send the key in the header Authorization: Bearer kk_…',
	'apiDocs.public': 'No key needed',
	'apiDocs.request': 'Request body',
	'apiDocs.responses': 'Responses',
	'apiDocs.schemas': 'Data structures',
	'apiDocs.field': 'Field',
	'apiDocs.type': 'Type',
	'apiDocs.required': 'Required',
	'apiDocs.description': 'Description',
	'apiDocs.yes': 'yes',
	'apiDocs.example': 'Example'
};
