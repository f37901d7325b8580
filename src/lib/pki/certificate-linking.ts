// Links an imported certificate to the inventory: an organisation certificate to its agency, an individual's to the
// person (official e-mail first, then name within the agency), or says why it could not be linked. Pure function:
// the caller loads the candidate lists from the database.
import { fold, foldAscii, type CertificateDescription } from './certificate-describe';

export interface AgencyCandidate {
	id: string;
	name: string;
	aliases?: readonly string[];
}

export interface PersonCandidate {
	id: string;
	fullName: string;
	email?: string | null;
	agencyId?: string | null;
}

export type LinkFailure =
	| 'CA_CERTIFICATE'
	| 'DEVICE_CERTIFICATE'
	| 'NO_AGENCY_MATCH'
	| 'AMBIGUOUS_AGENCY'
	| 'NO_PERSON_MATCH'
	| 'AMBIGUOUS_PERSON'
	| 'NO_NAME';

export const LINK_FAILURE_VI: Record<LinkFailure, string> = {
	CA_CERTIFICATE: 'Chứng thư của CA, không thuộc thuê bao nào.',
	DEVICE_CERTIFICATE: 'Chứng thư thiết bị/dịch vụ: cần gán thủ công cho cơ quan quản lý.',
	NO_AGENCY_MATCH: 'Không tìm thấy cơ quan có tên trùng với tên trong chứng thư.',
	AMBIGUOUS_AGENCY: 'Có nhiều cơ quan trùng tên với chứng thư: cần chọn thủ công.',
	NO_PERSON_MATCH: 'Không tìm thấy cán bộ trùng thư điện tử hoặc họ tên trong chứng thư.',
	AMBIGUOUS_PERSON: 'Có nhiều cán bộ trùng họ tên: cần chọn thủ công.',
	NO_NAME: 'Chứng thư không có tên chủ thể (CN).'
};

export type LinkResult =
	| { linked: true; kind: 'agency'; agencyId: string; matchedBy: 'name' | 'name-without-diacritics' }
	| {
			linked: true;
			kind: 'person';
			personId: string;
			agencyId: string | null;
			matchedBy: 'email' | 'name-and-agency' | 'name';
	  }
	| { linked: false; reason: LinkFailure; message: string; candidateIds: string[] };

const no = (reason: LinkFailure, candidateIds: string[] = []): LinkResult => ({
	linked: false,
	reason,
	message: LINK_FAILURE_VI[reason],
	candidateIds
});

function matchAgencies(
	name: string,
	agencies: readonly AgencyCandidate[]
): { ids: string[]; by: 'name' | 'name-without-diacritics' } {
	const names = (a: AgencyCandidate) => [a.name, ...(a.aliases ?? [])];
	const exact = agencies.filter((a) => names(a).some((n) => fold(n) === fold(name)));
	if (exact.length) return { ids: exact.map((a) => a.id), by: 'name' };
	const loose = agencies.filter((a) => names(a).some((n) => foldAscii(n) === foldAscii(name)));
	return { ids: loose.map((a) => a.id), by: 'name-without-diacritics' };
}

export function linkCertificate(
	d: CertificateDescription,
	c: { agencies: readonly AgencyCandidate[]; people: readonly PersonCandidate[] }
): LinkResult {
	if (d.isCa) return no('CA_CERTIFICATE');
	if (d.kind === 'device') return no('DEVICE_CERTIFICATE');
	if (!d.subjectCn) return no('NO_NAME');
	if (d.kind === 'organisation') {
		const m = matchAgencies(d.subjectCn, c.agencies);
		if (m.ids.length === 1) return { linked: true, kind: 'agency', agencyId: m.ids[0]!, matchedBy: m.by };
		return m.ids.length ? no('AMBIGUOUS_AGENCY', m.ids) : no('NO_AGENCY_MATCH');
	}
	if (d.email) {
		const byMail = c.people.filter((p) => p.email && fold(p.email) === fold(d.email!));
		if (byMail.length === 1)
			return {
				linked: true,
				kind: 'person',
				personId: byMail[0]!.id,
				agencyId: byMail[0]!.agencyId ?? null,
				matchedBy: 'email'
			};
	}
	const byName = c.people.filter((p) => fold(p.fullName) === fold(d.subjectCn!));
	if (!byName.length) return no('NO_PERSON_MATCH');
	const unitNames = [d.organisationalUnit, d.organisation].filter((x): x is string => !!x);
	const agencyIds = new Set(unitNames.flatMap((u) => matchAgencies(u, c.agencies).ids));
	const inAgency = byName.filter((p) => p.agencyId && agencyIds.has(p.agencyId));
	if (inAgency.length === 1)
		return {
			linked: true,
			kind: 'person',
			personId: inAgency[0]!.id,
			agencyId: inAgency[0]!.agencyId ?? null,
			matchedBy: 'name-and-agency'
		};
	if (byName.length === 1 && !inAgency.length)
		return {
			linked: true,
			kind: 'person',
			personId: byName[0]!.id,
			agencyId: byName[0]!.agencyId ?? null,
			matchedBy: 'name'
		};
	return no(
		'AMBIGUOUS_PERSON',
		(inAgency.length ? inAgency : byName).map((p) => p.id)
	);
}
