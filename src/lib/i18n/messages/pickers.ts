// Words of the searchable pickers and of the request form's fields per kind.
export const vi = {
	'picker.none': 'Không có gợi ý: gõ thêm vài chữ (không cần dấu).',
	'picker.personHint': 'Gõ họ tên (không cần dấu) rồi chọn trong danh sách.',
	'picker.certificateHint': 'Gõ tên thuê bao, người được cấp hoặc số hiệu; chọn trong danh sách.',
	'picker.deviceHint': 'Gõ số sê-ri hoặc tên người giữ thiết bị.',
	'agencySelect.search': 'Tìm theo tên (không cần dấu)',
	'filter.certificate': 'Chứng thư',
	'filter.person': 'Người ký',
	'requests.subscriber': 'Chứng thư cấp cho',
	'requests.subscriber.individual': 'Cá nhân (Mẫu 01)',
	'requests.subscriber.organisation': 'Cơ quan, tổ chức (Mẫu 02)',
	'requests.person': 'Người được cấp',
	'requests.certificatePick': 'Chứng thư',
	'requests.devicePick': 'Thiết bị lưu khóa (số sê-ri)',
	'requests.requiredNote': 'Ô có dấu * là bắt buộc với loại yêu cầu đã chọn.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'picker.none': 'No suggestion: type a few more letters (accents optional).',
	'picker.personHint': 'Type the name (accents optional), then pick from the list.',
	'picker.certificateHint': 'Type the subscriber, the holder or the serial; pick from the list.',
	'picker.deviceHint': 'Type the serial or the holder’s name.',
	'agencySelect.search': 'Find by name (accents optional)',
	'filter.certificate': 'Certificate',
	'filter.person': 'Signer',
	'requests.subscriber': 'Certificate for',
	'requests.subscriber.individual': 'A person (Form 01)',
	'requests.subscriber.organisation': 'An agency or organisation (Form 02)',
	'requests.person': 'Person',
	'requests.certificatePick': 'Certificate',
	'requests.devicePick': 'Key device (serial)',
	'requests.requiredNote': 'Fields marked * are required for the chosen kind of request.'
};
