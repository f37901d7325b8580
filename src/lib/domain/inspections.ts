// Inspections (thanh tra, kiểm tra; Điều 14.3, 15.2): where an inspection stands.
export const INSPECTION_STATUSES = ['planned', 'in_progress', 'completed'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
