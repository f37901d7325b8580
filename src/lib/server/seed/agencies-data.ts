// The agencies of Đồng Tháp (since 01/7/2025, with former Tiền Giang): the provincial committee, its departments
// with some of their units, and the communes and wards. Codes double as the agency part of document symbols.
import type { AgencyKind as DomainAgencyKind } from '../../domain/organisation';
/** The kinds of the demo province's own agencies (no external body). */
export type AgencyKind = Exclude<DomainAgencyKind, 'external'>;

export interface AgencySpec {
	code: string;
	name: string;
	shortName?: string;
	kind: AgencyKind;
	parent?: string;
	/** Relative document volume (documents per working day, before scaling). */
	volume: number;
	/** Always seeded, whatever the scale: the demo users and planted cases need them. */
	core?: boolean;
}

export const PROVINCE: AgencySpec = {
	code: 'UBND',
	name: 'Ủy ban nhân dân tỉnh Đồng Tháp',
	shortName: 'UBND tỉnh',
	kind: 'province',
	volume: 9,
	core: true
};

export const DEPARTMENTS: AgencySpec[] = [
	{
		code: 'VPUBND',
		name: 'Văn phòng Ủy ban nhân dân tỉnh',
		shortName: 'VP UBND tỉnh',
		kind: 'department',
		volume: 5,
		core: true
	},
	{
		code: 'SKHCN',
		name: 'Sở Khoa học và Công nghệ',
		shortName: 'Sở KH&CN',
		kind: 'department',
		volume: 2.5,
		core: true
	},
	{ code: 'SYT', name: 'Sở Y tế', kind: 'department', volume: 3, core: true },
	{ code: 'SNV', name: 'Sở Nội vụ', kind: 'department', volume: 3 },
	{ code: 'STC', name: 'Sở Tài chính', kind: 'department', volume: 3.5 },
	{ code: 'STP', name: 'Sở Tư pháp', kind: 'department', volume: 2 },
	{ code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', shortName: 'Sở GD&ĐT', kind: 'department', volume: 3 },
	{ code: 'SXD', name: 'Sở Xây dựng', kind: 'department', volume: 2.5 },
	{
		code: 'SNNMT',
		name: 'Sở Nông nghiệp và Môi trường',
		shortName: 'Sở NN&MT',
		kind: 'department',
		volume: 3.5
	},
	{ code: 'SCT', name: 'Sở Công Thương', kind: 'department', volume: 2 },
	{
		code: 'SVHTTDL',
		name: 'Sở Văn hóa, Thể thao và Du lịch',
		shortName: 'Sở VHTT&DL',
		kind: 'department',
		volume: 2
	},
	{ code: 'SDTTG', name: 'Sở Dân tộc và Tôn giáo', kind: 'department', volume: 1 },
	{ code: 'TTT', name: 'Thanh tra tỉnh', kind: 'department', volume: 1.5 },
	{
		code: 'BQLKCN',
		name: 'Ban Quản lý các khu công nghiệp tỉnh',
		shortName: 'BQL các KCN',
		kind: 'department',
		volume: 1.2
	},
	{ code: 'SNGV', name: 'Sở Ngoại vụ', kind: 'department', volume: 0.8 }
];

export const DEPARTMENT_UNITS: AgencySpec[] = [
	{
		code: 'BVDKDT',
		name: 'Bệnh viện Đa khoa Đồng Tháp',
		parent: 'SYT',
		kind: 'unit',
		volume: 1.2,
		core: true
	},
	{
		code: 'CDCDT',
		name: 'Trung tâm Kiểm soát bệnh tật tỉnh Đồng Tháp',
		parent: 'SYT',
		kind: 'unit',
		volume: 0.8,
		core: true
	},
	{ code: 'BVDKTG', name: 'Bệnh viện Đa khoa khu vực Tiền Giang', parent: 'SYT', kind: 'unit', volume: 1.1 },
	{ code: 'BVPHOI', name: 'Bệnh viện Phổi Đồng Tháp', parent: 'SYT', kind: 'unit', volume: 0.5 },
	{ code: 'BVTAMTHAN', name: 'Bệnh viện Tâm thần Đồng Tháp', parent: 'SYT', kind: 'unit', volume: 0.4 },
	{ code: 'TTYTCL', name: 'Trung tâm Y tế khu vực Cao Lãnh', parent: 'SYT', kind: 'unit', volume: 0.6 },
	{ code: 'TTYTCB', name: 'Trung tâm Y tế khu vực Cái Bè', parent: 'SYT', kind: 'unit', volume: 0.6 },
	{
		code: 'TTTDC',
		name: 'Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng',
		parent: 'SKHCN',
		kind: 'unit',
		volume: 0.5
	},
	{
		code: 'TTUDKH',
		name: 'Trung tâm Ứng dụng tiến bộ khoa học và công nghệ',
		parent: 'SKHCN',
		kind: 'unit',
		volume: 0.4
	},
	{
		code: 'TTCNTT',
		name: 'Trung tâm Công nghệ thông tin và Truyền thông',
		parent: 'SKHCN',
		kind: 'unit',
		volume: 0.5
	},
	{
		code: 'THPTCNQD',
		name: 'Trường THPT chuyên Nguyễn Quang Diêu',
		parent: 'SGDDT',
		kind: 'unit',
		volume: 0.4
	},
	{ code: 'THPTCTG', name: 'Trường THPT chuyên Tiền Giang', parent: 'SGDDT', kind: 'unit', volume: 0.4 },
	{ code: 'THPTNDC', name: 'Trường THPT Nguyễn Đình Chiểu', parent: 'SGDDT', kind: 'unit', volume: 0.3 },
	{ code: 'THPTTPCL', name: 'Trường THPT Thành phố Cao Lãnh', parent: 'SGDDT', kind: 'unit', volume: 0.3 },
	{ code: 'VPDKDD', name: 'Văn phòng Đăng ký đất đai', parent: 'SNNMT', kind: 'unit', volume: 1 },
	{ code: 'CCTL', name: 'Chi cục Thủy lợi', parent: 'SNNMT', kind: 'unit', volume: 0.5 },
	{
		code: 'CCTTBVTV',
		name: 'Chi cục Trồng trọt và Bảo vệ thực vật',
		parent: 'SNNMT',
		kind: 'unit',
		volume: 0.5
	},
	{ code: 'CCKL', name: 'Chi cục Kiểm lâm', parent: 'SNNMT', kind: 'unit', volume: 0.4 },
	{
		code: 'TTDVHCC',
		name: 'Trung tâm Phục vụ hành chính công tỉnh',
		parent: 'VPUBND',
		kind: 'unit',
		volume: 1.5
	},
	{ code: 'TTTGPL', name: 'Trung tâm Trợ giúp pháp lý nhà nước', parent: 'STP', kind: 'unit', volume: 0.3 },
	{ code: 'BTDT', name: 'Bảo tàng Đồng Tháp', parent: 'SVHTTDL', kind: 'unit', volume: 0.2 },
	{ code: 'TVTINH', name: 'Thư viện tỉnh Đồng Tháp', parent: 'SVHTTDL', kind: 'unit', volume: 0.2 },
	{ code: 'TTXTTM', name: 'Trung tâm Xúc tiến thương mại', parent: 'SCT', kind: 'unit', volume: 0.3 },
	{ code: 'CCQLDD', name: 'Trung tâm Quản lý đầu tư xây dựng', parent: 'SXD', kind: 'unit', volume: 0.4 }
];

/** The 20 wards of the new province. */
export const WARDS = [
	'Mỹ Tho',
	'Đạo Thạnh',
	'Mỹ Phong',
	'Thới Sơn',
	'Trung An',
	'Gò Công',
	'Long Thuận',
	'Sơn Qui',
	'Bình Xuân',
	'Mỹ Phước Tây',
	'Thanh Hòa',
	'Cai Lậy',
	'Nhị Quý',
	'Cao Lãnh',
	'Mỹ Ngãi',
	'Mỹ Trà',
	'Sa Đéc',
	'Hồng Ngự',
	'An Bình',
	'Thường Lạc'
];

/** The 82 communes of the new province. */
export const COMMUNES = [
	'Tân Hồng',
	'Tân Thành',
	'Tân Hộ Cơ',
	'An Phước',
	'Thường Phước',
	'Long Khánh',
	'Long Phú Thuận',
	'An Hòa',
	'Tam Nông',
	'Phú Thọ',
	'Tràm Chim',
	'Phú Cường',
	'An Long',
	'Thanh Bình',
	'Tân Thạnh',
	'Bình Thành',
	'Tân Long',
	'Tháp Mười',
	'Thanh Mỹ',
	'Mỹ Quí',
	'Đốc Binh Kiều',
	'Trường Xuân',
	'Phương Thịnh',
	'Phong Mỹ',
	'Ba Sao',
	'Mỹ Thọ',
	'Bình Hàng Trung',
	'Mỹ Hiệp',
	'Mỹ An Hưng',
	'Tân Khánh Trung',
	'Lấp Vò',
	'Lai Vung',
	'Hòa Long',
	'Phong Hòa',
	'Tân Dương',
	'Phú Hựu',
	'Tân Nhuận Đông',
	'Tân Phú Trung',
	'Cái Bè',
	'Hậu Mỹ',
	'Hội Cư',
	'Mỹ Thiện',
	'Thanh Hưng',
	'An Hữu',
	'Mỹ Lợi',
	'Mỹ Đức Tây',
	'Thiện Trí',
	'Tân Phước 1',
	'Tân Phước 2',
	'Tân Phước 3',
	'Hưng Thạnh',
	'Tân Hương',
	'Châu Thành',
	'Long Hưng',
	'Long Định',
	'Bình Trưng',
	'Vĩnh Kim',
	'Kim Sơn',
	'Mỹ Tịnh An',
	'Lương Hòa Lạc',
	'Tân Thuận Bình',
	'Chợ Gạo',
	'An Thạnh Thủy',
	'Bình Ninh',
	'Vĩnh Bình',
	'Đồng Sơn',
	'Phú Thành',
	'Gò Công Tây',
	'Vĩnh Hựu',
	'Tân Điền',
	'Tân Hòa',
	'Gia Thuận',
	'Tân Đông',
	'Tân Phú Đông',
	'Tân Thới',
	'Phú Thạnh',
	'Tân Phú',
	'Hiệp Đức',
	'Ngũ Hiệp',
	'Long Tiên',
	'Mỹ Thành',
	'Thạnh Phú'
];

/** The wards and communes that every scale keeps (the brief's examples and the planted cases' homes). */
export const CORE_LOCALITIES = [
	'Mỹ Tho',
	'Cao Lãnh',
	'Sa Đéc',
	'Hồng Ngự',
	'Tháp Mười',
	'Cái Bè',
	'Gò Công Tây'
];

/** ASCII code of a place name: "Mỹ Tho" → "MYTHO". */
export function placeCode(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'D')
		.replace(/[^A-Za-z0-9]/g, '')
		.toUpperCase();
}

/** Kinds of school a commune runs, used for the extra units that larger scales add. */
export const SCHOOL_KINDS = ['Trường Mầm non', 'Trường Tiểu học', 'Trường THCS'] as const;
