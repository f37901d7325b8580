// The fields of a signing event as an import knows them: the canonical names of eventRowSchema,
// which are required, their Vietnamese and English labels, and the column headers document systems
// write for them (compared without diacritics, case, spacing or punctuation: header-text.ts).
export const EVENT_FIELDS = [
	'source_system',
	'source_id',
	'signed_at',
	'certificate_fingerprint',
	'certificate_serial',
	'acting_person_national_id',
	'acting_person_email',
	'acting_title',
	'signing_form',
	'document_number',
	'document_agency_code',
	'classification',
	'channel',
	'direction',
	'incoming_indication',
	'accepted'
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

export function isEventField(s: unknown): s is EventField {
	return typeof s === 'string' && (EVENT_FIELDS as readonly string[]).includes(s);
}

/** Always required; certificate_fingerprint or certificate_serial is required too (one of the two). */
export const REQUIRED_FIELDS: readonly EventField[] = ['source_system', 'source_id', 'signed_at', 'channel'];
export const CERTIFICATE_FIELDS: readonly EventField[] = ['certificate_fingerprint', 'certificate_serial'];

export const FIELD_LABELS: Record<EventField, { vi: string; en: string }> = {
	source_system: { vi: 'Hệ thống nguồn', en: 'Source system' },
	source_id: { vi: 'Mã bản ghi (mã hồ sơ)', en: 'Source record id' },
	signed_at: { vi: 'Thời điểm ký', en: 'Signed at' },
	certificate_fingerprint: { vi: 'Dấu vân tay chứng thư (SHA-256)', en: 'Certificate fingerprint (SHA-256)' },
	certificate_serial: { vi: 'Số hiệu (serial) chứng thư', en: 'Certificate serial' },
	acting_person_national_id: { vi: 'Mã định danh người ký', en: 'Signer national id' },
	acting_person_email: { vi: 'Thư điện tử người ký', en: 'Signer e-mail' },
	acting_title: { vi: 'Chức danh', en: 'Title' },
	signing_form: { vi: 'Hình thức ký', en: 'Signing form' },
	document_number: { vi: 'Số, ký hiệu văn bản', en: 'Document number' },
	document_agency_code: { vi: 'Mã cơ quan ban hành', en: 'Issuing agency code' },
	classification: { vi: 'Độ mật', en: 'Classification' },
	channel: { vi: 'Kênh', en: 'Channel' },
	direction: { vi: 'Văn bản đến/đi', en: 'Incoming/outgoing' },
	incoming_indication: { vi: 'Kết quả kiểm tra chữ ký (văn bản đến)', en: 'Signature check (incoming)' },
	accepted: { vi: 'Tiếp nhận (văn bản đến)', en: 'Accepted (incoming)' }
};

/** Headers recognised for each field, in their compared form (lower case, no diacritics, words by one space). */
export const FIELD_HEADERS: Record<EventField, readonly string[]> = {
	source_system: ['he thong nguon', 'he thong', 'nguon', 'ma he thong', 'ten he thong'],
	source_id: [
		'ma ho so',
		'ma ban ghi',
		'ma ban ghi nguon',
		'so ho so',
		'ma giao dich',
		'ma su kien',
		'ma nguon',
		'id'
	],
	signed_at: ['thoi diem ky', 'ngay ky', 'thoi gian ky', 'ngay gio ky', 'ngay ky so', 'thoi diem ky so'],
	certificate_fingerprint: [
		'dau van tay',
		'dau van tay chung thu',
		'van tay',
		'van tay chung thu',
		'fingerprint',
		'sha256',
		'sha 256'
	],
	certificate_serial: [
		'so serial',
		'so hieu chung thu',
		'so serial chung thu',
		'serial',
		'so seri',
		'serial number',
		'so hieu cts',
		'so hieu chung thu so'
	],
	acting_person_national_id: [
		'ma dinh danh',
		'so cccd',
		'cccd',
		'so dinh danh',
		'ma dinh danh ca nhan',
		'so can cuoc',
		'can cuoc cong dan',
		'so cmnd',
		'cmnd',
		'national id'
	],
	acting_person_email: ['thu dien tu', 'email', 'e mail', 'email nguoi ky', 'thu dien tu nguoi ky'],
	acting_title: ['chuc danh', 'chuc vu', 'chuc danh nguoi ky', 'title'],
	signing_form: ['hinh thuc ky', 'hinh thuc', 'kieu ky', 'hinh thuc ky so'],
	document_number: [
		'so ky hieu',
		'so van ban',
		'so hieu van ban',
		'so va ky hieu',
		'so ky hieu van ban',
		'so va ky hieu van ban'
	],
	document_agency_code: [
		'co quan ban hanh',
		'ma co quan',
		'ma co quan ban hanh',
		'don vi ban hanh',
		'ma don vi',
		'ma don vi ban hanh',
		'agency code'
	],
	classification: ['do mat', 'muc do mat', 'muc mat'],
	channel: ['kenh', 'kenh ky', 'kenh gui', 'kenh trao doi'],
	direction: ['van ban den di', 'den di', 'van ban den hay di', 'chieu van ban', 'loai den di'],
	incoming_indication: [
		'ket qua kiem tra',
		'ket qua kiem tra chu ky',
		'ket qua xac thuc',
		'ket qua xac thuc chu ky'
	],
	accepted: ['tiep nhan', 'da tiep nhan', 'chap nhan']
};
