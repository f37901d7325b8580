// The layout of the two import workbooks (the organisation chart and the CA's subscriber list):
// sheet names, Vietnamese column headers with the other spellings accepted, and the words
// allowed in the list columns. The template generator, the reader and the docs all read these.
import type { AgencyKindCode, DeviceKindCode, PersonStatusCode } from './types';
import { VOCABULARY, type ListName, type ValueOf } from '../../domain/vocabulary';
import { viLabel } from '../../i18n/values';

export interface ColumnSpec {
	key: string;
	/** As written in the template. */
	header: string;
	/** Other spellings accepted (compared without case, diacritics or punctuation). */
	aliases: string[];
	/** The header must be present (its cells may still be optional, see `note`). */
	required: boolean;
	width: number;
	/** Help for whoever fills the sheet (Vietnamese), in the template's instructions. */
	note: string;
	format: 'text' | 'date';
}

export interface SheetSpec {
	name: string;
	aliases: string[];
	columns: ColumnSpec[];
}

const col = (
	key: string,
	header: string,
	note: string,
	opts: Partial<Pick<ColumnSpec, 'aliases' | 'required' | 'width' | 'format'>> = {}
): ColumnSpec => ({
	key,
	header,
	note,
	aliases: opts.aliases ?? [],
	required: opts.required ?? true,
	width: opts.width ?? 22,
	format: opts.format ?? 'text'
});

export const AGENCY_SHEET: SheetSpec = {
	name: 'Cơ quan',
	aliases: ['Co quan', 'Cơ quan, đơn vị', 'Đơn vị'],
	columns: [
		col('code', 'Mã cơ quan', 'Bắt buộc; duy nhất trong tệp. Mã là khóa ổn định của cơ quan.', {
			aliases: ['Mã đơn vị', 'Mã'],
			width: 16
		}),
		col('name', 'Tên cơ quan', 'Bắt buộc. Tên đầy đủ.', { aliases: ['Tên đơn vị', 'Tên'], width: 48 }),
		col('shortName', 'Tên viết tắt', 'Không bắt buộc.', { required: false, width: 20 }),
		col('kind', 'Loại', 'Bắt buộc: một giá trị trong danh mục (Tỉnh, Sở, ban, ngành, Xã, Phường, ...).', {
			aliases: ['Loại cơ quan', 'Loại đơn vị'],
			width: 20
		}),
		col(
			'parentCode',
			'Mã cơ quan cấp trên',
			'Bắt buộc trừ với loại Tỉnh và Ngoài tỉnh (để trống). Mã có trong tệp hoặc đã có trong hệ thống.',
			{ aliases: ['Mã cấp trên', 'Mã đơn vị cấp trên', 'Cơ quan cấp trên'], width: 20 }
		)
	]
};

export const PERSON_SHEET: SheetSpec = {
	name: 'Cán bộ',
	aliases: ['Can bo', 'Nhân sự', 'Cán bộ, công chức'],
	columns: [
		col('fullName', 'Họ và tên', 'Bắt buộc.', { aliases: ['Họ tên'], width: 28 }),
		col(
			'nationalId',
			'Số định danh (CCCD)',
			'Bắt buộc; 12 chữ số (hoặc 9 chữ số CMND cũ), nhập dạng văn bản; duy nhất trong tệp.',
			{ aliases: ['Số định danh', 'Số định danh cá nhân', 'CCCD', 'Số CCCD'], width: 18 }
		),
		col('email', 'Email', 'Không bắt buộc.', { required: false, aliases: ['Thư điện tử'], width: 30 }),
		col('agencyCode', 'Mã cơ quan', 'Bắt buộc: mã trong trang "Cơ quan" hoặc đã có trong hệ thống.', {
			aliases: ['Mã đơn vị'],
			width: 16
		}),
		col('title', 'Chức danh', 'Bắt buộc, ví dụ: Giám đốc, Phó Giám đốc, Văn thư.', {
			aliases: ['Chức vụ'],
			width: 26
		}),
		col(
			'titleSince',
			'Ngày nhận chức danh',
			'Không bắt buộc (dd/MM/yyyy): ngày bắt đầu giữ chức danh này; để trống thì lấy "Từ ngày".',
			{ required: false, aliases: ['Ngày bổ nhiệm'], width: 18, format: 'date' }
		),
		col(
			'status',
			'Trạng thái',
			'Đang công tác (mặc định khi để trống), Chuyển công tác, Nghỉ hưu, Thôi việc, Từ trần.',
			{ width: 18 }
		),
		col(
			'since',
			'Từ ngày',
			'dd/MM/yyyy: ngày của trạng thái; bắt buộc khi trạng thái khác "Đang công tác".',
			{ aliases: ['Ngày', 'Kể từ ngày'], width: 14, format: 'date' }
		)
	]
};

