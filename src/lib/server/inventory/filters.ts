// Shared pieces of the inventory and signing filters: the agency-subtree condition (from scope.ts), paging, and
// reading a URL's query into a zod schema without ever throwing on bad input.
import type { z } from 'zod';

export const PAGE_SIZE = 50;

export interface Paged<T> {
	rows: T[];
	page: number;
	pageSize: number;
	total: number;
}

export { inAgencySubtree } from '../scope';

export function offsetOf(page: number, pageSize = PAGE_SIZE): number {
	return (page - 1) * pageSize;
}

/**
 * Parses a query string with `schema`. Empty values count as absent. A bad value never fails the
 * page: it is dropped and named in `invalid`, so the page shows what it ignored (in Vietnamese).
 */
export function parseQuery<S extends z.ZodObject<z.ZodRawShape>>(
	schema: S,
	params: URLSearchParams
): { value: z.infer<S>; invalid: string[] } {
	const raw: Record<string, string> = {};
	for (const [k, v] of params) if (v.trim() !== '' && k in schema.shape) raw[k] = v.trim();
	const invalid: string[] = [];
	for (let attempt = 0; attempt < 20; attempt++) {
		const r = schema.safeParse(raw);
		if (r.success) return { value: r.data, invalid };
		for (const issue of r.error.issues) {
			const key = String(issue.path[0] ?? '');
			if (key in raw) {
				invalid.push(key);
				delete raw[key];
			}
		}
	}
	return { value: schema.parse({}), invalid };
}
