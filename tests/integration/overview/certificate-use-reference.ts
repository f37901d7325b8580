// The reference the overview's roll-up tests compare with: each agency's active certificates,
// how many signed in each span and how many are dormant since a time, from the certificates and
// the raw events (no roll-up read).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import type { DaySpan } from '../../../src/lib/time/periods';

/** "agency|active|used…|dormant" per agency in scope, from the certificates and the raw events. */
export async function certificateUseFromEvents(
	db: Kysely<Database>,
	scope: AgencyScope,
	spans: DaySpan[],
	since: Date
): Promise<string[]> {
	const usedIn = (s: DaySpan) => sql`count(*) filter (where exists (
		select 1 from signing_events e where e.certificate_id = c.id
			and e.signed_at >= (${s.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'
			and e.signed_at < (${s.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'))`;
	const inScope =
		scope.kind === 'all'
			? sql`true`
			: sql`c.agency_id in (select id from agencies where path like ${scope.path + '%'})`;
	const { rows } = await sql<{ line: string }>`
		select concat_ws('|', coalesce(c.agency_id::text, '-'), count(*), ${sql.join(spans.map(usedIn), sql`, `)},
			count(*) filter (where c.not_before <= ${since}
				and not exists (select 1 from signing_events e where e.certificate_id = c.id and e.signed_at >= ${since}))
		) as line
		from certificates c where c.status = 'active' and ${inScope}
		group by c.agency_id order by 1`.execute(db);
	return rows.map((r) => r.line);
}
