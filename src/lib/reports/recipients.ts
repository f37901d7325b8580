// How a periodic report addresses each recipient: the "Kính gửi" line, the short name used in
// the closing sentence, and the "Nơi nhận" list. (The recipients' labels on screen and the labels
// of every other value are in the i18n vocabulary, read through valueLabel.)
import type { Recipient } from '../domain/reports';

export const RECIPIENT_INFO: Record<Recipient, { addressee: string; short: string; recipients: string[] }> = {
	ubnd: {
		addressee: 'Ủy ban nhân dân tỉnh Đồng Tháp',
		short: 'UBND tỉnh',
		recipients: ['- Như trên;', '- Giám đốc, các Phó Giám đốc Sở;', '- Lưu: VT, P.CNTT&CĐS.']
	},
	'bo-khcn': {
		addressee: 'Bộ Khoa học và Công nghệ',
		short: 'Bộ KH&CN',
		recipients: [
			'- Như trên;',
			'- UBND tỉnh (để báo cáo);',
			'- Giám đốc, các Phó Giám đốc Sở;',
			'- Lưu: VT, P.CNTT&CĐS.'
		]
	},
	'ban-co-yeu': {
		addressee: 'Ban Cơ yếu Chính phủ (Cục Chứng thực số và Bảo mật thông tin)',
		short: 'Ban Cơ yếu Chính phủ',
		recipients: [
			'- Như trên;',
			'- UBND tỉnh (để báo cáo);',
			'- Giám đốc, các Phó Giám đốc Sở;',
			'- Lưu: VT, P.CNTT&CĐS.'
		]
	}
};
