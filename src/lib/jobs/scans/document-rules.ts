// The Decree 30/2020 document rules over signing events, per document. The events of one document
// are the outgoing events that carry its number and symbol for its agency in one year (the
// competent person's signature, then the clerk's organisation signature, attachments and copies
// under the same number; the document systems report them so). Four rules:
//  - document_number_invalid: the number and symbol do not follow Decree 30 (Art. 15 and
//    Appendix I): a number from 01 (two digits at least), for a normative document the year,
//    then the symbol: the kind's abbreviation and the agency's ("12/QĐ-UBND"), or for a letter
//    the agency's and the drafting unit's ("45/UBND-VP"), joined by hyphens;
//  - document_number_duplicate: one number and symbol carried by more than one competent
//    person's signature of one agency in one year (numbers are unique per agency per year);
//  - org_signed_before_person: an organisation signature with no competent person's signature
//    on the document before it (Art. 32: the clerk signs only what the competent person signed;
//    copies and attachments, form 'copy' and 'attachment', are the clerk's alone);
//  - signing_time_zone_slip: a signature seven hours (± the tolerance) off the competent person's,
//    as a signing tool writing local time as if it were UTC would make it; a hint only.
import { sql, type RawBuilder } from 'kysely';
import type { FindingKind } from '../../domain/findings';
import { findingColumns, vnTime } from './columns';
import { settingDefault, type DocumentRuleSettings } from '../../server/settings/catalogue';

export type { DocumentRuleSettings };
export const DEFAULT_DOCUMENT_RULES: DocumentRuleSettings = settingDefault('jobs.document_rules');

export const DOCUMENT_KINDS: FindingKind[] = [
	'document_number_invalid',
	'document_number_duplicate',
	'org_signed_before_person',
	'signing_time_zone_slip'
];

/** The signing forms of the competent person (own name, KT., TL., TUQ., TM., Q.). */
export const PERSON_FORMS = ['own', 'kt', 'tl', 'tuq', 'tm', 'q'] as const;

/**
 * One part of a symbol: an abbreviation that starts with a capital (Đ included) and may mix case
 * and digits (QĐ, QyĐ, CTr, TTr, SGDĐT, SNgV, KH&CN). Written with explicit letters so that
 * PostgreSQL's regular expressions and JavaScript's agree whatever the database's locale.
 */
const PART = '[A-ZĐ][A-Za-zĐđ0-9&]*';
/** Number (01-09 or 10 and up), optional year (normative documents), then two to four parts. */
export const DECREE30_NUMBER_PATTERN = `^(0[1-9]|[1-9][0-9]+)(/[0-9]{4})?/${PART}(-${PART}){1,3}$`;
const NUMBER_RE = new RegExp(DECREE30_NUMBER_PATTERN);

/** Whether a document's number and symbol follow Decree 30 (the same test the scan runs in SQL). */
export function isDecree30Number(s: string): boolean {
	return NUMBER_RE.test(s);
}

const VN = sql.lit('Asia/Ho_Chi_Minh');
const personForms = sql.join(PERSON_FORMS.map((f) => sql.lit(f)));
const SEVEN_HOURS = 7 * 3600;

/**
 * Over the events of one document (alias `e`, grouped by agency_id, year, number): whether one of
 * the four rules can fire on it; each test is implied by its rule, so a document that fails them
 * all has no finding.
 *  - document_number_invalid: the number does not match the pattern (tested once per document);
 *  - document_number_duplicate: more than one competent person's signature;
 *  - org_signed_before_person: an organisation signature with no competent person's signature at
 *    or before the first one (none at all, or the first person's signature later);
 *  - signing_time_zone_slip: a signature 7 h ± the tolerance off the first competent person's
 *    needs an event at least 7 h - tolerance after it (the last event) or before it (the first).
 */
