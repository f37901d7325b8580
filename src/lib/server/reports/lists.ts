// The registry of dashboard lists that can be exported to Excel by
//   GET /bao-cao/xuat?list=<name>&<the list's own filters>[&columns=a,b,c]
// A list page plugs in by adding one entry here (see docs/reports.md): how to read its filters
// from the URL, how to describe them in Vietnamese, its columns, and how to fetch the rows page by
// page after a cursor. Paging with a cursor (keyset) keeps a million-row export in bounded memory.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { RouteId } from '../auth/route-rules';
import type { TableColumn } from '../../reports/official-layout';
import type { CellInput } from '../../reports/cells';
import { viLabel } from '../../i18n/values';
import { certificateFilterSchema, certificatesAfter } from '../inventory/certificate-list';
import { resolveRange } from '../signing/activity';
import { signingExportPage } from './export-queries';
import { signingFilterSchema } from '../signing/filter';
import { parseQuery } from '../inventory/filters';
import { tokensExport } from '../inventory/token-export';
import { findingsExport, peopleExport } from './page-lists';
import { archiveExport } from './archive-export';
import { requestsExport } from './requests-export';
import { inspectionsExport } from './inspections-export';
import { trainingsExport } from './trainings-export';
import { agenciesExport } from './agencies-export';
import { auditExport } from './audit-export';
import { usersExport } from './users-export';
import { jobRunsExport } from './job-runs-export';

export interface ListPage {
	rows: Record<string, CellInput>[];
	/** Where the next page starts; null after the last page. */
	next: string | null;
}

export interface ExportList<F = any> {
	name: string;
	/**
	 * The page this list mirrors, when not every role may open it: who may open that page may
	 * export the list, nobody else (ad-hoc-export.ts refuses the others with FORBIDDEN).
	 */
	route?: RouteId;
	/** The title printed on the workbook ("Danh sách chứng thư số"). */
	title: string;
	/** Reads the list's filters from the URL exactly as its page does (bad values dropped). */
	parseFilters(params: URLSearchParams): F;
	/** The filters in force, one Vietnamese line each, printed under the title. */
	describeFilters(filters: F): string[];
	columns: TableColumn[];
	/**
	 * Rows per page; EXPORT_BATCH when absent. Small pages keep a keyset list's memory down (rows
	 * held across the writer's yields outlive V8's young generation).
	 */
	pageSize?: number;
	/** Rows after `cursor` (null for the first page), in the list's order, already scoped. */
	page(
		db: Kysely<Database>,
		scope: AgencyScope,
		filters: F,
		cursor: string | null,
		limit: number
	): Promise<ListPage>;
}

const certificates: ExportList<ReturnType<typeof certificateFilterSchema.parse>> = {
	name: 'certificates',
	title: 'Danh sách chứng thư số',
	parseFilters: (p) => parseQuery(certificateFilterSchema, p).value,
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.status ? `Tình trạng: ${viLabel('certStatus', f.status)}` : '',
			f.kind ? `Loại: ${viLabel('certKind', f.kind)}` : '',
			f.agency ? `Cơ quan (mã số): ${f.agency}` : '',
			f.expiring ? `Hết hạn trong ${f.expiring} ngày` : '',
			f.issuer ? `Tổ chức cấp: ${f.issuer}` : '',
			f.unlinked ? 'Chỉ chứng thư chưa gán người giữ' : '',
			f.dormant ? `Không ký số trong ${f.dormant} ngày` : ''
		].filter(Boolean),
	columns: [
		{ key: 'subject_cn', header: 'Tên thuê bao', width: 34 },
		{ key: 'kind', header: 'Loại', width: 10 },
		{ key: 'agency_name', header: 'Cơ quan, đơn vị', width: 30 },
		{ key: 'person_name', header: 'Người giữ', width: 22 },
		{ key: 'serial_number', header: 'Số hiệu', width: 26 },
		{ key: 'token_serial', header: 'Thiết bị', width: 14 },
		{ key: 'not_before', header: 'Hiệu lực từ', width: 12, kind: 'date' },
		{ key: 'not_after', header: 'Hết hạn', width: 12, kind: 'date' },
		{ key: 'status', header: 'Tình trạng', width: 13 }
	],
	// Keyset pages in the user's sort order (see certificatesAfter).
	async page(db, scope, f, cursor, limit) {
		const r = await certificatesAfter(db, scope, f, cursor, limit);
		return {
			rows: r.rows.map(labelCertificateRow),
			next: r.next
		};
	}
};

