// What pages and components use to put words on screen: `t(key)` for a message and `tv(list,
// value)` for an enumerated value, both in the language of the current page. The catalogues are
// in ./catalogue (messages) and ./messages/vocabulary (values).
import { page } from '$app/state';
import type { ListName, ValueOf } from '../domain/vocabulary';
import { translate, type Lang } from './catalogue';
import { valueLabel } from './values';

export { LANGS, parseLang, translate, type Lang } from './catalogue';

function currentLang(): Lang {
	return (page.data as { lang?: Lang } | undefined)?.lang ?? 'vi';
}

export function t(key: string): string {
	return translate(currentLang(), key);
}

/** The label of an enumerated value, e.g. `tv('certStatus', row.status)`. */
export function tv<L extends ListName>(
	list: L,
	value: ValueOf<L> | (string & {}) | null | undefined
): string {
	return valueLabel(currentLang(), list, value);
}
