// Reports (Điều 14.4): the kinds the archive holds, the ones a user generates from the reports
// page, and who a periodic report is addressed to.
export const REPORT_KINDS = ['usage', 'demand_plan', 'expiry', 'inspection', 'ad_hoc'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The reports generated on the "Báo cáo" page (an ad-hoc list export is made from its list). */
export const GENERATED_REPORT_KINDS = ['usage', 'demand_plan', 'expiry', 'inspection'] as const;
export type GeneratedReportKind = (typeof GENERATED_REPORT_KINDS)[number];

export const RECIPIENTS = ['ubnd', 'bo-khcn', 'ban-co-yeu'] as const;
export type Recipient = (typeof RECIPIENTS)[number];
