// What should have been done after a change and was not (inventory rules, no signing events):
//  - should_have_been_revoked (Điều 10; NĐ 68/2024 Điều 17): a certificate still unrevoked
//    `revocationDays` after its holder retired, moved, resigned or died, after its device was
//    reported lost, or after its agency was dissolved or absorbed by a merge, with no revocation
//    request filed by then (a holder transferred within the state sector may file a change instead);
//  - change_request_missing (Điều 9; NĐ 68/2024 Điều 15): a holder's new title or agency (their
//    posts in person_positions), or an agency's new name (agency_events 'renamed'), while a
//    certificate was valid, with no change or revocation request and no new certificate within
//    `changeRequestDays`.
// Dates are Vietnam days; "within N days" is measured from the start of the day of the change.
import { sql, type RawBuilder } from 'kysely';
import { findingColumns, vnDay } from './columns';
import { settingDefault, type ObligationSettings } from '../../server/settings/catalogue';

export type { ObligationSettings };
/** The setting jobs.obligation_rules' default. */
export const DEFAULT_OBLIGATION_RULES: ObligationSettings = settingDefault('jobs.obligation_rules');

const VN = sql.lit('Asia/Ho_Chi_Minh');
const dayStart = (d: RawBuilder<unknown>) => sql`(${d}::timestamp at time zone ${VN})`;
const days = (n: number) => sql`make_interval(days => ${sql.lit(Math.floor(n))})`;
const LIVE_REQUEST = sql`r.status not in ('rejected', 'cancelled')`;

export function shouldHaveBeenRevoked(
	now: Date,
	s: ObligationSettings = DEFAULT_OBLIGATION_RULES
): RawBuilder<unknown> {
	const due = sql`(x.since + ${days(s.revocationDays)})`;
	const causeWords = sql`case x.cause
		when 'holder_left' then 'người giữ ' || case x.detail when 'retired' then 'nghỉ hưu' when 'resigned' then 'thôi việc'
			when 'transferred' then 'chuyển công tác' when 'deceased' then 'qua đời' else x.detail end
		when 'token_lost' then 'báo mất thiết bị lưu khóa'
		else 'cơ quan ' || case x.detail when 'merged' then 'bị sáp nhập' else 'giải thể' end end`;
	return sql`
		with causes as (
			select c.id as certificate_id, 'holder_left'::text as cause, p.status::text as detail,
				${dayStart(sql`p.status_since`)} as since
			from certificates c join people p on p.id = c.person_id
			where c.kind = 'individual' and p.status <> 'active' and p.status_since is not null
			union all
			select c.id, 'token_lost', null, l.lost_at
			from (select token_id, min(occurred_at) as lost_at from token_custody_events where event = 'lost'
				group by token_id) l
			join certificates c on c.token_id = l.token_id
			union all
			select c.id, 'agency_ended', case when a.merged_into_id is null then 'dissolved' else 'merged' end,
				${dayStart(sql`a.ended_on`)}
			from certificates c join agencies a on a.id = c.agency_id
			where c.kind = 'organisation' and a.ended_on is not null
		)
		select ${findingColumns('should_have_been_revoked', {
			dedupe: sql`'should_have_been_revoked:' || c.fingerprint_sha256 || ':' || x.cause`,
			summary: sql`'Chứng thư "' || c.subject_cn || '" ' || case when c.revoked_at is null then 'vẫn chưa được thu hồi'
				else 'chỉ được thu hồi ngày ' || ${vnDay(sql`c.revoked_at`)} end || ', quá ' || ${sql.lit(s.revocationDays)} || ' ngày sau khi ' ||
				${causeWords} || ' (' || ${vnDay(sql`x.since`)} || '), không có đề nghị thu hồi.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`jsonb_strip_nulls(jsonb_build_object('cause', x.cause, 'since', x.since,
				'status', case when x.cause = 'holder_left' then x.detail end,
				'agency_change', case when x.cause = 'agency_ended' then x.detail end,
				'due_at', ${due}, 'days_allowed', ${sql.lit(s.revocationDays)}, 'revoked_at', c.revoked_at))`
		})}
		from causes x join certificates c on c.id = x.certificate_id
		where c.status <> 'replaced' and c.not_before <= x.since and c.not_after > ${due}
			and ${due} <= ${now}::timestamptz
			and (c.revoked_at is null or c.revoked_at > ${due})
			and (c.revocation_requested_at is null or c.revocation_requested_at > ${due})
			and not exists (select 1 from lifecycle_requests r where r.certificate_id = c.id and ${LIVE_REQUEST}
				and r.submitted_at <= ${due}
				and (r.kind = 'revoke' or (r.kind = 'change' and x.detail = 'transferred')))`;
}

