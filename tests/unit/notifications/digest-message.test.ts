// The digest as a message (pure) and the mail settings read from the environment.
import { describe, expect, it } from 'vitest';
import { digestSubject, itemUrl, renderDigest } from '../../../src/lib/server/notifications/digest-render';
import type { DigestItem } from '../../../src/lib/server/notifications/digest-store';
import { mailConfig, publicOrigin } from '../../../src/lib/server/config/mail';
import { environmentProblems } from '../../../src/lib/server/config/environment';

const item = (o: Partial<DigestItem>): DigestItem => ({
	id: 1,
	kind: 'finding',
	severity: 'critical',
	agencyId: 3,
	agencyName: 'Sở Tư pháp',
	title: 'Ký số văn bản mật',
	body: null,
	link: '/canh-bao/1',
	dueAt: null,
	createdAt: new Date('2026-12-04T10:00:00+07:00'),
	...o
});

describe('the digest message', () => {
	it('names the count and the Vietnamese day in the subject', () => {
		expect(digestSubject(5, '2026-12-05')).toBe('Kiểm Ký: 5 việc cần xử lý ngày 05/12/2026');
	});

	it('escapes what the rows hold in the HTML part and keeps it as typed in the text part', () => {
		const m = renderDigest({
			displayName: 'Trần <b>Thị</b> "Thanh"',
			day: '2026-12-05',
			origin: 'https://kiemky.dongthap.test',
			items: [item({ title: 'Văn bản <script>alert(1)</script> & phụ lục', link: '/canh-bao/1?x="y"' })]
		});
		expect(m.html).not.toContain('<script>');
		expect(m.html).toContain('Văn bản &lt;script&gt;alert(1)&lt;/script&gt; &amp; phụ lục');
		expect(m.html).toContain('href="https://kiemky.dongthap.test/canh-bao/1?x=&quot;y&quot;"');
		expect(m.html).toContain('Kính gửi Trần &lt;b&gt;Thị&lt;/b&gt; &quot;Thanh&quot;');
		expect(m.text).toContain('- Văn bản <script>alert(1)</script> & phụ lục');
		expect(m.text).toContain('Nghiêm trọng · Cảnh báo mới');
	});

	it('joins the origin and the link with one slash; an absolute link is kept', () => {
		expect(itemUrl('https://a.test/', '/canh-bao/2')).toBe('https://a.test/canh-bao/2');
		expect(itemUrl('https://a.test', 'canh-bao/2')).toBe('https://a.test/canh-bao/2');
		expect(itemUrl('https://a.test', 'https://b.test/x')).toBe('https://b.test/x');
	});
});

describe('the mail settings from the environment', () => {
	it('is off without KIEMKY_SMTP_URL; the sender defaults to the SMTP user or the relay host', () => {
		expect(mailConfig({ KIEMKY_MAIL_FROM: 'Kiểm Ký <kiemky@kiemky.test>' })).toBeNull();
		expect(mailConfig({ KIEMKY_SMTP_URL: 'smtp://relay.dongthap.test:25' })).toEqual({
			smtpUrl: 'smtp://relay.dongthap.test:25',
			from: 'Kiểm Ký <kiemky@relay.dongthap.test>',
			origin: 'http://localhost:3000'
		});
		expect(
			mailConfig({ KIEMKY_SMTP_URL: 'smtp://hopthu%40sokhcn.test:x@relay.test', PORT: '8080' })
		).toMatchObject({ from: 'Kiểm Ký <hopthu@sokhcn.test>', origin: 'http://localhost:8080' });
		expect(publicOrigin({ ORIGIN: 'https://kiemky.dongthap.gov.vn/' })).toBe(
			'https://kiemky.dongthap.gov.vn'
		);
	});

	it('checks KIEMKY_MAIL_FROM at start', () => {
		expect(environmentProblems({ KIEMKY_MAIL_FROM: 'Kiểm Ký <kiemky@kiemky.test>' })).toEqual([]);
		expect(environmentProblems({ KIEMKY_MAIL_FROM: 'kiemky@dongthap.gov.vn' })).toEqual([]);
		expect(environmentProblems({ KIEMKY_MAIL_FROM: 'Kiểm Ký' })[0]).toMatch(
			/^KIEMKY_MAIL_FROM phải là địa chỉ thư/
		);
		expect(environmentProblems({ KIEMKY_MAIL_FROM: 'a@b' })[0]).toMatch(/^KIEMKY_MAIL_FROM/);
	});
});
