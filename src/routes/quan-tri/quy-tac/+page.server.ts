import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	RULE_FIELDS,
	loadRuleSettings,
	ruleFieldLabelKey,
	saveRuleSettings
} from '$lib/server/settings/rule-settings';
import { auditFromEvent } from '$lib/server/audit/log';
import { refusal } from '$lib/server/http/route-kit';
import { translate } from '$lib/i18n/catalogue';

const fields = RULE_FIELDS.map((x) => ({
	name: x.name,
	group: x.group,
	type: x.type,
	min: x.min,
	max: x.max
}));

export const load: PageServerLoad = async () => ({ values: await loadRuleSettings(await getDb()), fields });

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const input: Record<string, string> = {};
		for (const x of RULE_FIELDS) input[x.name] = String(form.get(x.name) ?? '');
		try {
			const db = await getDb();
			// The messages name the field in Vietnamese, whatever the page's language (ERROR_TABLE's rule).
			const changed = await saveRuleSettings(
				db,
				input,
				(x) => translate('vi', ruleFieldLabelKey(x)),
				auditFromEvent(event)
			);
			return { saved: true, changed, values: await loadRuleSettings(db) };
		} catch (e) {
			return refusal(e, { input });
		}
	}
};