export function mayFire(s: DocumentRuleSettings, alias: string): RawBuilder<boolean> {
	const e = sql.raw(alias);
	const near = sql.lit(SEVEN_HOURS - s.zoneSlipToleranceMinutes * 60);
	const person = sql`min(${e}.signed_at) filter (where ${e}.signing_form in (${personForms}))`;
	const org = sql`min(${e}.signed_at) filter (where ${e}.signing_form = 'org')`;
	return sql<boolean>`(count(*) filter (where ${e}.signing_form in (${personForms})) > 1
		or (${org} is not null and (${person} is null or ${person} > ${org}))
		or (${person} is not null and (extract(epoch from max(${e}.signed_at) - ${person}) >= ${near}
			or extract(epoch from ${person} - min(${e}.signed_at)) >= ${near}))
		or ${e}.number !~ ${DECREE30_NUMBER_PATTERN})`;
}

/** The largest tolerance the setting allows (jobs.document_rules), in minutes. */
const MAX_TOLERANCE = 180;

/**
 * mayFireState for every tolerance up to MAX_TOLERANCE (a slip is then at least 4 h from the first
 * competent signature), over a row of signing_document_state (alias `d`): word for word the
 * predicate of the partial index signing_document_state_may_fire_idx (migration 2026_12_12_0220),
 * so that a query adding it reads that index's few rows instead of the whole table.
 */
export function mayFireAnyTolerance(alias: string): RawBuilder<boolean> {
	const d = sql.raw(alias);
	return sql<boolean>`(not ${d}.number_valid or ${d}.person_events > 1
	or (${d}.first_org_at is not null and (${d}.first_person_at is null or ${d}.first_person_at > ${d}.first_org_at))
	or ${d}.last_at - ${d}.first_person_at >= interval '4 hours' or ${d}.first_person_at - ${d}.first_at >= interval '4 hours')`;
}

/**
 * mayFire over a row of signing_document_state (alias `d`), which holds the aggregates it reads:
 * the count of competent signatures, the first of them, the first organisation signature, the
 * first and last event, and the number's test (number_valid).
 */
export function mayFireState(s: DocumentRuleSettings, alias: string): RawBuilder<boolean> {
	const d = sql.raw(alias);
	// The setting never exceeds MAX_TOLERANCE; were it to, the index's condition would not hold.
	const indexed = s.zoneSlipToleranceMinutes <= MAX_TOLERANCE ? mayFireAnyTolerance(alias) : sql`true`;
	const near = sql.lit(SEVEN_HOURS - s.zoneSlipToleranceMinutes * 60);
	return sql<boolean>`((${d}.person_events > 1
		or (${d}.first_org_at is not null and (${d}.first_person_at is null or ${d}.first_person_at > ${d}.first_org_at))
		or (${d}.first_person_at is not null and (extract(epoch from ${d}.last_at - ${d}.first_person_at) >= ${near}
			or extract(epoch from ${d}.first_person_at - ${d}.first_at) >= ${near}))
		or not ${d}.number_valid) and ${indexed})`;
}

/**
 * The findings of the four rules over `docs`: a query of the documents to judge (agency_id, number,
 * and the first and last signing time of its events in one year: documentYears of
 * document-spans.ts, distinct), or null for every document: the rules' reference form, which the
 * scan no longer runs (a full run passes documentCandidates' documents, 24 s against about 3 s at
 * scale 10) and document-candidates.test.ts compares both paths with. Each document's events
 * are read by the (document_agency_id, document_number) index within that span, so the read visits
 * only those months' partitions; `within` (withinSpans) bounds them all by literals, so that the
 * statement is planned for those months only.
 */
