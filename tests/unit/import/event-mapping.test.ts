// Column mapping of signing-event exports: Vietnamese headers recognised whatever their diacritics,
// case or spacing; a saved mapping first; missing and doubled fields refused with a Vietnamese
// reason; Vietnamese values turned into the schema's (Ký thay → kt, Văn bản đến → incoming); dates
// in dd/MM/yyyy and Excel serials; formulas refused in mapped cells; the preview's row errors.
import { describe, expect, it } from 'vitest';
import {
	checkMapping,
	compareForm,
	detectMapping,
	recogniseHeader,
	toSavedMapping
} from '../../../src/lib/server/import/mapping/column-mapping';
import { fieldValue } from '../../../src/lib/server/import/mapping/field-values';
import { ORIGINAL_COLUMNS, toRecord } from '../../../src/lib/server/import/mapping/event-records';
import { checkPreviewRecords } from '../../../src/lib/server/import/mapping/preview-check';

const FP = 'ab'.repeat(32);

describe('headers', () => {
	it.each([
		['Số ký hiệu', 'document_number'],
		['SỐ VĂN BẢN', 'document_number'],
		['Thời điểm ký', 'signed_at'],
		['  ngày   ký ', 'signed_at'],
		['Mã định danh', 'acting_person_national_id'],
		['Số CCCD', 'acting_person_national_id'],
		['Số serial', 'certificate_serial'],
		['Số hiệu chứng thư', 'certificate_serial'],
		['Dấu vân tay', 'certificate_fingerprint'],
		['Cơ quan ban hành', 'document_agency_code'],
		['Mã cơ quan', 'document_agency_code'],
		['Hình thức ký', 'signing_form'],
		['Kênh', 'channel'],
		['Văn bản đến/đi', 'direction'],
		['Độ mật', 'classification'],
		['Chức danh', 'acting_title'],
		['Mã hồ sơ', 'source_id'],
		['Mã bản ghi', 'source_id'],
		['source_system', 'source_system'],
		['Certificate-Fingerprint', 'certificate_fingerprint']
	])('"%s" → %s', (header, field) => expect(recogniseHeader(header)).toBe(field));

	it('compares without diacritics, đ, case or punctuation, and leaves unknown headers unmapped', () => {
		expect(compareForm('Văn bản Đến / Đi')).toBe('van ban den di');
		expect(recogniseHeader('Trích yếu')).toBeNull();
	});

	it('gives a field to its first column only, and takes what was saved for the source system first', () => {
		const headers = ['Số ký hiệu', 'Số văn bản', 'Ghi chú', 'Ngày ký'];
		expect(detectMapping(headers)).toEqual(['document_number', null, null, 'signed_at']);
		const saved = toSavedMapping(headers, [null, 'document_number', 'acting_title', 'signed_at'], {
			channel: 'qlvb'
		});
		expect(saved.columns).toEqual({
			'so ky hieu': null,
			'so van ban': 'document_number',
			'ghi chu': 'acting_title',
			'ngay ky': 'signed_at'
		});
		expect(detectMapping(headers, saved)).toEqual([null, 'document_number', 'acting_title', 'signed_at']);
	});

	it('names what is missing or doubled, in Vietnamese', () => {
		const headers = ['Số ký hiệu', 'Số văn bản', 'Ngày ký'];
		const problems = checkMapping(headers, ['document_number', 'document_number', 'signed_at'], {});
		expect(problems.map((p) => p.messageVi)).toEqual([
			'Các cột "Số ký hiệu", "Số văn bản" cùng được gán cho "Số, ký hiệu văn bản": mỗi trường chỉ lấy một cột.',
			'Thiếu cột bắt buộc "Hệ thống nguồn" (hoặc chọn một giá trị cho cả tệp).',
			'Thiếu cột bắt buộc "Mã bản ghi (mã hồ sơ)".',
			'Thiếu cột bắt buộc "Kênh" (hoặc chọn một giá trị cho cả tệp).',
			'Thiếu cột "Dấu vân tay chứng thư (SHA-256)" hoặc "Số hiệu (serial) chứng thư": cần một trong hai để biết chứng thư đã ký.'
		]);
		const ok = checkMapping(
			['Mã hồ sơ', 'Ngày ký', 'Số serial'],
			['source_id', 'signed_at', 'certificate_serial'],
			{
				source_system: 'QLVB-SYT',
				channel: 'qlvb'
			}
		);
		expect(ok).toEqual([]);
	});
});

