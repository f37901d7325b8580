// Vietnamese names (family, middle, given, with diacritics) and the posts of each kind of agency: who leads, who
// signs on behalf (KT./TL./TUQ.), who keeps the organisation certificate (Văn thư, Điều 8.3).
import type { Prng } from './prng';
import type { AgencyKind } from './agencies-data';

const FAMILY: readonly (readonly [string, number])[] = [
	['Nguyễn', 38],
	['Trần', 11],
	['Lê', 9],
	['Phạm', 7],
	['Huỳnh', 6],
	['Võ', 5],
	['Phan', 4],
	['Trương', 3],
	['Đặng', 2],
	['Bùi', 2],
	['Đỗ', 2],
	['Hồ', 2],
	['Ngô', 2],
	['Dương', 1],
	['Lý', 1],
	['Lâm', 1],
	['Châu', 1],
	['Mai', 1],
	['Tô', 1],
	['Thái', 1],
	['Lưu', 1]
];
const MIDDLE_M = [
	'Văn',
	'Văn',
	'Văn',
	'Hữu',
	'Minh',
	'Thanh',
	'Quốc',
	'Công',
	'Đức',
	'Hoàng',
	'Thành',
	'Tấn',
	'Ngọc'
];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim', 'Mỹ', 'Hồng', 'Bích', 'Phương'];
const GIVEN_M = [
	'Hùng',
	'Dũng',
	'Phúc',
	'Tâm',
	'Tài',
	'Thắng',
	'Hải',
	'Nam',
	'Sơn',
	'Tuấn',
	'Khang',
	'Lộc',
	'Phong',
	'Trí',
	'Nghĩa',
	'Hiếu',
	'Toàn',
	'Bình',
	'Quang',
	'Thành',
	'Đạt',
	'Vũ',
	'Khoa',
	'Long',
	'Hòa',
	'Thiện',
	'Nhân',
	'Cường',
	'Định',
	'Duy'
];
const GIVEN_F = [
	'Lan',
	'Hoa',
	'Hương',
	'Mai',
	'Thảo',
	'Trang',
	'Linh',
	'Ngân',
	'Nhung',
	'Yến',
	'Trinh',
	'Diễm',
	'Hạnh',
	'Thủy',
	'Vân',
	'Tuyết',
	'Hằng',
	'Loan',
	'Phượng',
	'Quyên',
	'Thúy',
	'Oanh',
	'Ngọc',
	'Xuân',
	'My'
];

export function vietnameseName(prng: Prng): string {
	const female = prng.chance(0.45);
	const family = prng.weighted(FAMILY);
	const middle = prng.pick(female ? MIDDLE_F : MIDDLE_M);
	const given = prng.pick(female ? GIVEN_F : GIVEN_M);
	return `${family} ${middle} ${given}`;
}

/** ASCII, lower case, for e-mail local parts: "Nguyễn Văn Hùng" → "nvhung". */
export function emailLocalPart(fullName: string): string {
	const ascii = fullName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.split(/\s+/);
	const given = ascii[ascii.length - 1] ?? 'canbo';
	return (
		ascii
			.slice(0, -1)
			.map((w) => w[0])
			.join('') + given
	);
}

/** What a post does with signatures. */
export type SignerRole = 'head' | 'deputy' | 'office_chief' | 'section_head' | 'staff' | 'clerk';

export interface Post {
	title: string;
	role: SignerRole;
	count: number;
	/** Holds an individual certificate. */
	certified: boolean;
}

/** The posts of an agency of each kind. Clerks hold no individual certificate: they use the organisation's. */
export function postsFor(kind: AgencyKind, isSchool: boolean): Post[] {
	switch (kind) {
		case 'province':
			return [
				{ title: 'Chủ tịch UBND tỉnh', role: 'head', count: 1, certified: true },
				{ title: 'Phó Chủ tịch UBND tỉnh', role: 'deputy', count: 3, certified: true },
				{ title: 'Chánh Văn phòng UBND tỉnh', role: 'office_chief', count: 1, certified: true },
				{ title: 'Văn thư', role: 'clerk', count: 1, certified: false }
			];
		case 'department':
			return [
				{ title: 'Giám đốc', role: 'head', count: 1, certified: true },
				{ title: 'Phó Giám đốc', role: 'deputy', count: 3, certified: true },
				{ title: 'Chánh Văn phòng', role: 'office_chief', count: 1, certified: true },
				{ title: 'Trưởng phòng', role: 'section_head', count: 3, certified: true },
				{ title: 'Chuyên viên', role: 'staff', count: 3, certified: true },
				{ title: 'Văn thư', role: 'clerk', count: 1, certified: false }
			];
		case 'commune':
		case 'ward':
			return [
				{ title: 'Chủ tịch UBND', role: 'head', count: 1, certified: true },
				{ title: 'Phó Chủ tịch UBND', role: 'deputy', count: 2, certified: true },
				{ title: 'Chánh Văn phòng HĐND và UBND', role: 'office_chief', count: 1, certified: true },
				{ title: 'Công chức Tư pháp - Hộ tịch', role: 'staff', count: 1, certified: true },
				{ title: 'Công chức Văn hóa - Xã hội', role: 'staff', count: 1, certified: true },
				{ title: 'Văn thư', role: 'clerk', count: 1, certified: false }
			];
		case 'unit':
			return isSchool
				? [
						{ title: 'Hiệu trưởng', role: 'head', count: 1, certified: true },
						{ title: 'Phó Hiệu trưởng', role: 'deputy', count: 1, certified: true },
						{ title: 'Văn thư', role: 'clerk', count: 1, certified: false }
					]
				: [
						{ title: 'Giám đốc', role: 'head', count: 1, certified: true },
						{ title: 'Phó Giám đốc', role: 'deputy', count: 2, certified: true },
						{ title: 'Trưởng phòng Tổ chức - Hành chính', role: 'office_chief', count: 1, certified: true },
						{ title: 'Văn thư', role: 'clerk', count: 1, certified: false }
					];
	}
}
