// The difference between an organisation workbook and the database: per agency and per person,
// new / changed (field: before → after) / unchanged, the rows the file no longer lists, and the
// problems only the database reveals: an agency code known nowhere, an agency tree with a cycle,
// a post or status dated before the one it would replace.
import { AGENCY_KIND_WORDS, labelOf } from './templates';
import { codeKey, columnOf, type AgencyRow, type OrganisationFile } from './organisation-rows';
import type { DbAgency, OrganisationState } from './organisation-state';
import { planPerson, type PersonPlan } from './person-plan';

export type { PersonPlan } from './person-plan';
export { statusText } from './person-plan';
import type { IssueList } from './sheet-reader';
import type { FieldChange, MissingEntry } from './types';

export interface AgencyPlan {
	row: AgencyRow;
	action: 'new' | 'changed' | 'unchanged';
	db: DbAgency | null;
	/** The code of the agency's parent in the database now. */
	dbParentCode: string | null;
	changes: FieldChange[];
}

export interface OrganisationPlan {
	agencies: AgencyPlan[];
	people: PersonPlan[];
	missing: MissingEntry[];
}

const change = (field: string, before: string | null, after: string | null): FieldChange[] =>
	(before ?? '') === (after ?? '') ? [] : [{ field, before: before || null, after: after || null }];

function checkTree(file: OrganisationFile, state: OrganisationState, issues: IssueList): Set<number> {
	const bad = new Set<number>();
	const sheet = file.sheets.agencies.name;
	const col = (key: string) => columnOf(file.sheets.agencies, key);
	const parentOf = new Map<string, string | null>();
	for (const a of state.agencies)
		parentOf.set(codeKey(a.code), a.parent_id ? codeKey(state.agencyById.get(a.parent_id)!.code) : null);
	for (const r of file.agencies) parentOf.set(codeKey(r.code), r.parentCode ? codeKey(r.parentCode) : null);
	for (const r of file.agencies) {
		if (!r.parentCode) continue;
		const key = codeKey(r.parentCode);
		const inDb = state.agencyByCode.get(key);
		if (!file.agencyCodesInFile.has(key) && !inDb) {
			issues.error(
				sheet,
				r.row,
				col('parentCode'),
				`Mã cơ quan cấp trên "${r.parentCode}" không có trong tệp và trong hệ thống.`
			);
			bad.add(r.row);
		} else if (inDb && !inDb.active && !file.agencyCodesInFile.has(key)) {
			issues.error(
				sheet,
				r.row,
				col('parentCode'),
				`Cơ quan cấp trên "${r.parentCode}" đã kết thúc hoạt động (sáp nhập hoặc giải thể).`
			);
			bad.add(r.row);
		}
	}
	const rowOf = new Map(file.agencies.map((r) => [codeKey(r.code), r]));
	const reported = new Set<string>();
	for (const r of file.agencies) {
		const chain: string[] = [codeKey(r.code)];
		for (let p = parentOf.get(chain[0]!); p; p = parentOf.get(p) ?? null) {
			const at = chain.indexOf(p);
			if (at >= 0) {
				const cycle = [...chain.slice(at), p];
				for (const code of chain.slice(at)) {
					const row = rowOf.get(code);
					if (!row || reported.has(code)) continue;
					reported.add(code);
					bad.add(row.row);
					issues.error(
						sheet,
						row.row,
						col('parentCode'),
						`Vòng lặp trong cây cơ quan: ${cycle.join(' → ')}.`
					);
				}
				break;
			}
			chain.push(p);
		}
	}
	return bad;
}

