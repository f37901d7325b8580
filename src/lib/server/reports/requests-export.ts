// The lifecycle requests (/yeu-cau) as an Excel export: the page's filters, search and sort, every
// row (the page shows 50 at a time), in the viewer's scope, through the page's query (listRequests).
import { viLabel } from '../../i18n/values';
import { listRequests, parseRequestFilters, type RequestFilters } from '../requests/queries';
import { offsetPage, sortLine } from './page-lists';
import type { ExportList } from './lists';

const COLUMN_NAMES: Record<string, string> = {
	id: 'Số thứ tự',
	kind: 'Loại yêu cầu',
	agency: 'Cơ quan quản lý',
	subject: 'Chứng thư / người',
	submitted: 'Ngày gửi',
	due: 'Hạn xử lý',
	status: 'Trạng thái'
};

export const requestsExport: ExportList<RequestFilters> = {
	name: 'requests',
	title: 'Danh sách yêu cầu cấp, gia hạn, thay đổi, thu hồi chứng thư số',
	parseFilters: (p) => parseRequestFilters(p),
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.kind ? `Loại yêu cầu: ${viLabel('requestKind', f.kind)}` : '',
			f.status ? `Trạng thái: ${viLabel('requestStatus', f.status)}` : '',
			f.agencyId ? `Cơ quan (mã số): ${f.agencyId}` : '',
			f.overdue ? 'Chỉ yêu cầu quá hạn' : '',
			sortLine(f.sort?.column, f.sort?.direction, COLUMN_NAMES)
		].filter(Boolean),
	columns: [
		{ key: 'id', header: 'Số thứ tự', width: 9, kind: 'int' },
		{ key: 'kind', header: 'Loại yêu cầu', width: 16 },
		{ key: 'form', header: 'Mẫu', width: 9 },
		{ key: 'agencyName', header: 'Cơ quan quản lý', width: 30 },
		{ key: 'subject', header: 'Chứng thư / người', width: 28 },
		{ key: 'tokenSerial', header: 'Thiết bị', width: 14 },
		{ key: 'referenceNumber', header: 'Số văn bản đề nghị', width: 18 },
		{ key: 'submittedAt', header: 'Ngày gửi', width: 19, kind: 'datetime' },
		{ key: 'dueAt', header: 'Hạn xử lý', width: 19, kind: 'datetime' },
		{ key: 'overdue', header: 'Quá hạn', width: 9 },
		{ key: 'status', header: 'Trạng thái', width: 16 },
		{ key: 'decidedAt', header: 'Ngày xử lý xong', width: 19, kind: 'datetime' }
	],
	page: (db, scope, f, cursor) => {
		const now = new Date();
		return offsetPage(
			cursor,
			async (page, pageSize) =>
				(await listRequests(db, scope, { ...f, limit: pageSize, offset: (page - 1) * pageSize }, now)).rows,
			(r) => ({
				id: r.id,
				kind: viLabel('requestKind', r.kind),
				form: r.form,
				agencyName: r.agencyName,
				subject: r.certificateCn ?? r.personName,
				tokenSerial: r.tokenSerial,
				referenceNumber: r.referenceNumber,
				submittedAt: r.submittedAt,
				dueAt: r.dueAt,
				overdue: r.overdue ? 'Quá hạn' : null,
				status: viLabel('requestStatus', r.status),
				decidedAt: r.decidedAt
			})
		);
	}
};
