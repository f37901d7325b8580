// The "Xuất Excel" link of a list page: the reports export route with the list's name and the
// page's own filters (paging and cursor dropped: the export takes every row).
export function exportHref(list: string, params: URLSearchParams): string {
	const q = new URLSearchParams(params);
	q.delete('page');
	q.delete('cursor');
	q.set('list', list);
	return `/bao-cao/xuat?${q}`;
}
