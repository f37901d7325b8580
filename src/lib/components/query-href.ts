// Links that keep a list's filters and change one query parameter (page, cursor, export list).
/** `?…` with `key` set to `value`, or removed when `value` is null. */
export function queryWith(params: URLSearchParams, key: string, value: string | null): string {
	const q = new URLSearchParams(params);
	if (value === null) q.delete(key);
	else q.set(key, value);
	return `?${q}`;
}
