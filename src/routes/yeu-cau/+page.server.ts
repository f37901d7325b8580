import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listRequests, openRecoveryRequests, type RequestFilters } from '$lib/server/requests/queries';
import { REQUEST_KINDS, REQUEST_STATUSES } from '$lib/domain';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams;
	const filters: RequestFilters = {
		kind: REQUEST_KINDS.find((k) => k === q.get('loai')),
		status: REQUEST_STATUSES.find((s) => s === q.get('trang-thai')),
		agencyId: Number(q.get('co-quan')) || undefined,
		overdue: q.get('qua-han') === '1',
		q: q.get('q')?.trim().slice(0, 100) || undefined,
		limit: 200
	};
	const db = await getDb();
	const now = new Date();
	const scope = requireUser(locals).scope;
	const [list, recovery, agencies] = await Promise.all([
		listRequests(db, scope, filters, now),
		openRecoveryRequests(db, scope, now),
		agencyOptions(db, scope, { includeEnded: true })
	]);
	const canCreate = can(locals.user, '/yeu-cau/moi');
	return { ...list, recovery, agencies, filters, canCreate };
};
