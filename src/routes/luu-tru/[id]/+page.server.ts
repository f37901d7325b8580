import { redirect } from '@sveltejs/kit';
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
import { found, idParam, refusal, requireUser } from '$lib/server/http/route-kit';
import { can } from '$lib/server/auth/can';

const NOT_FOUND = 'Không tìm thấy văn bản lưu trữ (hoặc văn bản không thuộc phạm vi của bạn).';
const idOf = (param: string) => idParam(param, 'Không tìm thấy văn bản lưu trữ.');

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = await getDb();
	const id = idOf(params.id);
	const doc = found(await getArchivedDocument(db, requireUser(locals).scope, id), NOT_FOUND);
	const [history, disagreement] = await Promise.all([
		verificationHistory(db, id),
		recordedDisagreement(db, id)
	]);
	// Set by the upload form's redirect: what the intake just did.
	const intake = url.searchParams.get('tiep-nhan');
	return {
		doc,
		history,
		canReverify: can(locals.user, '/luu-tru/[id]', 'reverify'),
		disagreement,
		intake: intake === 'moi' || intake === 'da-co' ? intake : null
	};
};

export const actions: Actions = {
	reverify: async (event) => {
		const id = idOf(event.params.id);
		try {
			await reverifyArchivedDocument(await getDb(), requireUser(event.locals), id, auditFromEvent(event));
		} catch (e) {
			return refusal(e);
		}
		redirect(303, `/luu-tru/${id}`);
	},
	// "Then" (the latest verification replayed from its kept material) beside "now" (today's material); stores nothing.
	compare: async (event) => {
		const id = idOf(event.params.id);
		try {
			const r = await compareWithToday(await getDb(), requireUser(event.locals).scope, id);
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
			return refusal(e);
		}
	}
};
