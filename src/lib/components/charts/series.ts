// Shapes the overview's query rows into chart series (pure, shared by the page and its tests).
import type { Series } from './palette';
import { CERT_STATUSES, CHANNELS } from '../../domain';

/** 'YYYY-MM-DD' bucket → 'MM/YYYY'. */
export const monthLabel = (bucket: string) => `${bucket.slice(5, 7)}/${bucket.slice(0, 4)}`;

/** 'YYYY-MM-DD' bucket → dd/MM/yyyy (a day, or the Monday of a week). */
export const dayLabel = (bucket: string) =>
	`${bucket.slice(8, 10)}/${bucket.slice(5, 7)}/${bucket.slice(0, 4)}`;

export function monthSeries(
	points: { bucket: string; channel: string; n: number }[],
	channelLabel: (c: string) => string
): { labels: string[]; series: Series[] } {
	return bucketSeries(points, 'month', channelLabel);
}

/** Rows of (bucket, channel, n) → one series per channel over the sorted buckets. */
export function bucketSeries(
	points: { bucket: string; channel: string; n: number }[],
	bucket: 'day' | 'week' | 'month',
	channelLabel: (c: string) => string
): { labels: string[]; series: Series[] } {
	const buckets = [...new Set(points.map((p) => p.bucket))].sort();
	const channels = CHANNELS.filter((c) => points.some((p) => p.channel === c));
	const index = new Map(buckets.map((b, i) => [b, i]));
	const series = channels.map((c) => {
		const data = buckets.map(() => 0);
		for (const p of points) if (p.channel === c) data[index.get(p.bucket)!] = p.n;
		return { key: c, label: channelLabel(c), data };
	});
	return { labels: buckets.map(bucket === 'month' ? monthLabel : dayLabel), series };
}

export function statusTotals(rows: { status: string; kind: string; n: number }[]) {
	const byStatus: Record<string, number> = {};
	const activeByKind: Record<string, number> = {};
	for (const r of rows) {
		byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
		if (r.status === 'active') activeByKind[r.kind] = (activeByKind[r.kind] ?? 0) + r.n;
	}
	const statuses = CERT_STATUSES.filter((s) => (byStatus[s] ?? 0) > 0);
	return { byStatus, activeByKind, statuses, total: rows.reduce((s, r) => s + r.n, 0) };
}
