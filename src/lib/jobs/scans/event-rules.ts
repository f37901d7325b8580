// Misuse rules over signing events, set-based. Two groups so that the scan reads the events
// table about twice, whatever its size:
//  - the pass rules (`scanPassRules`): two narrow grouped reads of the events (no join, no
//    per-event time-zone work) find the candidate groups and the burst/night buckets
//    (`candidateEvents`); only their events are fetched back by index and run through the
//    per-event rules (`flaggedEvents`, joined to certificates, people, agencies; the dated
//    title, clerk and delegation conditions of holder-rules.ts), then fanned out per kind;
//    bursts are counted on the candidate buckets only;
//  - certificate-first rules (`certificateFirstRules`): few certificates (revoked, expired,
//    lost token, holder left) and their events after the cut-off through the
//    (certificate_id, signed_at) index.
// Findings are aggregated per certificate (and acting person, title, day…) with evidence:
// event count, first and last time, sample document numbers.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../server/db/schema';
import type { FindingKind } from '../../domain/findings';
import { findingColumns, vnDay, vnTime } from './columns';
import { mayUseOrgCertificate, titleHeld } from './holder-rules';
import { candidateEvents } from './candidate-events';
import { settingDefault, type EventRuleSettings } from '../../server/settings/catalogue';

export type { EventRuleSettings };
/** The setting jobs.misuse_rules' default (night 22 → 5, bursts of 30 in 10 minutes). */
export const DEFAULT_EVENT_RULES: EventRuleSettings = settingDefault('jobs.misuse_rules');

export const PASS_KINDS: FindingKind[] = [
	'org_cert_non_clerk',
	'title_mismatch',
	'on_behalf_wrong_cert',
	'others_certificate_used',
	'secret_document_signed',
	'cross_agency_use',
	'incoming_accepted_invalid',
	'incoming_not_verified',
	'public_ca_certificate',
	'unusual_pattern'
];
export const CERTIFICATE_FIRST_KINDS: FindingKind[] = [
	'signed_after_expiry',
	'signed_after_revocation',
	'lost_token_signing',
	'holder_left'
];

const VN = sql.lit('Asia/Ho_Chi_Minh');
const evidenceAgg = sql`jsonb_build_object('events', count(*), 'first_at', min(f.signed_at), 'last_at', max(f.signed_at),
	'documents', (array_agg(f.document_number order by f.signed_at) filter (where f.document_number is not null))[1:5],
	'event_ids', (array_agg(f.id order by f.signed_at))[1:5])`;

/** Flags per event over `source` (rows shaped like signing_events, alias e), only flagged events kept. */
export function flaggedEvents(s: EventRuleSettings, source: RawBuilder<unknown>): RawBuilder<unknown> {
	const hour = sql`extract(hour from e.signed_at at time zone ${VN})`;
	const day = sql`(e.signed_at at time zone ${VN})::date`;
	const nonClerk = sql`(c.kind = 'organisation' and e.direction = 'outgoing'
		and not ${mayUseOrgCertificate(sql`e.acting_person_id`, day, day)})`;
	const wrongTitle = sql`(c.kind = 'individual' and e.direction = 'outgoing' and e.acting_title is not null
		and not ${titleHeld(sql`e.acting_title`, day, day)})`;
	const wrongOnBehalf = sql`(e.signing_form in ('kt', 'tl', 'tuq') and (c.kind <> 'individual' or c.person_id is distinct from e.acting_person_id))`;
	// Signing in the holder's own name (or TM./Q.) with another person's individual certificate (Điều 8.4).
	const othersCert = sql`(c.kind = 'individual' and e.direction = 'outgoing' and e.signing_form in ('own', 'tm', 'q')
		and e.acting_person_id is not null and c.person_id is distinct from e.acting_person_id)`;
	const crossAgency = sql`(e.direction = 'outgoing' and da.id is not null and ag.id is not null and left(da.path, length(ag.path)) <> ag.path)`;
	const acceptedInvalid = sql`(e.direction = 'incoming' and e.accepted and e.incoming_indication <> 'TOTAL_PASSED')`;
	// Recorded (not refused) with no verification result at all (Điều 17.3).
	const notVerified = sql`(e.direction = 'incoming' and e.accepted is not false and e.incoming_indication is null)`;
	const publicCa = sql`(c.public_ca and e.direction = 'outgoing')`;
	const night = sql`(e.direction = 'outgoing' and (${hour} >= ${s.nightStartHour} or ${hour} < ${s.nightEndHour}))`;
	return sql`
		select e.id, e.signed_at, e.document_number, e.document_agency_id, e.acting_person_id, e.acting_title,
			e.signing_form, e.classification, e.incoming_indication, e.accepted, e.source_id,
			c.id as certificate_id, c.fingerprint_sha256 as fp, c.subject_cn, c.agency_id as cert_agency_id,
			c.person_id as holder_id, c.token_id,
			${nonClerk} as non_clerk,
			${wrongTitle} as wrong_title,
			${wrongOnBehalf} as wrong_on_behalf,
			${othersCert} as others_cert,
			(e.classification <> 'normal') as secret,
			${crossAgency} as cross_agency,
			${acceptedInvalid} as accepted_invalid,
			${notVerified} as not_verified,
			${publicCa} as public_ca,
			${night} as night
		from ${source} e
		join certificates c on c.id = e.certificate_id
		left join people p on p.id = c.person_id
		left join agencies ag on ag.id = c.agency_id
		left join agencies da on da.id = e.document_agency_id
		where ${nonClerk} or ${wrongTitle} or ${wrongOnBehalf} or ${othersCert} or e.classification <> 'normal'
			or ${crossAgency} or ${acceptedInvalid} or ${notVerified} or ${publicCa} or ${night}`;
}

