import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { getUploadVerification, NOT_VISIBLE } from '$lib/server/verification/stored-uploads';
import {
	compareUploadWithToday,
	replayUploadVerification
} from '$lib/server/verification/stored-upload-replay';
import { idParam, pageError, refusal, requireUser } from '$lib/server/http/route-kit';

const idOf = (param: string) => idParam(param, NOT_VISIBLE);

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return { v: await getUploadVerification(await getDb(), requireUser(locals), idOf(params.id)) };
	} catch (e) {
		pageError(e);
	}
};

export const actions: Actions = {
	// The stored verification made again offline from its kept material; stores nothing.
	replay: async (event) => {
		try {
			const r = await replayUploadVerification(
				await getDb(),
				requireUser(event.locals),
				idOf(event.params.id)
			);
			return { replay: { same: r.same, report: r.replayed } };
		} catch (e) {
			return refusal(e);
		}
	},
	// "Then" (the replay) beside "now" (today's trust store, CRLs and settings); stores nothing.
	compare: async (event) => {
		try {
			const r = await compareUploadWithToday(await getDb(), requireUser(event.locals), idOf(event.params.id));
			return {
				compare: {
					verifiedAt: r.stored.verifiedAt,
					nowAt: r.nowAt,
					replaySame: r.same,
					evidence: r.stored.evidence,
					comparison: r.comparison,
					now: r.now
				}
			};
		} catch (e) {
			return refusal(e);
		}
	}
};
