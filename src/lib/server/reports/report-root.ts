// Which agency a report covers: the one asked for (by code), else the viewer's own agency, else
// the province. An agency outside the viewer's scope is "not found", never a leak.
import { type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { AppError } from '../../errors';

export interface ReportRoot {
	id: number;
	code: string;
	name: string;
	/** Materialised path ("/1/7/"): the report covers every agency whose path starts with it. */
	path: string;
	isProvince: boolean;
}

export async function resolveReportRoot(
	db: Kysely<Database>,
	scope: AgencyScope,
	agencyCode?: string | null
): Promise<ReportRoot> {
	let q = db.selectFrom('agencies as a').select(['a.id', 'a.code', 'a.name', 'a.path', 'a.kind']);
	const code = agencyCode?.trim();
	if (code) q = q.where('a.code', '=', code).where(({ ref }) => inScope(scope, ref('a.id')));
	else if (scope.kind === 'subtree') q = q.where('a.id', '=', scope.agencyId);
	else q = q.where('a.kind', '=', 'province').orderBy('a.id').limit(1);
	const row = await q.executeTakeFirst();
	if (!row) {
		throw new AppError(
			'NOT_FOUND',
			code
				? `Không tìm thấy cơ quan, đơn vị có mã "${code}" trong phạm vi bạn được xem.`
				: 'Chưa có dữ liệu cơ quan, đơn vị.'
		);
	}
	return { id: row.id, code: row.code, name: row.name, path: row.path, isProvince: row.kind === 'province' };
}

/** "toàn tỉnh Đồng Tháp" or "Sở Y tế và các đơn vị trực thuộc". */
export function rootScopeName(root: ReportRoot): string {
	return root.isProvince ? 'toàn tỉnh Đồng Tháp' : `${root.name} và các đơn vị trực thuộc`;
}

/** The root's subtree as an agency scope, for queries written against `inScope`. */
export function rootScope(root: ReportRoot): AgencyScope {
	return { kind: 'subtree', agencyId: root.id, path: root.path };
}

export interface AgencyChoice {
	code: string;
	name: string;
	depth: number;
}

/** The agencies a viewer may pick as a report's scope, in tree order. */
export async function reportAgencyChoices(db: Kysely<Database>, scope: AgencyScope): Promise<AgencyChoice[]> {
	const rows = await db
		.selectFrom('agencies as a')
		.select(['a.code', 'a.name', 'a.path'])
		.where(({ ref }) => inScope(scope, ref('a.id')))
		.where('a.kind', '<>', 'external')
		.orderBy('a.path')
		.execute();
	const depth = (p: string) => p.split('/').filter(Boolean).length;
	const min = Math.min(...rows.map((r) => depth(r.path)));
	return rows.map((r) => ({ code: r.code, name: r.name, depth: depth(r.path) - min }));
}
