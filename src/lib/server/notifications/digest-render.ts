// The daily digest as a message: subject, HTML and the plain-text alternative, in Vietnamese, the
// items grouped by agency, each linking to its page at the public origin. Pure: rows in, text out.
import { formatDate, formatDay } from '../../time/vietnam';
import { viLabel } from '../../i18n/values';
import type { DigestItem } from './digest-store';

export interface DigestMessage {
	subject: string;
	html: string;
	text: string;
}

export interface DigestInput {
	displayName: string;
	/** The digest's day in Vietnam, 'YYYY-MM-DD'. */
	day: string;
	origin: string;
	items: DigestItem[];
}

const NO_AGENCY = 'Chung (không thuộc riêng cơ quan nào)';

const escapeHtml = (s: string): string =>
	s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');

/** origin + a path inside the app; a link that is already absolute is kept as it is. */
export function itemUrl(origin: string, link: string): string {
	if (/^https?:\/\//i.test(link)) return link;
	return `${origin.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}

/** The items by agency, in the order given (the query sorts by agency name, then severity). */
export function groupByAgency(items: DigestItem[]): { agency: string; items: DigestItem[] }[] {
	const groups = new Map<string, DigestItem[]>();
	for (const item of items) {
		const key = item.agencyName ?? NO_AGENCY;
		const list = groups.get(key) ?? [];
		list.push(item);
		groups.set(key, list);
	}
	return [...groups].map(([agency, list]) => ({ agency, items: list }));
}

export function digestSubject(count: number, day: string): string {
	return `Kiểm Ký: ${count} việc cần xử lý ngày ${formatDay(day)}`;
}

function meta(item: DigestItem): string {
	const parts = [viLabel('severity', item.severity), viLabel('notificationKind', item.kind)];
	if (item.dueAt) parts.push(`hạn ${formatDate(item.dueAt)}`);
	return parts.join(' · ');
}

export function renderDigest(input: DigestInput): DigestMessage {
	const { origin, items, day } = input;
	const subject = digestSubject(items.length, day);
	const groups = groupByAgency(items);
	const centre = itemUrl(origin, '/thong-bao');
	const preferences = itemUrl(origin, '/thong-bao/cai-dat');
	const intro = `Ngày ${formatDay(day)} có ${items.length} việc cần xử lý trong phạm vi của anh/chị, chưa được đọc trên Kiểm Ký:`;

	const text = [
		`Kính gửi ${input.displayName},`,
		'',
		intro,
		...groups.flatMap((g) => [
			'',
			`== ${g.agency} (${g.items.length}) ==`,
			...g.items.flatMap((item) => [
				`- ${item.title}`,
				`  ${meta(item)}`,
				...(item.body ? [`  ${item.body}`] : []),
				`  ${itemUrl(origin, item.link)}`
			])
		]),
		'',
		`Xem tất cả thông báo: ${centre}`,
		`Chọn loại thông báo nhận qua thư: ${preferences}`,
		'',
		'Thư này do hệ thống Kiểm Ký gửi tự động, mỗi ngày một thư; vui lòng không trả lời.'
	].join('\n');

	const li = (item: DigestItem) =>
		`<li style="margin:0 0 10px"><a href="${escapeHtml(itemUrl(origin, item.link))}">${escapeHtml(item.title)}</a>` +
		`<br><small style="color:#555">${escapeHtml(meta(item))}</small>` +
		(item.body ? `<br>${escapeHtml(item.body)}` : '') +
		'</li>';
	const html = [
		'<!doctype html><html lang="vi"><head><meta charset="utf-8">',
		`<title>${escapeHtml(subject)}</title></head>`,
		'<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;line-height:1.4">',
		`<p>Kính gửi ${escapeHtml(input.displayName)},</p>`,
		`<p>${escapeHtml(intro)}</p>`,
		...groups.map(
			(g) =>
				`<h2 style="font-size:16px;margin:18px 0 8px">${escapeHtml(g.agency)} (${g.items.length})</h2>` +
				`<ul style="padding-left:20px">${g.items.map(li).join('')}</ul>`
		),
		`<p><a href="${escapeHtml(centre)}">Xem tất cả thông báo</a> · `,
		`<a href="${escapeHtml(preferences)}">Chọn loại thông báo nhận qua thư</a></p>`,
		'<p style="color:#777;font-size:12px">Thư này do hệ thống Kiểm Ký gửi tự động, mỗi ngày một thư; vui lòng không trả lời.</p>',
		'</body></html>'
	].join('\n');
	return { subject, html, text };
}
