// ORDER BY for a list's whitelisted sort (src/lib/lists/sort.ts): the column's SQL (empty values
// last either way), then the id in the same direction, so rows with equal values keep one stable
// order across pages. Text columns sort by textSortKey, so the order does not hang on the
// database's collation (PGlite's C puts "Z" before "a" and "Đ" after "z").
import { sql, type Expression, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { ListSort } from '../../lists/sort';

/** A text column's sort keys: its folded form (no accents, no case), then the text itself. */
export function textSortKey(column: Expression<string | null>): Expression<unknown>[] {
	return [sql`kk_fold(${column})`, column];
}

export function orderBySort<DB, TB extends keyof DB, O, K extends string>(
	q: SelectQueryBuilder<DB, TB, O>,
	sort: ListSort<K>,
	columns: Record<K, Expression<unknown> | Expression<unknown>[]>,
	id: Expression<unknown>
): SelectQueryBuilder<DB, TB, O> {
	const dir = sql.raw(sort.direction === 'desc' ? 'desc' : 'asc');
	const keys = [columns[sort.column]].flat();
	let ordered = q;
	for (const key of keys) ordered = ordered.orderBy(sql`${key} ${dir} nulls last` as RawBuilder<unknown>);
	return ordered.orderBy(sql`${id} ${dir}`);
}
