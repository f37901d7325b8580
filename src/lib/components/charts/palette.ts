// Colours of the dashboard charts: the sober red/gold of provincial documents, then neutral tones.
// Fixed per category (a channel keeps its colour on every chart) so readers learn them once.
export const PALETTE = [
	'#991b1b',
	'#ca8a04',
	'#1e3a8a',
	'#0f766e',
	'#6b7280',
	'#b45309',
	'#7c3aed',
	'#be185d',
	'#15803d'
];

export const CATEGORY_COLOURS: Record<string, string> = {
	qlvb: '#991b1b',
	dvc: '#ca8a04',
	email: '#1e3a8a',
	portal: '#0f766e',
	other: '#6b7280',
	active: '#15803d',
	expired: '#b45309',
	revoked: '#991b1b',
	replaced: '#6b7280',
	low: '#6b7280',
	medium: '#ca8a04',
	high: '#c2410c',
	critical: '#7f1d1d'
};

export function colourFor(key: string, index: number): string {
	return CATEGORY_COLOURS[key] ?? PALETTE[index % PALETTE.length]!;
}

/** One data series of a ChartFigure: a colour key, its legend label and one value per label. */
export interface Series {
	key: string;
	label: string;
	data: number[];
}
