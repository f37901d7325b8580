import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { auditFromEvent } from '$lib/server/audit/log';
import { listReports } from '$lib/server/reports/report-archive';
import { listsHiddenFrom } from '$lib/server/reports/export-access';
import { reportAgencyChoices } from '$lib/server/reports/report-root';
import { readReportSettings } from '$lib/server/reports/settings';
import { previewReport } from '$lib/server/reports/preview';
import {
	generateDemandPlan,
	generateExpiryReport,
	generateInspectionReport,
	generateUsageReport
} from '$lib/server/reports/generate';
import { GENERATED_REPORT_KINDS, RECIPIENTS } from '$lib/domain';
import { currentQuarter } from '$lib/reports/period';
import { vietnamYear } from '$lib/time/vietnam';
import { can } from '$lib/server/auth/can';
import { refusal, requireUser } from '$lib/server/http/route-kit';
import { queryId } from '$lib/server/http/query-values';

const formSchema = z.object({
	type: z.enum(GENERATED_REPORT_KINDS),
	period: z.string().trim().max(10).default(''),
	year: z.coerce.number().int().min(2000).max(2100).optional(),
	recipient: z.enum(RECIPIENTS).default('ubnd'),
	agency: z.string().trim().max(50).default(''),
	convention: z.enum(['calendar', 'cutoff14']).default('calendar'),
	problems: z.string().max(5000).default(''),
	proposals: z.string().max(5000).default('')
});
type FormValues = z.infer<typeof formSchema>;

function readForm(data: FormData): { values?: FormValues; raw: Record<string, string> } {
	const raw: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string' && v !== '') raw[k] = v;
	const r = formSchema.safeParse(raw);
	return { values: r.success ? r.data : undefined, raw };
}

/** The form's short fields, carried in the URL after a report is made so the next one repeats it. */
const REPEATED = ['type', 'period', 'year', 'recipient', 'agency', 'convention'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = await getDb();
	const user = requireUser(locals);
	const scope = user.scope;
	const now = new Date();
	const [agencies, archive, settings] = await Promise.all([
		reportAgencyChoices(db, scope),
		listReports(db, scope, { limit: 50, hiddenLists: listsHiddenFrom(user.roles) }),
		readReportSettings(db)
	]);
	const createdId = queryId(url.searchParams.get('created')) ?? null;
	// After a report is made the form keeps what it was made with: the short fields from the URL,
	// the usage report's free texts from the report itself (too long for a URL).
	const repeat: Record<string, string> = {};
	for (const key of REPEATED) {
		const v = url.searchParams.get(key);
		if (v) repeat[key] = v.slice(0, 50);
	}
	const made = createdId ? archive.rows.find((r) => r.id === createdId) : undefined;
	if (made?.kind === 'usage')
		for (const key of ['problems', 'proposals'] as const) {
			const text = made.parameters[key];
			if (typeof text === 'string' && text) repeat[key] = text;
		}
	return {
		agencies,
		archive: archive.rows,
		archiveTotal: archive.total,
		created: createdId,
		repeat,
		defaults: { period: currentQuarter(now), year: vietnamYear(now) + 1, convention: settings.convention },
		canGenerate: can(locals.user, '/bao-cao', 'generate')
	};
};

export const actions: Actions = {
	preview: async ({ request, locals }) => {
		const { values, raw } = readForm(await request.formData());
		if (!values) return fail(400, { message: 'Thông tin báo cáo không hợp lệ.', values: raw });
		try {
			const preview = await previewReport(await getDb(), requireUser(locals).scope, {
				type: values.type,
				period: values.period,
				year: values.year,
				agencyCode: values.agency || null,
				convention: values.convention
			});
			return { preview, values: raw };
		} catch (e) {
			return refusal(e, { values: raw });
		}
	},
	generate: async (event) => {
		const { values, raw } = readForm(await event.request.formData());
		if (!values) return fail(400, { message: 'Thông tin báo cáo không hợp lệ.', values: raw });
		const db = await getDb();
		const who = { ...auditFromEvent(event), scope: requireUser(event.locals).scope };
		const agencyCode = values.agency || null;
		let id: number;
		try {
			const stored =
				values.type === 'usage'
					? await generateUsageReport(db, {
							...who,
							period: values.period,
							recipient: values.recipient,
							agencyCode,
							convention: values.convention,
							problems: values.problems,
							proposals: values.proposals
						})
					: values.type === 'demand_plan'
						? await generateDemandPlan(db, {
								...who,
								year: values.year ?? vietnamYear(new Date()) + 1,
								agencyCode
							})
						: values.type === 'expiry'
							? await generateExpiryReport(db, { ...who, period: values.period, agencyCode })
							: await generateInspectionReport(db, { ...who, agencyCode: values.agency });
			id = stored.id;
		} catch (e) {
			return refusal(e, { values: raw });
		}
		const again = new URLSearchParams({ created: String(id) });
		for (const key of REPEATED) if (raw[key]) again.set(key, raw[key]);
		redirect(303, `/bao-cao?${again.toString()}`);
	}
};
