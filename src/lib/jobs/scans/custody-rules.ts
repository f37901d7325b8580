// Custody of the organisation certificate (Điều 8.3, Điều 17; Decree 30/2020 Art. 32: the head
// appoints the clerk who keeps the agency's key device and hands it to no one without written
// permission and a signed hand-over record). Inventory rules read today's state:
//  - org_cert_without_clerk: an organisation certificate in use whose agency (still active) has no
//    clerk appointed today;
//  - org_token_not_with_clerk: the device of an organisation certificate in use held (token_holdings)
//    by someone who is neither a clerk of its agency today nor the holder of a written delegation
//    for a certificate on it;
//  - clerk_change_without_handover: a new clerk followed another in an agency while an organisation
//    certificate was valid, and its device was neither handed over nor issued to the new clerk
//    within `handoverDays` of the change (token_custody_events, Mẫu 07 / hand-over record).
import { sql, type RawBuilder } from 'kysely';
import { findingColumns } from './columns';
import { DEFAULT_OBLIGATION_RULES, type ObligationSettings } from './obligation-rules';

const VN = sql.lit('Asia/Ho_Chi_Minh');
const dayStart = (d: RawBuilder<unknown>) => sql`(${d}::timestamp at time zone ${VN})`;

/** The organisation certificates in use at `now` (alias c). */
const inUse = (now: Date) => sql`c.kind = 'organisation' and c.status = 'active' and c.revoked_at is null
	and c.not_before <= ${now}::timestamptz and c.not_after > ${now}::timestamptz`;

export function orgCertWithoutClerk(now: Date): RawBuilder<unknown> {
	const today = sql`(${now}::timestamptz at time zone ${VN})::date`;
	return sql`
		select ${findingColumns('org_cert_without_clerk', {
			dedupe: sql`'org_cert_without_clerk:' || c.fingerprint_sha256`,
			summary: sql`'Chứng thư tổ chức "' || c.subject_cn || '" đang sử dụng nhưng ' || a.name || ' không có văn thư được giao'
				|| coalesce(' (văn thư gần nhất thôi từ ' || to_char(last.ended_on, 'DD/MM/YYYY') || ')', '') || '.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			token: sql`c.token_id`,
			evidence: sql`jsonb_strip_nulls(jsonb_build_object('agency', a.name, 'last_clerk', last.full_name,
				'clerk_ended_on', last.ended_on, 'not_after', c.not_after))`
		})}
		from certificates c join agencies a on a.id = c.agency_id
		left join lateral (select ap.ended_on, p.full_name from clerk_appointments ap join people p on p.id = ap.person_id
			where ap.agency_id = c.agency_id order by ap.appointed_on desc limit 1) last on true
		where ${inUse(now)} and a.ended_on is null
			and not exists (select 1 from clerk_appointments ap where ap.agency_id = c.agency_id
				and ap.appointed_on <= ${today} and (ap.ended_on is null or ap.ended_on >= ${today}))`;
}

export function orgTokenNotWithClerk(now: Date): RawBuilder<unknown> {
	const today = sql`(${now}::timestamptz at time zone ${VN})::date`;
	return sql`
		select ${findingColumns('org_token_not_with_clerk', {
			dedupe: sql`'org_token_not_with_clerk:' || c.fingerprint_sha256 || ':' || h.holder_person_id`,
			summary: sql`'Thiết bị lưu khóa của chứng thư tổ chức "' || c.subject_cn || '" (' || t.serial || ') do ' || hp.full_name
				|| ' (' || hp.title || ') giữ, không phải văn thư được giao của cơ quan.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`h.holder_person_id`,
			token: sql`c.token_id`,
			evidence: sql`jsonb_strip_nulls(jsonb_build_object('serial', t.serial, 'holder', hp.full_name, 'holder_title', hp.title,
				'held_since', h.status_since, 'clerks', (select array_agg(p.full_name order by p.full_name) from clerk_appointments ap
					join people p on p.id = ap.person_id where ap.agency_id = c.agency_id
					and ap.appointed_on <= ${today} and (ap.ended_on is null or ap.ended_on >= ${today}))))`
		})}
		from certificates c join token_holdings h on h.token_id = c.token_id
		join tokens t on t.id = c.token_id
		join people hp on hp.id = h.holder_person_id
		where ${inUse(now)} and h.status in ('issued', 'locked')
			and not exists (select 1 from clerk_appointments ap where ap.agency_id = c.agency_id
				and ap.person_id = h.holder_person_id
				and ap.appointed_on <= ${today} and (ap.ended_on is null or ap.ended_on >= ${today}))
			and not exists (select 1 from certificate_delegations dg join certificates dc on dc.id = dg.certificate_id
				where dc.token_id = c.token_id and dg.person_id = h.holder_person_id
				and dg.valid_from <= ${today} and (dg.valid_to is null or dg.valid_to >= ${today}))`;
}

export function clerkChangeWithoutHandover(
	now: Date,
	s: ObligationSettings = DEFAULT_OBLIGATION_RULES
): RawBuilder<unknown> {
	const window = sql`make_interval(days => ${sql.lit(Math.floor(s.handoverDays))})`;
	const changeAt = dayStart(sql`nx.appointed_on`);
	return sql`
		select ${findingColumns('clerk_change_without_handover', {
			dedupe: sql`'clerk_change_without_handover:' || a.code || ':' || nx.appointed_on || ':' || t.serial`,
			summary: sql`'Thay văn thư ' || a.name || ' ngày ' || to_char(nx.appointed_on, 'DD/MM/YYYY') || ' (' || pp.full_name || ' → '
				|| np.full_name || ') nhưng không có biên bản bàn giao thiết bị lưu khóa ' || t.serial || ' của chứng thư "' || min(c.subject_cn) || '".'`,
			agency: sql`a.id`,
			certificate: sql`max(c.id)`,
			person: sql`nx.person_id`,
			token: sql`t.id`,
			evidence: sql`jsonb_build_object('changed_on', nx.appointed_on, 'former_clerk', pp.full_name, 'new_clerk', np.full_name,
				'serial', t.serial, 'days_allowed', ${sql.lit(s.handoverDays)}, 'due_at', ${changeAt} + ${window})`
		})}
		from clerk_appointments nx
		join clerk_appointments pv on pv.agency_id = nx.agency_id and pv.person_id <> nx.person_id
			and pv.appointed_on < nx.appointed_on and (pv.ended_on is null or pv.ended_on >= nx.appointed_on - 1)
		join agencies a on a.id = nx.agency_id
		join people pp on pp.id = pv.person_id
		join people np on np.id = nx.person_id
		join certificates c on c.kind = 'organisation' and c.agency_id = nx.agency_id and c.token_id is not null
			and c.not_before < ${changeAt} + interval '1 day' and c.not_after > ${changeAt}
			and (c.revoked_at is null or c.revoked_at > ${changeAt})
		join tokens t on t.id = c.token_id
		where ${changeAt} + ${window} <= ${now}::timestamptz
			and not exists (select 1 from token_custody_events e where e.token_id = c.token_id
				and e.event in ('handed_over', 'issued') and e.to_person_id = nx.person_id
				and e.occurred_at >= ${changeAt} - ${window} and e.occurred_at < ${changeAt} + ${window} + interval '1 day')
		group by nx.id, nx.appointed_on, nx.person_id, a.id, a.code, a.name, pp.full_name, np.full_name, t.id, t.serial`;
}
