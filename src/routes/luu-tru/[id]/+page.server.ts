import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import {
	getArchivedDocument,
	reverifyArchivedDocument,
	verificationHistory
} from '$lib/server/document-archive/service';
import { recordedDisagreement } from '$lib/server/document-archive/intake-disagreement';
import { compareWithToday } from '$lib/server/document-archive/evidence-replay';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';

function idOf(param: string): number {
	const id = Number(param);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy văn bản lưu trữ.' });
	return id;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = await getDb();
	const id = idOf(params.id);
	try {
		const doc = await getArchivedDocument(db, locals.user!.scope, id);
		const canReverify = locals.user!.roles.some((r) => r === 'admin' || r === 'inspector');
		const [history, disagreement] = await Promise.all([
			verificationHistory(db, id),
			recordedDisagreement(db, id)
		]);
		// Set by the upload form's redirect: what the intake just did.
		const intake = url.searchParams.get('tiep-nhan');
		return {
			doc,
			history,
			canReverify,
			disagreement,
			intake: intake === 'moi' || intake === 'da-co' ? intake : null
		};
	} catch (e) {
		if (isAppError(e)) error(e.status, { message: e.message });
		throw e;
	}
};

export const actions: Actions = {
	reverify: async (event) => {
		const id = idOf(event.params.id);
		try {
			await reverifyArchivedDocument(await getDb(), event.locals.user!, id, auditFromEvent(event));
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message });
			throw e;
		}
		redirect(303, `/luu-tru/${id}`);
	},
	// "Then" (the latest verification replayed from its kept material) beside "now" (today's material); stores nothing.
	compare: async (event) => {
		const id = idOf(event.params.id);
		try {
			const r = await compareWithToday(await getDb(), event.locals.user!.scope, id);
			return {
				compare: {
					verifiedAt: r.then.verifiedAt,
					nowAt: r.nowAt,
					replaySame: r.then.same,
					evidence: r.then.evidence,
					comparison: r.comparison,
					now: r.now
				}
			};
		} catch (e) {
			if (isAppError(e)) return fail(e.status, { message: e.message });
			throw e;
		}
	}
};