export function changeRequestMissing(
	now: Date,
	s: ObligationSettings = DEFAULT_OBLIGATION_RULES
): RawBuilder<unknown> {
	const window = days(s.changeRequestDays);
	const due = sql`(x.since + ${window})`;
	return sql`
		with changes as (
			select pp.person_id, null::int as agency_id, 'post'::text as cause, pp.valid_from as day,
				${dayStart(sql`pp.valid_from`)} as since,
				case when lower(btrim(prev.title)) <> lower(btrim(pp.title)) then prev.title end as title_before,
				case when lower(btrim(prev.title)) <> lower(btrim(pp.title)) then pp.title end as title_after,
				case when prev.agency_id <> pp.agency_id then ab.name end as name_before,
				case when prev.agency_id <> pp.agency_id then aa.name end as name_after
			from person_positions pp
			join person_positions prev on prev.person_id = pp.person_id and prev.valid_to = pp.valid_from - 1
			join agencies ab on ab.id = prev.agency_id
			join agencies aa on aa.id = pp.agency_id
			where lower(btrim(prev.title)) <> lower(btrim(pp.title)) or prev.agency_id <> pp.agency_id
			union all
			select null, ev.agency_id, 'agency_renamed', ev.effective_on, ${dayStart(sql`ev.effective_on`)},
				null, null, ev.details -> 'name' ->> 0, ev.details -> 'name' ->> 1
			from agency_events ev where ev.kind = 'renamed'
		),
		-- Two joins rather than one with OR, so that each reads certificates by its own key.
		affected as (
			select x.*, c.id as certificate_id, c.not_before, c.not_after, c.revoked_at from changes x
			join certificates c on c.kind = 'individual' and c.person_id = x.person_id
			union all
			select x.*, c.id, c.not_before, c.not_after, c.revoked_at from changes x
			join certificates c on c.kind = 'organisation' and c.agency_id = x.agency_id
		)
		select ${findingColumns('change_request_missing', {
			dedupe: sql`'change_request_missing:' || c.fingerprint_sha256 || ':' || x.cause || ':' || x.day`,
			summary: sql`'Chứng thư "' || c.subject_cn || '": ' || case x.cause when 'agency_renamed'
					then 'cơ quan đổi tên thành "' || coalesce(x.name_after, '') || '"'
					when 'post' then case when x.name_after is not null
						then 'người giữ chuyển sang "' || x.name_after || '"' else 'người giữ đổi chức danh thành "' || x.title_after || '"' end
					end || ' từ ' || ${vnDay(sql`x.since`)} || ' nhưng không có đề nghị thay đổi thông tin trong ' || ${sql.lit(s.changeRequestDays)} || ' ngày.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`jsonb_strip_nulls(jsonb_build_object('cause', x.cause, 'since', x.day, 'title_before', x.title_before,
				'title_after', x.title_after, 'name_before', x.name_before, 'name_after', x.name_after,
				'due_at', ${due}, 'days_allowed', ${sql.lit(s.changeRequestDays)}))`
		})}
		from affected x join certificates c on c.id = x.certificate_id
		where x.not_before < x.since and x.not_after > ${due} and ${due} <= ${now}::timestamptz
			and (x.revoked_at is null or x.revoked_at > ${due})
			and not exists (select 1 from lifecycle_requests r where r.kind in ('change', 'revoke') and ${LIVE_REQUEST}
				and r.submitted_at >= x.since - ${window} and r.submitted_at <= ${due}
				and (r.certificate_id = c.id or (r.certificate_id is null and (r.person_id = c.person_id
					or (c.kind = 'organisation' and r.person_id is null and r.agency_id = c.agency_id)))))
			and not exists (select 1 from certificates n where n.kind = c.kind and n.id <> c.id
				and n.person_id is not distinct from c.person_id and (c.kind = 'individual' or n.agency_id = c.agency_id)
				and n.not_before >= x.since - ${window} and n.not_before <= ${due})`;
}
