// The small kit every +page.server.ts and +server.ts uses for the same four chores: read an id
// from the URL or a form (a bad one is a 404 or a form error, never a 500), say "not found" when a
// lookup returned null, turn an AppError into the page's answer (anything else is a programming
// error and goes on to handleError, never into a form message), and require a signed-in user.
// Who may do what is `can()` in $lib/server/auth/can.ts.
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { isAppError, type ErrorCode } from '../../errors';
import type { AuthUser } from '../auth/roles';
import { positiveId } from './query-values';

/**
 * The id in a route parameter; anything but a positive integer an integer column can hold (ids
 * are PostgreSQL serials) is a 404 with `notFound`.
 */
export function idParam(raw: string | undefined, notFound: string): number {
	const id = positiveId(raw);
	if (id === null) error(404, { message: notFound, code: 'NOT_FOUND' });
	return id;
}

/** The id posted in a form field, or null: the caller answers with a form error naming the field. */
export function formId(value: FormDataEntryValue | null | undefined): number | null {
	return positiveId(value);
}

/** What a lookup found, or a 404 with `notFound` when it returned null (the caller's decision). */
export function found<T>(value: T, notFound: string): NonNullable<T> {
	if (value === null || value === undefined) error(404, { message: notFound, code: 'NOT_FOUND' });
	return value;
}

/** The body of every refused form action: the code, its Vietnamese message, and the form's fields. */
export type Refusal<T extends Record<string, unknown> = Record<string, never>> = {
	code: ErrorCode;
	message: string;
	/** The form field the refusal is about (the thrower's `details.field`); '' when it named none. */
	field: string;
} & T;

/**
 * An AppError as the form action's `fail()`, with `extra` (what was typed, which form) beside
 * its code and message. Anything else is rethrown: a bug is not a form message.
 */
export function refusal<T extends Record<string, unknown> = Record<string, never>>(
	e: unknown,
	extra?: T
): ActionFailure<Refusal<T>> {
	if (!isAppError(e)) throw e;
	const field = typeof e.details?.field === 'string' ? e.details.field : '';
	return fail(e.status, { ...(extra as T), code: e.code, message: e.message, field });
}

/** An AppError thrown by a load or an endpoint as SvelteKit's error page; anything else rethrown. */
export function pageError(e: unknown): never {
	if (!isAppError(e)) throw e;
	error(e.status, { message: e.message, code: e.code });
}

/** The signed-in user. The guard already refused anonymous requests on every non-public route. */
export function requireUser(locals: App.Locals): AuthUser {
	if (!locals.user) error(401, { message: 'Vui lòng đăng nhập.', code: 'UNAUTHENTICATED' });
	return locals.user;
}
