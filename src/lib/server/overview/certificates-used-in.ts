// The certificates that signed in spans the agency roll-ups cannot answer (custom ranges), one row
// per certificate, read from the use roll-ups (certificate_daily_use, certificate_monthly_use,
// certificate_yearly_use): adoption.ts's slow path, apart from its fast one.
import { sql, type RawBuilder } from 'kysely';
import type { AgencyScope } from '../auth/roles';
import { inScope } from '../scope';
import { splitByMonth } from '../signing/summary-source';
import type { DaySpan } from '../../time/periods';

/** A run of whole months inside one Vietnam year: months `from`..`to` (1–12) of `year`. */
interface YearPart {
	year: number;
	from: number;
	to: number;
}

/** Whole months (first days of the first and last month) cut at the years' edges. */
function monthsByYear(months: DaySpan): YearPart[] {
	const [fy, fm] = months.from.split('-').map(Number) as [number, number];
	const [ty, tm] = months.to.split('-').map(Number) as [number, number];
	const out: YearPart[] = [];
	for (let y = fy; y <= ty; y++) out.push({ year: y, from: y === fy ? fm : 1, to: y === ty ? tm : 12 });
	return out;
}

/** Bits m-1 for the months of a year part, as certificate_yearly_use stores them. */
const monthMask = (p: YearPart) => ((1 << p.to) - 1) & ~((1 << (p.from - 1)) - 1);

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The certificates that signed in each span, one row per certificate with bit i of `spans` set
 * when it signed in spans[i]. A span's whole months within one year: two or more from
 * certificate_yearly_use (its months tested against the span's mask; one read per year serves
 * every span in it), a single one from certificate_monthly_use; the days of its partial months
 * from certificate_daily_use. Within a subtree only the scope's active certificates are looked
 * up (by certificate, through the keys).
 */
export function usedIn(spans: DaySpan[], scope: AgencyScope): RawBuilder<unknown> {
	const mine =
		scope.kind === 'all'
			? (_: string) => sql``
			: (alias: string) =>
					sql`and ${sql.ref(`${alias}.certificate_id`)} in (select s.id from certificates s
						where s.status = 'active' and ${inScope(scope, sql.ref('s.agency_id'))})`;
	const parts: RawBuilder<unknown>[] = [];
	const years = new Map<number, { mask: number; bit: number }[]>();
	spans.forEach((span, i) => {
		const bit = 1 << i;
		const { months, days } = splitByMonth(span);
		for (const d of days)
			parts.push(sql`select u.certificate_id, ${sql.lit(bit)} as bit from certificate_daily_use u
				where u.day >= ${d.from}::date and u.day <= ${d.to}::date and u.n > 0 ${mine('u')}`);
		for (const p of months ? monthsByYear(months) : []) {
			if (p.from === p.to) {
				const month = `${p.year}-${pad(p.from)}-01`;
				parts.push(sql`select m.certificate_id, ${sql.lit(bit)} as bit from certificate_monthly_use m
					where m.month = ${month}::date and m.n > 0 ${mine('m')}`);
			} else years.set(p.year, [...(years.get(p.year) ?? []), { mask: monthMask(p), bit }]);
		}
	});
	for (const [year, asked] of years) {
		const bits = asked.map(
			(a) => sql`case when y.months & ${sql.lit(a.mask)} <> 0 then ${sql.lit(a.bit)} else 0 end`
		);
		const any = asked.reduce((m, a) => m | a.mask, 0);
		parts.push(sql`select y.certificate_id, ${sql.join(bits, sql` | `)} as bit from certificate_yearly_use y
			where y.year = ${sql.lit(year)} and y.months & ${sql.lit(any)} <> 0 ${mine('y')}`);
	}
	if (parts.length === 0) return sql`select null::int as certificate_id, 0 as spans where false`;
	return sql`select x.certificate_id, bit_or(x.bit) as spans
		from (${sql.join(parts, sql` union all `)}) x group by x.certificate_id`;
}
