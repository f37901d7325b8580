// What an agency form action answered (see ../agency-form.server.ts), read for one named form.
export type FormState =
	| {
			form?: string;
			message?: string;
			errors?: Record<string, string>;
			values?: Record<string, string>;
			saved?: boolean;
	  }
	| null
	| undefined;

export function stateFor(state: FormState, name: string) {
	const mine = state?.form === name;
	return {
		mine,
		saved: mine && state?.saved === true,
		message: mine && !state?.saved ? (state?.message ?? null) : null,
		values: (mine && !state?.saved ? state?.values : undefined) ?? {},
		errors: (mine ? state?.errors : undefined) ?? {}
	};
}
