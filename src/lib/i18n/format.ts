// Vietnamese formats for pages: dd/MM/yyyy and 24-hour time in Vietnam time (implemented in
// $lib/time/vietnam, re-exported here because every page imports its formats from this module),
// and '.' for thousands.
export { formatDate, formatDateTime, formatIsoVietnam, vietnamDay } from '../time/vietnam';

const numberFmt = new Intl.NumberFormat('vi-VN');

export function formatNumber(n: number | null | undefined): string {
	return n == null ? '' : numberFmt.format(n);
}
