// Who may export a registered list, and so who may download its archived workbooks: a list that
// mirrors a page not every role may open (`route` in lists.ts: the audit log, the users) is for
// the roles the guard lets onto that page, nobody else. The archive (/bao-cao) hides the ad-hoc
// exports of the lists a viewer may not export, so a workbook cannot reach them by that way round.
import type { Role } from '../auth/roles';
import { can } from '../auth/can';
import { EXPORT_LISTS, type ExportList } from './lists';

/** May someone with `roles` (none: nobody) export `list`? */
export function mayExport(list: ExportList, roles: readonly Role[] | undefined): boolean {
	return !list.route || can({ roles: roles ?? [] }, list.route);
}

/** The names of the lists `roles` may not export (their archived exports are hidden too). */
export function listsHiddenFrom(roles: readonly Role[] | undefined): string[] {
	return Object.values(EXPORT_LISTS)
		.filter((l) => !mayExport(l, roles))
		.map((l) => l.name);
}
