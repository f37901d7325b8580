// The label a page shows for an enumerated value: StatusBadge (which reads it through `tv`, as
// every page does) rendered on the server as SvelteKit renders a page. The page state comes from
// the request context SvelteKit's root component sets (key `__request__`); if SvelteKit renames
// it, rendering throws and the tests that use this fail rather than pass.
import { render } from 'svelte/server';
import StatusBadge from '../../src/lib/components/StatusBadge.svelte';
import type { ListName } from '../../src/lib/domain';
import type { Lang } from '../../src/lib/i18n/catalogue';

const ENTITIES: Record<string, string> = {
	'&amp;': '&',
	'&lt;': '<',
	'&gt;': '>',
	'&quot;': '"',
	'&#39;': "'"
};

export function screenLabel(list: ListName, value: string, lang: Lang = 'vi'): string {
	const { body } = render(StatusBadge, {
		props: { domain: list, value },
		context: new Map([['__request__', { page: { data: { lang } } }]])
	});
	const m = /<span[^>]*>([\s\S]*?)<\/span>/.exec(body);
	if (!m) throw new Error(`StatusBadge rendered no label for ${list}.${value}: ${body}`);
	return m[1]!.replace(/<!--[\s\S]*?-->/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);
}