export const SUBSCRIBER_SHEET: SheetSpec = {
	name: 'Thuê bao',
	aliases: ['Thue bao', 'Danh sách thuê bao'],
	columns: [
		col(
			'serial',
			'Số hiệu chứng thư',
			'Bắt buộc: số hiệu (serial) dạng hệ 16, nhập dạng văn bản; chứng thư phải có trong kho.',
			{ aliases: ['Số sê-ri chứng thư', 'Serial chứng thư', 'Số serial', 'Serial'], width: 36 }
		),
		col(
			'issuer',
			'CA phát hành',
			'Không bắt buộc: tên CA phát hành, chỉ cần khi hai chứng thư trùng số hiệu.',
			{ required: false, aliases: ['Tổ chức phát hành', 'CA'], width: 24 }
		),
		col('holderName', 'Họ và tên người giữ', 'Bắt buộc với chứng thư cá nhân.', {
			aliases: ['Người giữ', 'Họ tên người giữ'],
			width: 28
		}),
		col(
			'holderNationalId',
			'Số định danh người giữ',
			'Bắt buộc với chứng thư cá nhân; cán bộ phải có trong hệ thống (nhập sơ đồ tổ chức trước).',
			{ aliases: ['CCCD người giữ', 'Số CCCD người giữ'], width: 20 }
		),
		col('agencyCode', 'Mã cơ quan', 'Bắt buộc: cơ quan quản lý trực tiếp thuê bao.', {
			aliases: ['Mã đơn vị'],
			width: 16
		}),
		col('deviceSerial', 'Số sê-ri thiết bị', 'Bắt buộc: số sê-ri thiết bị lưu khóa (token, SIM, ...).', {
			aliases: ['Sê-ri thiết bị', 'Số serial thiết bị', 'Serial thiết bị'],
			width: 22
		}),
		col('deviceKind', 'Loại thiết bị', 'Bắt buộc: Token PKI, SIM PKI, HSM hoặc Dịch vụ ký số.', {
			width: 18
		}),
		col(
			'handedOverOn',
			'Ngày bàn giao',
			'Không bắt buộc (dd/MM/yyyy); để trống thì lấy ngày bắt đầu hiệu lực của chứng thư.',
			{ required: false, width: 16, format: 'date' }
		)
	]
};

/** A list column's words: the stored code, the template's word, and other spellings accepted. */
export interface Vocabulary<C extends string> {
	code: C;
	label: string;
	aliases: string[];
}

/** A list column's words: each value's label from the vocabulary, and the spellings also accepted. */
function listWords<L extends ListName>(
	list: L,
	aliases: Record<ValueOf<L>, string[]>
): Vocabulary<ValueOf<L>>[] {
	return VOCABULARY[list].map((code: ValueOf<L>) => ({
		code,
		label: viLabel(list, code),
		aliases: aliases[code]
	}));
}

export const AGENCY_KIND_WORDS: Vocabulary<AgencyKindCode>[] = listWords('agencyKind', {
	province: ['UBND tỉnh', 'Cấp tỉnh'],
	department: ['Sở', 'Ban', 'Ngành', 'Sở ban ngành'],
	commune: ['UBND xã'],
	ward: ['UBND phường'],
	unit: ['Đơn vị', 'Đơn vị sự nghiệp', 'Trực thuộc'],
	external: ['Bên ngoài', 'Cơ quan ngoài tỉnh']
});

export const PERSON_STATUS_WORDS: Vocabulary<PersonStatusCode>[] = listWords('personStatus', {
	active: ['Đang làm việc', 'Công tác'],
	transferred: ['Đã chuyển công tác'],
	retired: ['Đã nghỉ hưu', 'Hưu'],
	resigned: ['Nghỉ việc', 'Đã thôi việc'],
	deceased: ['Đã từ trần', 'Mất']
});

export const DEVICE_KIND_WORDS: Vocabulary<DeviceKindCode>[] = listWords('deviceType', {
	pki_token: ['USB Token', 'Token', 'PKI Token'],
	sim_pki: ['SIM'],
	hsm: [],
	// The template's earlier word first: files filled in from an older template still read.
	remote: ['Dịch vụ ký số', 'Ký số từ xa', 'Dịch vụ ký số từ xa', 'Phần mềm ký số', 'Dịch vụ']
});

export const ORGANISATION_SHEETS = [AGENCY_SHEET, PERSON_SHEET] as const;
export const SUBSCRIBER_SHEETS = [SUBSCRIBER_SHEET] as const;

/** Compared form of a header, a sheet name or a list word: no case, diacritics or punctuation. */
export function fold(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

export function lookupWord<C extends string>(vocab: Vocabulary<C>[], text: string): C | undefined {
	const f = fold(text);
	return vocab.find((v) => fold(v.label) === f || fold(v.code) === f || v.aliases.some((a) => fold(a) === f))
		?.code;
}

export function labelOf<C extends string>(vocab: Vocabulary<C>[], code: string | null): string | null {
	if (code === null) return null;
	return vocab.find((v) => v.code === code)?.label ?? code;
}
