import type { PageServerLoad } from './$types';
import { parseDayInput } from '$lib/i18n/day-input';
import { getDb } from '$lib/server/db';
import { listArchivedDocuments, type ArchiveFilters } from '$lib/server/document-archive/queries';
import { agencyOptions } from '$lib/server/requests/agency-options';
import { can } from '$lib/server/auth/can';
import { requireUser } from '$lib/server/http/route-kit';

const PAGE = 50;
const VERDICTS = ['TOTAL_PASSED', 'INDETERMINATE', 'TOTAL_FAILED', 'none'] as const;
/** A day typed dd/MM/yyyy (or YYYY-MM-DD) as YYYY-MM-DD; anything else is no filter. */
const isDay = (s: string | null) => (s ? (parseDayInput(s) ?? undefined) : undefined);

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams;
	const page = Math.max(1, Number(q.get('trang')) || 1);
	const filters: ArchiveFilters = {
		agencyId: Number(q.get('co-quan')) || undefined,
		receivedFrom: isDay(q.get('tu')),
		receivedTo: isDay(q.get('den')),
		verdict: VERDICTS.find((v) => v === q.get('ket-qua')),
		format: q.get('dinh-dang') === 'pdf' ? 'pdf' : q.get('dinh-dang') === 'cms' ? 'cms' : undefined,
		q: q.get('q')?.trim().slice(0, 100) || undefined,
		limit: PAGE,
		offset: (page - 1) * PAGE
	};
	const db = await getDb();
	const [result, agencies] = await Promise.all([
		listArchivedDocuments(db, requireUser(locals).scope, filters),
		agencyOptions(db, requireUser(locals).scope, { includeEnded: true })
	]);
	const canFile = can(locals.user, '/luu-tru/nhap');
	return { ...result, agencies, filters, page, pageSize: PAGE, canFile };
};
