// Words of the signing-event upload page (/ky-so/nhap).
export const vi: Record<string, string> = {
	'eventImport.title': 'Nhập dữ liệu ký số',
	'eventImport.intro':
		'Tải lên tệp xuất từ hệ thống quản lý văn bản, dịch vụ công, thư điện tử hoặc cổng thông tin (CSV hoặc JSON Lines). Tệp có dòng sai thì không dòng nào được nhập; mỗi dòng sai được nêu lý do. Nhập lại cùng tệp không tạo bản ghi trùng.',
	'eventImport.file': 'Tệp dữ liệu ký số (.csv, .jsonl)',
	'eventImport.limit': 'Dung lượng tối đa',
	'eventImport.submit': 'Nhập dữ liệu',
	'eventImport.working': 'Đang nhập…',
	'eventImport.encoding': 'Mã ký tự',
	'eventImport.rows': 'Số dòng',
	'eventImport.refused': 'Không nhập dòng nào. Số dòng sai:',
	'eventImport.line': 'Dòng',
	'eventImport.reason': 'Lý do',
	'eventImport.inserted': 'Đã nhập',
	'eventImport.already': 'Đã có từ trước',
	'eventImport.columnsTitle': 'Các cột của tệp',
	'eventImport.columns':
		'Bắt buộc: source_system, source_id, signed_at (giờ Việt Nam nếu không ghi múi giờ), channel (qlvb, dvc, email, portal, other) và certificate_serial hoặc certificate_fingerprint. Tùy chọn: acting_person_national_id, acting_person_email, acting_title, signing_form (own, kt, tl, tuq, tm, q, org, copy, attachment), document_number, document_agency_code, classification, direction (outgoing, incoming), incoming_indication, accepted.',
	'eventImport.link': 'Nhập dữ liệu ký số'
};

export const en: Record<string, string> = {
	'eventImport.title': 'Import signing data',
	'eventImport.intro':
		'Upload an export of the document-management, public-service, e-mail or portal system (CSV or JSON Lines). A file with a bad row imports nothing; each bad row is listed with its reason. Importing the same file again adds no duplicates.',
	'eventImport.file': 'Signing data file (.csv, .jsonl)',
	'eventImport.limit': 'Largest file',
	'eventImport.submit': 'Import',
	'eventImport.working': 'Importing…',
	'eventImport.encoding': 'Encoding',
	'eventImport.rows': 'Rows',
	'eventImport.refused': 'Nothing imported. Rows in error:',
	'eventImport.line': 'Line',
	'eventImport.reason': 'Reason',
	'eventImport.inserted': 'Imported',
	'eventImport.already': 'Already present',
	'eventImport.columnsTitle': 'File columns',
	'eventImport.columns':
		'Required: source_system, source_id, signed_at (Vietnam time when no offset), channel (qlvb, dvc, email, portal, other) and certificate_serial or certificate_fingerprint. Optional: acting_person_national_id, acting_person_email, acting_title, signing_form, document_number, document_agency_code, classification, direction, incoming_indication, accepted.',
	'eventImport.link': 'Import signing data'
};
