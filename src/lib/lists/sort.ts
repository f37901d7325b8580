// A list's sort as the URL carries it: ?sap=<column>&chieu=asc|desc. Shared by the pages (the
// clickable headers) and the server (the whitelist that maps a column to SQL).
export type SortDirection = 'asc' | 'desc';

export interface ListSort<K extends string = string> {
	column: K;
	direction: SortDirection;
}

/** The sort asked for in the URL when its column is one of `columns`, else `fallback`. */
export function parseSort<K extends string>(
	params: URLSearchParams,
	columns: readonly K[],
	fallback: ListSort<K>
): ListSort<K> {
	const column = columns.find((c) => c === params.get('sap'));
	if (!column) return fallback;
	const direction = params.get('chieu') === 'desc' ? 'desc' : 'asc';
	return { column, direction };
}

/** `?…` for sorting by `column`: the other way round when it is already the sort, from page 1. */
export function sortHref(params: URLSearchParams, sort: ListSort, column: string): string {
	const q = new URLSearchParams(params);
	const direction: SortDirection =
		sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : 'asc';
	q.set('sap', column);
	q.set('chieu', direction);
	q.delete('page');
	q.delete('trang');
	q.delete('cursor');
	return `?${q}`;
}
