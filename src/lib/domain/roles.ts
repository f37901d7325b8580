// The roles a user may hold (several at once); what each may reach is in the route rules.
export const ROLES = ['admin', 'inspector', 'leader', 'report_staff', 'agency_officer'] as const;
export type Role = (typeof ROLES)[number];
