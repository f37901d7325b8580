// The audit log (/nhat-ky) as a workbook: the page's filters, search and sort, every entry, the
// action, the target and the details in words. Only who may open the page may export it (route).
import { auditActionInWords, auditDetailsInWords, auditEntityInWords } from '../../i18n/audit-words';
import { parseAuditFilter, searchAudit, type AuditFilter } from '../audit/browse';
import type { ExportList } from './lists';

const PAGE = 1000;
const d = (s: string) => s.split('-').reverse().join('/');
const SORT_NAMES: Record<string, string> = {
	at: 'Thời điểm',
	actor: 'Người thực hiện',
	action: 'Hành động',
	entity: 'Đối tượng'
};

export const auditExport: ExportList<AuditFilter> = {
	name: 'audit',
	route: '/nhat-ky',
	title: 'Nhật ký hệ thống',
	parseFilters: (p) => {
		const { page: _page, ...f } = parseAuditFilter(p);
		return f;
	},
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.actor ? `Người thực hiện: ${f.actor}` : '',
			f.action ? `Hành động: ${auditActionInWords('vi', f.action)}` : '',
			f.entityType ? `Đối tượng: ${auditEntityInWords('vi', f.entityType)}` : '',
			f.entityId ? `Mã đối tượng: ${f.entityId}` : '',
			f.from ? `Từ ngày ${d(f.from)}` : '',
			f.to ? `Đến ngày ${d(f.to)}` : '',
			f.sort
				? `Sắp xếp theo: ${SORT_NAMES[f.sort.column]} (${f.sort.direction === 'desc' ? 'giảm dần' : 'tăng dần'})`
				: 'Mới nhất trước'
		].filter(Boolean),
	columns: [
		{ key: 'id', header: 'Số thứ tự', width: 10, kind: 'int' },
		{ key: 'at', header: 'Thời điểm', width: 19, kind: 'datetime' },
		{ key: 'actor', header: 'Người thực hiện', width: 22 },
		{ key: 'action', header: 'Hành động', width: 34 },
		{ key: 'entity', header: 'Đối tượng', width: 24 },
		{ key: 'entity_id', header: 'Mã đối tượng', width: 12 },
		{ key: 'ip', header: 'Địa chỉ', width: 16 },
		{ key: 'details', header: 'Chi tiết', width: 60 }
	],
	pageSize: PAGE,
	// Newest first (the default) pages by id, after the last id written (cursor 'id:<n>'); a sort by
	// a column pages by offset (cursor: the next page's number), as the page does.
	async page(db, _scope, f, cursor, limit) {
		const afterId = cursor?.startsWith('id:') ? Number(cursor.slice(3)) : undefined;
		const page = cursor && afterId === undefined ? Number(cursor) : 1;
		const r = await searchAudit(db, { ...f, page, pageSize: limit }, { beforeId: afterId, count: false });
		const last = r.rows.at(-1);
		return {
			rows: r.rows.map((e) => ({
				id: e.id,
				at: e.at,
				actor: e.actor,
				action: auditActionInWords('vi', e.action),
				entity: auditEntityInWords('vi', e.entityType),
				entity_id: e.entityId,
				ip: e.ip,
				details: auditDetailsInWords('vi', e.details, e.action)
			})),
			next: r.rows.length < limit || !last ? null : f.sort ? String(page + 1) : `id:${last.id}`
		};
	}
};
