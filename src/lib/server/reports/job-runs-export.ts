// The history of job runs (/tac-vu) as a workbook: the page's search, status filter and sort,
// every run, the job, trigger, status and result in words. Whoever may open /tac-vu (route).
import { translate } from '../../i18n/catalogue';
import { jobResultInWords } from '../../i18n/job-result';
import { parseQuery } from '../inventory/filters';
import { jobTitle, runFilterSchema, searchRuns, type RunFilter } from '../jobs/run-list';
import type { ExportList } from './lists';

const PAGE = 1000;
const SORT_NAMES: Record<string, string> = {
	id: 'Lượt chạy',
	job: 'Tác vụ',
	trigger: 'Khởi động bởi',
	status: 'Trạng thái',
	started: 'Bắt đầu',
	finished: 'Kết thúc'
};

export const jobRunsExport: ExportList<RunFilter> = {
	name: 'job-runs',
	route: '/tac-vu',
	title: 'Lịch sử chạy tác vụ',
	parseFilters: (p) => parseQuery(runFilterSchema, p).value,
	describeFilters: (f) =>
		[
			f.q ? `Tìm kiếm: ${f.q}` : '',
			f.status ? `Trạng thái: ${translate('vi', `jobs.status.${f.status}`)}` : '',
			f.sap
				? `Sắp xếp theo: ${SORT_NAMES[f.sap]} (${f.chieu === 'desc' ? 'giảm dần' : 'tăng dần'})`
				: 'Mới nhất trước'
		].filter(Boolean),
	columns: [
		{ key: 'id', header: 'Lượt chạy', width: 10, kind: 'int' },
		{ key: 'job', header: 'Tác vụ', width: 34 },
		{ key: 'trigger', header: 'Khởi động bởi', width: 14 },
		{ key: 'status', header: 'Trạng thái', width: 13 },
		{ key: 'started_at', header: 'Bắt đầu', width: 19, kind: 'datetime' },
		{ key: 'finished_at', header: 'Kết thúc', width: 19, kind: 'datetime' },
		{ key: 'result', header: 'Kết quả', width: 60 }
	],
	pageSize: PAGE,
	async page(db, _scope, f, cursor, limit) {
		const page = cursor ? Number(cursor) : 1;
		const r = await searchRuns(db, { ...f, page }, limit);
		return {
			rows: r.rows.map((run) => ({
				id: run.id,
				job: jobTitle(run.job_name),
				trigger: translate('vi', `jobs.trigger.${run.trigger}`),
				status: translate('vi', `jobs.status.${run.status}`),
				started_at: run.started_at,
				finished_at: run.finished_at,
				result: run.error ?? jobResultInWords('vi', run.counts)
			})),
			next: r.rows.length === limit ? String(page + 1) : null
		};
	}
};
