// The organisation: kinds of agency and the statuses of a person's employment.
export const AGENCY_KINDS = ['province', 'department', 'commune', 'ward', 'unit', 'external'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const PERSON_STATUSES = ['active', 'transferred', 'retired', 'resigned', 'deceased'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
