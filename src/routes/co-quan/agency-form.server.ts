// The agency forms' plumbing shared by /co-quan/moi and /co-quan/[id]: read the posted fields as
// text, and turn a refused change into `fail(...)` that names the form, its field errors and what
// was typed, so the page shows the errors beside the fields and keeps the values.
import { fail } from '@sveltejs/kit';
import { isAppError } from '$lib/errors';
import { fieldErrorsOf } from '$lib/server/organisation/agency-input';

export type FormValues = Record<string, string>;

export async function formValues(request: Request): Promise<FormValues> {
	const data = await request.formData();
	return Object.fromEntries([...data].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

export function refused(form: string, e: unknown, values: FormValues) {
	if (!isAppError(e)) throw e;
	return fail(e.status, { form, message: e.message, errors: fieldErrorsOf(e), values });
}
