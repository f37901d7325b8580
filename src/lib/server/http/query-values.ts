// Ids and numbers read from an address (?co-quan=12, ?trang=3): bounded where they are read, so
// that no value PostgreSQL cannot hold (an integer column tops out at 2,147,483,647; 1e309 is
// Infinity) travels into a statement. A value out of bounds reads as absent: the list shows
// everything, as for a value that names nothing.
import { z } from 'zod';

/** PostgreSQL's integer (serial) maximum: every id a route reads is one. */
export const INT4_MAX = 2_147_483_647;

/** A positive integer id written in plain digits, or null. */
export function positiveId(raw: unknown): number | null {
	if (typeof raw !== 'string' || !/^[0-9]{1,10}$/.test(raw)) return null;
	const id = Number(raw);
	return id > 0 && id <= INT4_MAX ? id : null;
}

/** The id in a query parameter (`url.searchParams.get(…)`), or undefined. */
export function queryId(raw: string | null): number | undefined {
	return positiveId(raw?.trim() ?? null) ?? undefined;
}

/** The page number in a query parameter: 1 when absent, malformed or beyond `max`. */
export function queryPage(raw: string | null, max = 1_000_000): number {
	const n = positiveId(raw?.trim() ?? null);
	return n !== null && n <= max ? n : 1;
}

/** An id in a zod schema of query or form values: a positive integer an integer column can hold. */
export const zId = () => z.coerce.number().int().positive().max(INT4_MAX);