/**
 * `candidates`: the events to judge (rows of signing_events); by default the candidate events of
 * the whole history (candidateEvents), for an incremental scan every event of the certificates
 * it touched (incremental-rules.ts).
 * `slots`: the burst buckets are counted per (bucket, certificate_id % slots), so that with many
 * certificates a bucket's count stays a useful bound (see `burstSlots`).
 */
const formWords = sql`case f.signing_form when 'own' then 'ký tên mình' else upper(f.signing_form) || '.' end`;

export function scanPassRules(
	s: EventRuleSettings = DEFAULT_EVENT_RULES,
	slots = 1,
	candidates: RawBuilder<unknown> = candidateEvents(s, slots)
): RawBuilder<unknown> {
	const bucketSeconds = s.burstMinutes * 60;
	return sql`
		with ev as materialized (${candidates}),
		f as materialized (${flaggedEvents(s, sql`ev`)})
		select ${findingColumns('org_cert_non_clerk', {
			dedupe: sql`'org_cert_non_clerk:' || f.fp || ':' || coalesce(f.acting_person_id::text, 'unknown')`,
			summary: sql`'Chứng thư tổ chức "' || min(f.subject_cn) || '" được sử dụng bởi người không phải văn thư được giao (' || count(*) || ' lần, từ ' || ${vnDay(sql`min(f.signed_at)`)} || ').'`,
			agency: sql`min(f.cert_agency_id)`,
			certificate: sql`min(f.certificate_id)`,
			person: sql`f.acting_person_id`,
			token: sql`min(f.token_id)`,
			evidence: evidenceAgg
		})} from f where f.non_clerk group by f.fp, f.acting_person_id
		union all
		select ${findingColumns('title_mismatch', {
			dedupe: sql`'title_mismatch:' || f.fp || ':' || md5(lower(btrim(f.acting_title)))`,
			summary: sql`'Chứng thư cá nhân "' || min(f.subject_cn) || '" được dùng với chức danh "' || min(f.acting_title) || '" mà người giữ không đảm nhiệm (' || count(*) || ' lần).'`,
			agency: sql`min(f.cert_agency_id)`,
			certificate: sql`min(f.certificate_id)`,
			person: sql`min(f.holder_id)`,
			evidence: sql`${evidenceAgg} || jsonb_build_object('acting_title', min(f.acting_title))`
		})} from f where f.wrong_title group by f.fp, lower(btrim(f.acting_title))
		union all
		select ${findingColumns('on_behalf_wrong_cert', {
			dedupe: sql`'on_behalf_wrong_cert:' || f.fp || ':' || coalesce(f.acting_person_id::text, 'unknown')`,
			summary: sql`'Ký thay/thừa lệnh/thừa ủy quyền (' || string_agg(distinct upper(f.signing_form), ', ') || ') bằng chứng thư "' || min(f.subject_cn) || '" không phải của người ký (' || count(*) || ' lần).'`,
			agency: sql`min(f.cert_agency_id)`,
			certificate: sql`min(f.certificate_id)`,
			person: sql`f.acting_person_id`,
			evidence: evidenceAgg
		})} from f where f.wrong_on_behalf group by f.fp, f.acting_person_id
		union all
		select ${findingColumns('others_certificate_used', {
			dedupe: sql`'others_certificate_used:' || f.fp || ':' || f.acting_person_id`,
			summary: sql`'Chứng thư cá nhân "' || min(f.subject_cn) || '" được người khác dùng để ký (' || string_agg(distinct ${formWords}, ', ' order by ${formWords}) || ', ' || count(*) || ' lần).'`,
			agency: sql`min(f.cert_agency_id)`,
			certificate: sql`min(f.certificate_id)`,
			person: sql`f.acting_person_id`,
			evidence: sql`${evidenceAgg} || jsonb_build_object('forms', array_agg(distinct f.signing_form),
				'holder', (select full_name from people where id = min(f.holder_id)),
				'acting_person', (select full_name from people where id = f.acting_person_id))`
		})} from f where f.others_cert group by f.fp, f.acting_person_id
		union all
		select ${findingColumns('secret_document_signed', {
			dedupe: sql`'secret_document_signed:' || f.fp || ':' || f.source_id`,
			summary: sql`'Văn bản ' || (case f.classification when 'confidential' then 'Mật' when 'secret' then 'Tối mật' when 'top_secret' then 'Tuyệt mật' else f.classification end) || ' ' || coalesce('số ' || f.document_number || ' ', '') || 'được ký số bằng chứng thư "' || f.subject_cn || '" lúc ' || ${vnTime(sql`f.signed_at`)} || '.'`,
			agency: sql`coalesce(f.document_agency_id, f.cert_agency_id)`,
			certificate: sql`f.certificate_id`,
			person: sql`f.acting_person_id`,
			evidence: sql`jsonb_build_object('event_id', f.id, 'signed_at', f.signed_at, 'classification', f.classification, 'document_number', f.document_number)`
		})} from f where f.secret
		union all
		select ${findingColumns('cross_agency_use', {
			dedupe: sql`'cross_agency_use:' || f.fp || ':' || f.document_agency_id`,
			summary: sql`'Chứng thư "' || min(f.subject_cn) || '" được dùng ký văn bản của cơ quan khác (' || count(*) || ' lần).'`,
			agency: sql`min(f.cert_agency_id)`,
			certificate: sql`min(f.certificate_id)`,
			person: sql`min(f.holder_id)`,
			evidence: sql`${evidenceAgg} || jsonb_build_object('document_agency_id', f.document_agency_id)`
		})} from f where f.cross_agency group by f.fp, f.document_agency_id
		union all
		select ${findingColumns('incoming_accepted_invalid', {
			dedupe: sql`'incoming_accepted_invalid:' || f.fp || ':' || f.source_id`,
			summary: sql`'Văn bản đến ' || coalesce('số ' || f.document_number || ' ', '') || 'được tiếp nhận dù kết quả kiểm tra chữ ký là ' || f.incoming_indication || '.'`,
			agency: sql`f.document_agency_id`,
			certificate: sql`f.certificate_id`,
			evidence: sql`jsonb_build_object('event_id', f.id, 'signed_at', f.signed_at, 'indication', f.incoming_indication, 'document_number', f.document_number)`
		})} from f where f.accepted_invalid
		union all
		select ${findingColumns('incoming_not_verified', {
			dedupe: sql`'incoming_not_verified:' || f.fp || ':' || f.source_id`,
			summary: sql`'Văn bản đến ' || coalesce('số ' || f.document_number || ' ', '') || 'được ghi nhận mà không có kết quả kiểm tra chữ ký số.'`,
			agency: sql`f.document_agency_id`,
			certificate: sql`f.certificate_id`,
			evidence: sql`jsonb_build_object('event_id', f.id, 'signed_at', f.signed_at, 'accepted', f.accepted, 'document_number', f.document_number)`
		})} from f where f.not_verified
		union all
		select ${findingColumns('public_ca_certificate', {
			dedupe: sql`'public_ca_certificate:' || f.fp`,
			summary: sql`'Văn bản công vụ được ký bằng chứng thư của CA công cộng "' || min(f.subject_cn) || '" (' || count(*) || ' lần).'`,
			agency: sql`min(f.cert_agency_id)`,
			certificate: sql`min(f.certificate_id)`,
			person: sql`min(f.holder_id)`,
			evidence: evidenceAgg
		})} from f where f.public_ca group by f.fp
		union all
		select ${findingColumns('unusual_pattern', {
			dedupe: sql`'unusual_pattern:' || f.fp || ':night:' || to_char(f.signed_at at time zone ${VN}, 'YYYY-MM-DD')`,
			summary: sql`'Ký số ban đêm: chứng thư "' || min(f.subject_cn) || '" ký ' || count(*) || ' lần ngày ' || ${vnDay(sql`min(f.signed_at)`)} || ' trong khoảng 22:00-05:00.'`,
			agency: sql`min(f.cert_agency_id)`,
			certificate: sql`min(f.certificate_id)`,
			person: sql`min(f.acting_person_id)`,
			evidence: sql`${evidenceAgg} || jsonb_build_object('pattern', 'night')`
		})} from f where f.night group by f.fp, to_char(f.signed_at at time zone ${VN}, 'YYYY-MM-DD')
		union all
		select ${findingColumns('unusual_pattern', {
			dedupe: sql`'unusual_pattern:' || c.fingerprint_sha256 || ':burst:' || b.bucket`,
			summary: sql`'Ký dồn dập: chứng thư "' || c.subject_cn || '" ký ' || b.n || ' lần trong ' || ${s.burstMinutes} || ' phút từ ' || ${vnTime(sql`b.first_at`)} || '.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			evidence: sql`jsonb_build_object('pattern', 'burst', 'events', b.n, 'first_at', b.first_at, 'last_at', b.last_at)`
		})}
		from (
			select e.certificate_id, extract(epoch from e.signed_at)::bigint / ${bucketSeconds} as bucket,
				count(*)::int as n, min(e.signed_at) as first_at, max(e.signed_at) as last_at
			from ev e where e.direction = 'outgoing'
			group by 1, 2 having count(*) >= ${s.burstCount}
		) b join certificates c on c.id = b.certificate_id`;
}

/**
 * Each rule reads a certificate's events only when certificate_last_use (a roll-up kept by the
 * triggers on signing_events) says it signed after the rule's cut-off: at scale 10 the expiry rule
 * otherwise probed the certificate index of every month after expiry for each of 9,300 expired
 * certificates, to find events for a handful.
 * `only`: the certificates to judge (an incremental scan: those of the new events, those whose
 * events or dated state changed, those that expired since the last run); all when absent.
 */
export function certificateFirstRules(now: Date, only?: readonly number[]): RawBuilder<unknown> {
	const within = only ? sql`c.id = any(${`{${only.join(',')}}`}::int[])` : sql`true`;
	const agg = sql`jsonb_build_object('events', count(*), 'first_at', min(e.signed_at), 'last_at', max(e.signed_at),
		'documents', (array_agg(e.document_number order by e.signed_at) filter (where e.document_number is not null))[1:5],
		'event_ids', (array_agg(e.id order by e.signed_at))[1:5])`;
	return sql`
		select ${findingColumns('signed_after_revocation', {
			dedupe: sql`'signed_after_revocation:' || c.fingerprint_sha256`,
			summary: sql`'Chứng thư "' || c.subject_cn || '" đã bị thu hồi ngày ' || ${vnDay(sql`c.revoked_at`)} || ' nhưng vẫn được dùng ký ' || count(*) || ' lần.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`${agg} || jsonb_build_object('revoked_at', c.revoked_at, 'reason', c.revocation_reason)`
		})}
		from certificates c join certificate_last_use u on u.certificate_id = c.id and u.last_signed_at > c.revoked_at
		cross join lateral (select e.* from signing_events e where e.certificate_id = c.id and e.signed_at > c.revoked_at offset 0) e
		where c.revoked_at is not null and ${within}
		group by c.id
		union all
		select ${findingColumns('signed_after_expiry', {
			dedupe: sql`'signed_after_expiry:' || c.fingerprint_sha256`,
			summary: sql`'Chứng thư "' || c.subject_cn || '" hết hạn ngày ' || ${vnDay(sql`c.not_after`)} || ' nhưng vẫn được dùng ký ' || count(*) || ' lần sau đó.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`${agg} || jsonb_build_object('not_after', c.not_after)`
		})}
		from certificates c join certificate_last_use u on u.certificate_id = c.id and u.last_signed_at > c.not_after
		cross join lateral (select e.* from signing_events e where e.certificate_id = c.id and e.signed_at > c.not_after offset 0) e
		where c.not_after < ${now}::timestamptz and ${within}
		group by c.id
		union all
		select ${findingColumns('lost_token_signing', {
			dedupe: sql`'lost_token_signing:' || c.fingerprint_sha256`,
			summary: sql`'Thiết bị lưu khóa của chứng thư "' || c.subject_cn || '" đã báo mất ngày ' || ${vnDay(sql`min(l.lost_at)`)} || ' nhưng chứng thư vẫn ký ' || count(*) || ' lần.'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`${agg} || jsonb_build_object('lost_at', min(l.lost_at))`
		})}
		from (select token_id, min(occurred_at) as lost_at from token_custody_events where event = 'lost' group by token_id) l
		join certificates c on c.token_id = l.token_id
		join certificate_last_use u on u.certificate_id = c.id and u.last_signed_at > l.lost_at
		join signing_events e on e.certificate_id = c.id and e.signed_at > l.lost_at
		where ${within}
		group by c.id
		union all
		select ${findingColumns('holder_left', {
			dedupe: sql`'holder_left:' || c.fingerprint_sha256`,
			summary: sql`'Chứng thư cá nhân "' || c.subject_cn || '" vẫn được dùng ký ' || count(*) || ' lần sau khi người giữ ' ||
				case p.status when 'retired' then 'nghỉ hưu' when 'resigned' then 'thôi việc' when 'transferred' then 'chuyển công tác' when 'deceased' then 'qua đời' else p.status end ||
				' (' || ${vnDay(sql`min(p.status_since)::timestamp at time zone ${VN}`)} || ').'`,
			agency: sql`c.agency_id`,
			certificate: sql`c.id`,
			person: sql`c.person_id`,
			token: sql`c.token_id`,
			evidence: sql`${agg} || jsonb_build_object('status', p.status, 'status_since', p.status_since)`
		})}
		from certificates c join people p on p.id = c.person_id
		join certificate_last_use u on u.certificate_id = c.id
			and u.last_signed_at >= (p.status_since::timestamp at time zone ${VN})
		join signing_events e on e.certificate_id = c.id and e.signed_at >= (p.status_since::timestamp at time zone ${VN})
		where c.kind = 'individual' and p.status <> 'active' and p.status_since is not null and ${within}
		group by c.id, p.id`;
}

/**
 * How many certificate slots the burst buckets are split into: enough that an ordinary bucket
 * holds on average an eighth of burstCount signatures of one slot (few false candidates), from
 * the planner's row count of the events and their time span (working hours about a third of
 * it). 1 on an unanalysed or small database.
 */
export async function burstSlots(db: Kysely<Database>, s: EventRuleSettings): Promise<number> {
	const { rows } = await sql<{ n: number; span: number | null }>`
		select (select coalesce(sum(greatest(c.reltuples, 0)), 0) from pg_inherits i join pg_class c on c.oid = i.inhrelid
				where i.inhparent = 'signing_events'::regclass)::float8 as n,
			extract(epoch from (select max(signed_at) from signing_events) - (select min(signed_at) from signing_events))::float8 as span`.execute(
		db
	);
	const r = rows[0];
	if (!r || !r.span || r.n <= 0) return 1;
	const activeBuckets = Math.max(1, r.span / (s.burstMinutes * 60) / 3);
	return Math.max(1, Math.min(4096, Math.ceil(r.n / (activeBuckets * (s.burstCount / 8)))));
}