const signingEvents: ExportList<ReturnType<typeof signingFilterSchema.parse>> = {
	name: 'signing-events',
	title: 'Danh sách lượt ký số',
	parseFilters: (p) => parseQuery(signingFilterSchema, p).value,
	describeFilters: (f) => {
		const r = resolveRange(f);
		const d = (s: string) => s.split('-').reverse().join('/');
		return [
			`Từ ngày ${d(r.from)} đến ngày ${d(r.to)}`,
			f.agency ? `Cơ quan (mã số): ${f.agency}` : '',
			f.channel ? `Kênh: ${viLabel('channel', f.channel)}` : '',
			f.form ? `Hình thức ký: ${viLabel('form', f.form)}` : '',
			f.classification ? `Độ mật: ${viLabel('classification', f.classification)}` : ''
		].filter(Boolean);
	},
	columns: [
		{ key: 'signed_at', header: 'Thời điểm ký', width: 19, kind: 'datetime' },
		{ key: 'subject_cn', header: 'Chứng thư ký', width: 30 },
		{ key: 'agency_name', header: 'Cơ quan, đơn vị', width: 28 },
		{ key: 'acting_person_name', header: 'Người ký', width: 22 },
		{ key: 'acting_title', header: 'Chức danh', width: 18 },
		{ key: 'signing_form', header: 'Hình thức', width: 10 },
		{ key: 'document_number', header: 'Số, ký hiệu văn bản', width: 20 },
		{ key: 'channel', header: 'Kênh', width: 12 },
		{ key: 'direction', header: 'Chiều', width: 8 }
	],
	// Measured on 1,000,000 rows: peak RSS 268-285 MB with pages of 1,000, 290-309 MB with 2,000,
	// 331 MB with 10,000, at the same speed (a page costs PostgreSQL a few milliseconds).
	pageSize: 1000,
	// A dedicated keyset query (export-queries.ts); the labels are set on the fetched rows in
	// place, which a million-row export notices next to a copy of every row.
	async page(db, scope, f, cursor, limit) {
		const r = await signingExportPage(db, scope, f, cursor, limit);
		for (const e of r.rows) labelSigningRow(e);
		return r;
	}
};

/** A certificate row as the workbook prints it: kind and status in words. */
export function labelCertificateRow<
	R extends { kind: string; status: string; revocation_requested_at?: unknown }
>(c: R): { [K in keyof R]: R[K] } {
	return {
		...c,
		kind: viLabel('certKind', c.kind),
		status:
			viLabel('certStatus', c.status) +
			(c.revocation_requested_at && c.status !== 'revoked' ? ' (đã yêu cầu thu hồi)' : '')
	};
}

/** A signing event row as the workbook prints it, labelled in place (see `page` above). */
export function labelSigningRow(e: { signing_form: string; channel: string; direction: string }): void {
	e.signing_form = viLabel('form', e.signing_form);
	e.channel = viLabel('channel', e.channel);
	e.direction = viLabel('direction', e.direction);
}

export const EXPORT_LISTS: Record<string, ExportList> = {
	[certificates.name]: certificates,
	[signingEvents.name]: signingEvents,
	[tokensExport.name]: tokensExport,
	[findingsExport.name]: findingsExport,
	[peopleExport.name]: peopleExport,
	[archiveExport.name]: archiveExport,
	[requestsExport.name]: requestsExport,
	[inspectionsExport.name]: inspectionsExport,
	[trainingsExport.name]: trainingsExport,
	[agenciesExport.name]: agenciesExport,
	[auditExport.name]: auditExport,
	[usersExport.name]: usersExport,
	[jobRunsExport.name]: jobRunsExport
};
