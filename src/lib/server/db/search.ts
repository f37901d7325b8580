// The one way a list searches text: kk_fold(column) contains the folded term, so diacritics and
// case do not matter (src/lib/search/fold.ts, migration 2026_12_06_1400_search_fold). The shape
// kk_fold(col) like '%…%' is what the trigram indexes of that migration serve.
import { sql, type Expression, type RawBuilder } from 'kysely';
import { foldForSearch } from '../../search/fold';

/** The term as a LIKE pattern that finds it anywhere; null when it folds to nothing. */
export function foldedPattern(term: string | null | undefined): string | null {
	const folded = foldForSearch(term?.trim() ?? '');
	if (!folded) return null;
	return `%${folded.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
}

/** `kk_fold(column) like pattern` for a pattern from foldedPattern. */
export function foldedLike(column: Expression<string | null>, pattern: string): RawBuilder<boolean> {
	return sql<boolean>`kk_fold(${column}) like ${pattern}`;
}
