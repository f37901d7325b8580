// The shape every people, clerk and delegation form action answers with, so a page that holds
// several forms shows each message beside the form that was sent and keeps what was typed:
// success `{ action, done: true }`, refusal `fail(status, { action, message, field, values })`.
import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { isAppError } from '../../errors';
import type { AuthUser } from '../auth/roles';
import { auditFromEvent, type AuditWho } from '../audit/from-event';
import { formValues } from './people-input';

export interface FormRefusal {
	action: string;
	message: string;
	/** The form field the refusal is about, when there is one. */
	field: string | null;
	values: Record<string, string>;
}

export interface FormDone {
	action: string;
	done: true;
}

export async function orgFormAction(
	event: RequestEvent,
	action: string,
	run: (values: Record<string, string>, user: AuthUser, who: AuditWho) => Promise<unknown>
): Promise<FormDone | ActionFailure<FormRefusal>> {
	const values = formValues(await event.request.formData());
	try {
		await run(values, event.locals.user!, auditFromEvent(event));
	} catch (e) {
		if (!isAppError(e)) throw e;
		const field = typeof e.details?.field === 'string' && e.details.field ? e.details.field : null;
		return fail(e.status, { action, message: e.message, field, values });
	}
	return { action, done: true };
}
