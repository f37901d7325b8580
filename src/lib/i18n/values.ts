// The one way to name an enumerated value (a status, kind, channel, form, severity, role …) in
// words: the pages (through `tv` in ./index), the Excel exports, the reports and the services'
// messages all call `valueLabel`, so the screen and the workbook cannot drift apart.
import type { ListName, ValueOf } from '../domain/vocabulary';
import type { Lang } from './catalogue';
import { labelsEn, labelsVi } from './messages/vocabulary';

const LABELS: Record<Lang, Record<ListName, Record<string, string>>> = { vi: labelsVi, en: labelsEn };

/**
 * The label of `value` in `list`. An empty value gives ''; a value the list does not know (an old
 * row, a typo in a URL) is shown as it is rather than hidden.
 */
export function valueLabel<L extends ListName>(
	lang: Lang,
	list: L,
	value: ValueOf<L> | (string & {}) | null | undefined
): string {
	if (value == null || value === '') return '';
	const labels = LABELS[lang][list];
	return Object.hasOwn(labels, value) ? labels[value]! : value;
}

/** The Vietnamese label: what the official workbooks and the services' messages print. */
export function viLabel<L extends ListName>(
	list: L,
	value: ValueOf<L> | (string & {}) | null | undefined
): string {
	return valueLabel('vi', list, value);
}
