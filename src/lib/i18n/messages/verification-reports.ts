// Words of the validation policy's levels (/quan-tri/kiem-tra), validation at a chosen time and the
// downloadable verification reports (/kiem-tra-chu-ky, /luu-tru/[id]), and the stored upload verifications
// (/kiem-tra-chu-ky/[id]).
export const vi = {
	'policy.levels': 'Mức áp dụng của từng kiểm tra',
	'policy.levelsIntro':
		'Từ chối: kiểm tra không đạt thì chữ ký chưa xác định được hoặc không hợp lệ. Cảnh báo: chữ ký vẫn có thể hợp lệ nhưng kèm cảnh báo. Ghi chú: chỉ ghi lại. Bỏ qua: không xét. Kết quả đã lưu có thể được xét lại theo chính sách khác mà không cần tải lại CRL/OCSP.',
	'policy.profileRules': 'Quy tắc hồ sơ chứng thư (RFC 5280 §4)',
	'policy.profileIntro':
		'Áp dụng cho mọi chứng thư trên đường dẫn chứng thực, kể cả CA gốc; một quy tắc mà chứng thư thật vi phạm nên đặt ở mức Cảnh báo.',
	'policy.check': 'Kiểm tra',
	'policy.level': 'Mức áp dụng',
	'policy.default': 'mặc định',
	'policy.level.FAIL': 'Từ chối',
	'policy.level.WARN': 'Cảnh báo',
	'policy.level.INFORM': 'Ghi chú',
	'policy.level.IGNORE': 'Bỏ qua',
	'policy.maxAgeHours':
		'Tuổi tối đa của thông tin thu hồi trước thời điểm cần kiểm tra (giờ; để trống: theo chu kỳ cập nhật của CRL/OCSP)',
	'verify.at': 'Thời điểm kiểm tra (dd/MM/yyyy HH:mm, giờ Việt Nam; để trống: hiện tại)',
	'verify.atUsed': 'Thời điểm kiểm tra',
	'verify.atChosen': 'do người kiểm tra chọn',
	'verify.atNow': 'thời điểm hiện tại',
	'verify.downloadHtml': 'Tải báo cáo (HTML, in được)',
	'verify.downloadXml': 'Tải báo cáo ETSI TS 119 102-2 (XML)',
	'verify.storedNote': 'Lần kiểm tra đã được lưu kèm dữ liệu kiểm tra (số {id}).',
	'verify.openStored': 'Mở lại lần kiểm tra này',
	'verify.storedTitle': 'Các lần kiểm tra đã lưu',
	'verify.storedIntro':
		'Mỗi lần kiểm tra được lưu kèm tệp, chuỗi chứng thư, CRL và phản hồi OCSP đã dùng, để mở lại, thực hiện lại đúng như khi kiểm tra hoặc so sánh với dữ liệu hiện nay.',
	'verify.storedNone': 'Chưa có lần kiểm tra nào được lưu.',
	'verify.storedAt': 'Thời điểm kiểm tra',
	'verify.storedFile': 'Tệp',
	'verify.storedBy': 'Người thực hiện',
	'verify.storedVerdict': 'Kết quả',
	'verify.origin.web': 'trang kiểm tra',
	'verify.origin.cli': 'dòng lệnh',
	'verify.storedHeading': 'Lần kiểm tra đã lưu số {id}',
	'verify.replay': 'Thực hiện lại như khi kiểm tra',
	'verify.replayTitle': 'Thực hiện lại bằng dữ liệu đã lưu',
	'verify.replayIntro':
		'Tệp được kiểm tra lại ngoại tuyến chỉ với chứng thư, CRL, OCSP và cài đặt đã lưu, tại đúng thời điểm kiểm tra đã ghi nhận.',
	'verify.back': 'Quay lại trang kiểm tra'
};

export const en: Record<keyof typeof vi, string> = {
	'policy.levels': 'Level of each check',
	'policy.levelsIntro':
		'Fail: a failed check makes the signature indeterminate or failed. Warn: the signature can pass, with a warning. Inform: a note only. Ignore: not considered. Stored results can be judged again under another policy without fetching CRLs or OCSP again.',
	'policy.profileRules': 'Certificate profile rules (RFC 5280 §4)',
	'policy.profileIntro':
		'Applied to every certificate of the path, the root included; a rule that real certificates break should warn.',
	'policy.check': 'Check',
	'policy.level': 'Level',
	'policy.default': 'default',
	'policy.level.FAIL': 'Fail',
	'policy.level.WARN': 'Warn',
	'policy.level.INFORM': 'Inform',
	'policy.level.IGNORE': 'Ignore',
	'policy.maxAgeHours':
		'Maximum age of revocation data before the time checked (hours; empty: the CRL/OCSP update interval)',
	'verify.at': 'Validation time (dd/MM/yyyy HH:mm, Vietnam time; empty: now)',
	'verify.atUsed': 'Validation time',
	'verify.atChosen': 'chosen by the inspector',
	'verify.atNow': 'the current time',
	'verify.downloadHtml': 'Download the report (HTML, printable)',
	'verify.downloadXml': 'Download the ETSI TS 119 102-2 report (XML)',
	'verify.storedNote': 'The verification was kept with its validation material (number {id}).',
	'verify.openStored': 'Open this verification again',
	'verify.storedTitle': 'Stored verifications',
	'verify.storedIntro':
		'Each verification is kept with its files and the chain, CRLs and OCSP answers it used, to open it again, make it again exactly as it was, or compare it with today’s material.',
	'verify.storedNone': 'No verification has been stored yet.',
	'verify.storedAt': 'Verified at',
	'verify.storedFile': 'File',
	'verify.storedBy': 'Made by',
	'verify.storedVerdict': 'Result',
	'verify.origin.web': 'verification page',
	'verify.origin.cli': 'command line',
	'verify.storedHeading': 'Stored verification number {id}',
	'verify.replay': 'Make it again as it was made',
	'verify.replayTitle': 'Made again from the kept material',
	'verify.replayIntro':
		'The file is verified again offline with only the certificates, CRLs, OCSP answers and settings kept, at the validation time recorded.',
	'verify.back': 'Back to the verification page'
};