export function documentRules(
	s: DocumentRuleSettings = DEFAULT_DOCUMENT_RULES,
	docs: RawBuilder<unknown> | null = null,
	within: RawBuilder<boolean> = sql<boolean>`true`
): RawBuilder<unknown> {
	const events = docs
		? sql`(${docs}) t
			cross join lateral (
				select * from signing_events e where e.document_agency_id = t.agency_id and e.document_number = t.number
					and e.signed_at >= t.first_at and e.signed_at <= t.last_at and ${within}
					and extract(year from e.signed_at at time zone ${VN})::int = t.year
				offset 0) e`
		: sql`signing_events e`;
	const tolerance = s.zoneSlipToleranceMinutes * 60;
	// Each signature with its document's first competent person's signature (p.first_at, p.first_id).
	// A few documents: a window over their events, because the planner, which cannot count the
	// documents passed in, otherwise joins the signatures to p by nested loops (3.9 million
	// comparisons for one day at scale 10); every document: a hash join with p.
	const withFirst = (alias: string, inner: boolean) => {
		const a = sql.raw(alias);
		return docs
			? sql`(select d.*, min(d.signed_at) filter (where d.signing_form in (${personForms})) over w as person_first_at,
					first_value(d.id) over (w order by d.signing_form in (${personForms}) desc, d.signed_at, d.id) as person_first_id
				from d window w as (partition by d.agency_id, d.year, d.number)) ${a}
				cross join lateral (select ${a}.person_first_at as first_at, ${a}.person_first_id as first_id) p`
			: sql`d ${a} ${inner ? sql`join` : sql`left join`} p on p.agency_id = ${a}.agency_id and p.year = ${a}.year and p.number = ${a}.number`;
	};
	const read = sql`select e.id, e.signed_at, e.signing_form, e.certificate_id, e.acting_person_id, e.source_id,
				e.document_agency_id as agency_id, e.document_number as number,
				extract(year from e.signed_at at time zone ${VN})::int as year
			from ${events}
			where e.direction = 'outgoing' and e.document_number is not null and e.document_agency_id is not null`;
	// Documents passed in: the rules below run on the events of those a rule can fire on only.
	const d = docs
		? sql`r as materialized (${read}),
		d as materialized (
			select r.* from r join (select r.agency_id, r.year, r.number from r group by 1, 2, 3
				having ${mayFire(s, 'r')}) k on k.agency_id = r.agency_id and k.year = r.year and k.number = r.number
		)`
		: sql`d as materialized (${read})`;
	return sql`
		with ${d},
		p as materialized (
			select d.agency_id, d.year, d.number, count(*)::int as n, min(d.signed_at) as first_at,
				(array_agg(d.id order by d.signed_at, d.id))[1] as first_id,
				(array_agg(d.certificate_id order by d.signed_at, d.id))[1] as certificate_id,
				(array_agg(d.acting_person_id order by d.signed_at, d.id))[1] as person_id,
				(array_agg(d.id order by d.signed_at, d.id))[1:5] as event_ids,
				array_agg(d.signed_at order by d.signed_at, d.id) as times
			from d where d.signing_form in (${personForms})
			group by d.agency_id, d.year, d.number
		)
		select ${findingColumns('document_number_invalid', {
			dedupe: sql`'document_number_invalid:' || b.agency_id || ':' || b.year || ':' || b.number`,
			summary: sql`'Số, ký hiệu "' || b.number || '" của văn bản ' || a.name || ' (ký lúc ' || ${vnTime(sql`b.first_at`)} || ') không đúng thể thức Nghị định 30/2020 (ví dụ đúng: 12/QĐ-UBND, 45/UBND-VP).'`,
			agency: sql`b.agency_id`,
			certificate: sql`b.certificate_id`,
			person: sql`b.person_id`,
			evidence: sql`jsonb_build_object('document_number', b.number, 'year', b.year, 'events', b.n,
				'first_at', b.first_at, 'event_ids', b.event_ids)`
		})}
		from (
			select d.agency_id, d.year, d.number, count(*)::int as n, min(d.signed_at) as first_at,
				(array_agg(d.certificate_id order by d.signing_form in (${personForms}) desc, d.signed_at, d.id))[1] as certificate_id,
				(array_agg(d.acting_person_id order by d.signing_form in (${personForms}) desc, d.signed_at, d.id))[1] as person_id,
				(array_agg(d.id order by d.signed_at, d.id))[1:5] as event_ids
			from d where d.number !~ ${DECREE30_NUMBER_PATTERN}
			group by d.agency_id, d.year, d.number
		) b join agencies a on a.id = b.agency_id
		union all
		select ${findingColumns('document_number_duplicate', {
			dedupe: sql`'document_number_duplicate:' || p.agency_id || ':' || p.year || ':' || p.number`,
			summary: sql`'Số, ký hiệu "' || p.number || '" được dùng cho ' || p.n || ' văn bản của ' || a.name || ' trong năm ' || p.year || ' (người có thẩm quyền ký lúc ' || (select string_agg(${vnTime(sql`t`)}, ', ') from unnest(p.times[1:5]) t) || ').'`,
			agency: sql`p.agency_id`,
			certificate: sql`p.certificate_id`,
			person: sql`p.person_id`,
			evidence: sql`jsonb_build_object('document_number', p.number, 'year', p.year, 'documents_signed', p.n,
				'signed_times', to_jsonb(p.times[1:5]), 'event_ids', p.event_ids)`
		})}
		from p join agencies a on a.id = p.agency_id
		where p.n > 1
		union all
		select ${findingColumns('org_signed_before_person', {
			dedupe: sql`'org_signed_before_person:' || o.source_id`,
			summary: sql`'Văn bản số ' || o.number || ' được ký số bằng chứng thư tổ chức "' || c.subject_cn || '" lúc ' || ${vnTime(sql`o.signed_at`)} || case when p.first_at is null
				then ', nhưng không có chữ ký số của người có thẩm quyền trên văn bản.'
				else ', trước khi người có thẩm quyền ký (' || ${vnTime(sql`p.first_at`)} || ').' end`,
			agency: sql`o.agency_id`,
			certificate: sql`o.certificate_id`,
			person: sql`o.acting_person_id`,
			token: sql`c.token_id`,
			evidence: sql`jsonb_build_object('document_number', o.number, 'event_id', o.id, 'signed_at', o.signed_at,
				'person_signed_at', p.first_at)`
		})}
		from ${withFirst('o', false)}
		join certificates c on c.id = o.certificate_id
		where o.signing_form = 'org' and (p.first_at is null or p.first_at > o.signed_at)
		union all
		select ${findingColumns('signing_time_zone_slip', {
			dedupe: sql`'signing_time_zone_slip:' || x.source_id`,
			summary: sql`'Văn bản số ' || x.number || ': chữ ký lúc ' || ${vnTime(sql`x.signed_at`)} || ' lệch ' || round(abs(extract(epoch from x.signed_at - p.first_at)) / 60)::int || ' phút so với chữ ký của người có thẩm quyền (' || ${vnTime(sql`p.first_at`)} || '), gần đúng 7 giờ: có thể phần mềm ký ghi giờ Việt Nam như giờ UTC.'`,
			agency: sql`x.agency_id`,
			certificate: sql`x.certificate_id`,
			person: sql`x.acting_person_id`,
			evidence: sql`jsonb_build_object('document_number', x.number, 'event_id', x.id, 'signed_at', x.signed_at,
				'person_signed_at', p.first_at, 'offset_minutes', round(extract(epoch from x.signed_at - p.first_at) / 60)::int)`
		})}
		from ${withFirst('x', true)}
		where p.first_at is not null and x.id <> p.first_id
			and abs(abs(extract(epoch from x.signed_at - p.first_at)) - ${sql.lit(SEVEN_HOURS)}) <= ${sql.lit(tolerance)}`;
}

/**
 * The document and year (Vietnam time) of a finding of these kinds (alias f): the year is in the
 * evidence of a number finding, and follows from the signing time of a signature finding.
 */
export const findingDocumentYear = sql`(f.agency_id, f.evidence->>'document_number',
	coalesce((f.evidence->>'year')::int, extract(year from (f.evidence->>'signed_at')::timestamptz at time zone ${VN})::int))`;
