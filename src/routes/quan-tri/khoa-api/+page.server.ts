import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { createApiKey, listApiKeys, revokeApiKey } from '$lib/server/auth/api-keys';
import { agencyOptions } from '$lib/server/auth/agency-options';
import { auditFromEvent } from '$lib/server/audit/log';
import { formId, refusal } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async () => {
	const db = await getDb();
	const [keys, agencies] = await Promise.all([listApiKeys(db), agencyOptions(db)]);
	return { keys, agencies };
};

const CreateForm = z.object({
	name: z.string().trim().min(1, 'Nhập tên khóa.').max(60),
	sourceSystem: z.string().trim().min(1, 'Nhập hệ thống nguồn.').max(100),
	agencyCode: z.string().trim().max(50).optional()
});

export const actions: Actions = {
	// The key is returned in the action result (not a redirect) because it can be shown only once.
	create: async (event) => {
		const form = await event.request.formData();
		const parsed = CreateForm.safeParse({
			name: form.get('name') ?? '',
			sourceSystem: form.get('sourceSystem') ?? '',
			agencyCode: form.get('agencyCode') || undefined
		});
		if (!parsed.success)
			return fail(400, { message: parsed.error.issues[0]?.message ?? 'Dữ liệu không hợp lệ.' });
		try {
			const { key } = await createApiKey(await getDb(), parsed.data, auditFromEvent(event));
			return { created: { name: parsed.data.name, key } };
		} catch (e) {
			return refusal(e);
		}
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const id = formId(form.get('id'));
		if (id === null) return fail(400, { message: 'Khóa API không hợp lệ.' });
		try {
			await revokeApiKey(await getDb(), id, auditFromEvent(event));
		} catch (e) {
			return refusal(e);
		}
		return { revoked: id };
	}
};