function planAgencies(file: OrganisationFile, state: OrganisationState, issues: IssueList): AgencyPlan[] {
	const bad = checkTree(file, state, issues);
	const plans: AgencyPlan[] = [];
	for (const r of file.agencies) {
		if (bad.has(r.row)) continue;
		const db = state.agencyByCode.get(codeKey(r.code)) ?? null;
		if (db && !db.active) {
			issues.warning(
				file.sheets.agencies.name,
				r.row,
				null,
				`Cơ quan "${r.code}" đã kết thúc hoạt động (sáp nhập hoặc giải thể); dòng này không được áp dụng.`
			);
			continue;
		}
		const parentCode = db?.parent_id ? state.agencyById.get(db.parent_id)!.code : null;
		const changes = db
			? [
					...change('Tên', db.name, r.name),
					...change('Tên viết tắt', db.short_name, r.shortName),
					...change('Loại', labelOf(AGENCY_KIND_WORDS, db.kind), labelOf(AGENCY_KIND_WORDS, r.kind)),
					...change(
						'Cơ quan cấp trên',
						parentCode && codeKey(parentCode),
						r.parentCode && codeKey(r.parentCode)
					)
				]
			: [
					...change('Tên', null, r.name),
					...change('Tên viết tắt', null, r.shortName),
					...change('Loại', null, labelOf(AGENCY_KIND_WORDS, r.kind)),
					...change('Cơ quan cấp trên', null, r.parentCode)
				];
		plans.push({
			row: r,
			db,
			dbParentCode: parentCode && codeKey(parentCode),
			changes,
			action: !db ? 'new' : changes.length ? 'changed' : 'unchanged'
		});
	}
	return plans;
}

export function planOrganisation(
	file: OrganisationFile,
	state: OrganisationState,
	issues: IssueList,
	today: string
): OrganisationPlan {
	const agencies = planAgencies(file, state, issues);
	const people: PersonPlan[] = [];
	const codeRef = columnOf(file.sheets.people, 'agencyCode');
	const sheet = file.sheets.people.name;
	const rowOfPerson = new Map<number, number>();
	for (const r of file.people) {
		const key = codeKey(r.agencyCode);
		const inDb = state.agencyByCode.get(key);
		if (!file.agencyCodesInFile.has(key) && !inDb) {
			issues.error(
				sheet,
				r.row,
				codeRef,
				`Mã cơ quan "${r.agencyCode}" không có trong tệp và trong hệ thống.`
			);
			continue;
		}
		if (inDb && !inDb.active && !file.agencyCodesInFile.has(key)) {
			issues.error(
				sheet,
				r.row,
				codeRef,
				`Cơ quan "${r.agencyCode}" đã kết thúc hoạt động (sáp nhập hoặc giải thể).`
			);
			continue;
		}
		const plan = planPerson(r, state, issues, file.sheets.people, today);
		// Two rows can reach one recorded person only through the e-mail of someone without a national id.
		const first = plan?.db ? rowOfPerson.get(plan.db.id) : undefined;
		if (first !== undefined) {
			issues.error(
				sheet,
				r.row,
				columnOf(file.sheets.people, 'email'),
				`Email ${r.email} là của cán bộ đã ghi ở dòng ${first}.`
			);
			continue;
		}
		if (plan?.db) rowOfPerson.set(plan.db.id, r.row);
		if (plan) people.push(plan);
	}
	const missing: MissingEntry[] = [];
	// A sheet left empty means "nothing about these": only a sheet with rows says who is missing.
	if (file.agencies.length)
		for (const a of state.agencies)
			if (a.active && !file.agencyCodesInFile.has(codeKey(a.code)))
				missing.push({
					entity: 'agency',
					key: a.code,
					label: a.name,
					detail: labelOf(AGENCY_KIND_WORDS, a.kind)
				});
	if (file.people.length) {
		const inFile = new Set(people.map((p) => p.db?.id));
		for (const p of state.people)
			if (
				p.status === 'active' &&
				!inFile.has(p.id) &&
				!(p.national_id && file.nationalIdsInFile.has(p.national_id))
			)
				missing.push({
					entity: 'person',
					key: p.national_id ?? `#${p.id}`,
					label: p.full_name,
					detail: `${p.title}, ${state.agencyById.get(p.agency_id)?.code ?? ''}`
				});
	}
	return { agencies, people, missing };
}
