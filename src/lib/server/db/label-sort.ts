// A sort key for a column that holds codes shown as words (an audit action, a job's name, an
// agency's kind): the code's label, folded like textSortKey, so the list sorts by what the reader
// sees rather than by the code. Codes without a label sort by the code itself.
import { sql, type Expression, type RawBuilder } from 'kysely';
import { foldForSearch } from '../../search/fold';

export function labelSortKey(
	column: Expression<string | null>,
	labels: Iterable<[code: string, label: string]>
): RawBuilder<string> {
	const cases = [...labels].map(([code, label]) => sql`when ${code} then ${foldForSearch(label)}`);
	if (cases.length === 0) return sql<string>`${column}`;
	return sql<string>`(case ${column} ${sql.join(cases, sql` `)} else ${column} end)`;
}

/** The codes whose label contains the folded search term (for a search by what the reader sees). */
export function codesMatching(
	term: string | null | undefined,
	labels: Iterable<[code: string, label: string]>
): string[] {
	const folded = foldForSearch(term?.trim() ?? '');
	if (!folded) return [];
	return [...labels].filter(([, label]) => foldForSearch(label).includes(folded)).map(([code]) => code);
}
