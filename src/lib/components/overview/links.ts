// Where each overview figure leads: the filtered list behind it, with the period and the agency
// the overview shows (pure, so the page and its tests share it).
import type { DaySpan } from '../../time/periods';

type Query = Record<string, string | number | null | undefined>;

function href(path: string, q: Query): string {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(q))
		if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
	const s = params.toString();
	return s ? `${path}?${s}` : path;
}

/** The signing events of a span (/ky-so), optionally of one agency subtree and one channel. */
export const signingHref = (span: DaySpan, agency?: number | null, channel?: string) =>
	href('/ky-so', { from: span.from, to: span.to, agency, channel });

/** Certificates (/chung-thu): active ones of an agency, or those dormant for `dormant` days. */
export const certificatesHref = (q: { agency?: number | null; dormant?: number; status?: string }) =>
	href('/chung-thu', { status: q.status ?? 'active', agency: q.agency, dormant: q.dormant });

/** Open findings (/canh-bao) under one article of law, optionally of one agency subtree. */
export const findingsHref = (article?: string | null, agency?: number | null) =>
	href('/canh-bao', { dieu: article, 'co-quan': agency });

/** Percentage change from `base` to `value`, rounded; null when there is no base to compare with. */
export function percentChange(value: number, base: number): number | null {
	return base > 0 ? Math.round(((value - base) / base) * 100) : null;
}

/** A share as a whole percentage (0 when the whole is 0). */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