describe('values', () => {
	it.each([
		['signing_form', 'Ký thay', 'kt'],
		['signing_form', 'KT', 'kt'],
		['signing_form', 'Thừa lệnh', 'tl'],
		['signing_form', 'Thừa ủy quyền', 'tuq'],
		['signing_form', 'Thay mặt', 'tm'],
		['direction', 'Văn bản đến', 'incoming'],
		['direction', 'Đi', 'outgoing'],
		['classification', 'Tối mật', 'secret'],
		['channel', 'QLVB&ĐH', 'qlvb'],
		['channel', 'Dịch vụ công', 'dvc'],
		['incoming_indication', 'Không hợp lệ', 'TOTAL_FAILED'],
		['accepted', 'Đã tiếp nhận', true],
		['accepted', 'Từ chối', false],
		['signed_at', '05/03/2026 09:15', '2026-03-05T09:15:00'],
		['signed_at', '5/3/2026 9:15:07', '2026-03-05T09:15:07'],
		['signed_at', '30/02/2026', '2026-02-30T00:00:00'],
		['signed_at', '2026-03-05T09:15:00+07:00', '2026-03-05T09:15:00+07:00'],
		['signed_at', 46086.5, '2026-03-05T12:00:00'],
		['acting_person_national_id', 79123456789, '79123456789'],
		['signing_form', 'ký lạ', 'ký lạ']
	] as const)('%s: %s → %s', (field, input, output) => expect(fieldValue(field, input)).toBe(output));
});

describe('records', () => {
	const shape = {
		format: 'xlsx' as const,
		headers: ['Mã hồ sơ', 'Ngày ký', 'Dấu vân tay', 'Hình thức ký', 'Ghi chú'],
		mapping: ['source_id', 'signed_at', 'certificate_fingerprint', 'signing_form', null] as const,
		constants: { source_system: 'QLVB-SYT', channel: 'qlvb' }
	};
	const keys = shape.headers;

	it('maps cells, fills whole-file values and keeps the original cells', () => {
		const r = toRecord(
			{ line: 7, cells: ['HS-1', { date: '2026-03-05T09:15:00' }, FP, 'Ký thay', { formula: '=1+1' }] },
			{ ...shape, mapping: [...shape.mapping] },
			keys
		);
		expect(r).toEqual({
			line: 7,
			values: {
				source_id: 'HS-1',
				signed_at: '2026-03-05T09:15:00',
				certificate_fingerprint: FP,
				signing_form: 'kt',
				source_system: 'QLVB-SYT',
				channel: 'qlvb',
				[ORIGINAL_COLUMNS]: [
					['Mã hồ sơ', 'HS-1'],
					['Ngày ký', '05/03/2026 09:15:00'],
					['Dấu vân tay', FP],
					['Hình thức ký', 'Ký thay'],
					['Ghi chú', '=1+1']
				]
			}
		});
	});

	it('refuses a formula in a mapped cell, naming the cell', () => {
		const r = toRecord(
			{ line: 9, cells: [{ formula: '=A8&"1"' }, '05/03/2026', FP, null, null] },
			{ ...shape, mapping: [...shape.mapping] },
			keys
		);
		expect(r.problem).toMatchObject({ field: 'source_id' });
		expect(r.problem!.messageVi).toMatch(/^ô A9 chứa công thức \(=A8&"1"\)/);
	});

	it('refuses a CSV row with a cell count other than the header’s', () => {
		const csv = { ...shape, format: 'csv' as const, mapping: [...shape.mapping] };
		expect(toRecord({ line: 3, cells: ['HS-1', 'x'] }, csv, keys).problem?.messageVi).toBe(
			'có 2 cột, tiêu đề có 5 cột'
		);
		expect(
			toRecord({ line: 3, cells: ['a', 'b', 'c', 'd', 'e', '', ' '] }, csv, keys).problem
		).toBeUndefined();
	});

	it('shows each preview row’s errors: a day the month lacks, a key repeated in the file', () => {
		const rec = (line: number, id: string, at: string) =>
			toRecord(
				{ line, cells: [id, at, FP, 'Ký thay', null] },
				{ ...shape, mapping: [...shape.mapping] },
				keys
			);
		const errors = checkPreviewRecords(
			[rec(2, 'HS-1', '05/03/2026 09:15'), rec(3, 'HS-2', '30/02/2026'), rec(4, 'HS-1', '05/03/2026 09:15')],
			new Date('2026-06-01T00:00:00Z')
		);
		expect(errors[0]).toEqual([]);
		expect(errors[1]).toEqual(['Thời điểm ký: ngày giờ không tồn tại: 2026-02-30T00:00:00']);
		expect(errors[2]).toEqual(['Mã bản ghi (mã hồ sơ): trùng với dòng 2 (cùng source_system, source_id)']);
	});
});
