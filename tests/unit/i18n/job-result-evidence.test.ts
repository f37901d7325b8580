import { describe, expect, it } from 'vitest';
import { durationInWords, jobResultInWords } from '../../../src/lib/i18n/job-result';
import { evidenceRows } from '../../../src/lib/i18n/evidence';

describe('jobResultInWords', () => {
	it('says a scan result as a sentence with Vietnamese thousands', () => {
		expect(jobResultInWords('vi', { seen: 1234, opened: 3, reopened: 0, resolved: 2 })).toBe(
			'1.234 trường hợp đã xét, 3 cảnh báo mới, 0 cảnh báo mở lại, 2 cảnh báo tự đóng.'
		);
		expect(jobResultInWords('en', { generated: 2, skipped: 1 })).toBe(
			'2 reports generated, 1 periods already reported.'
		);
	});

	it('names a full run, an empty result, and a count no catalogue knows without a code', () => {
		expect(jobResultInWords('vi', { full: 1, verified: 5 })).toBe('Chạy toàn bộ: 5 văn bản đã xác thực lại.');
		expect(jobResultInWords('vi', {})).toBe('Không có gì cần xử lý.');
		const unknown = jobResultInWords('vi', { rows_merged: 4, newThings: 2 });
		expect(unknown).not.toMatch(/_|[A-Z]{1}[a-z]+[A-Z]/);
		expect(unknown).toBe('Rows merged: 4, new things: 2.');
	});

	it('says an elapsed time', () => {
		expect(durationInWords('vi', 45_000)).toBe('45 giây');
		expect(durationInWords('vi', 185_000)).toBe('3 phút 05 giây');
		expect(durationInWords('vi', 3_720_000)).toBe('1 giờ 02 phút');
	});
});

describe('evidenceRows', () => {
	it('labels each field and formats times, counts, ids and coded values', () => {
		const rows = evidenceRows('vi', {
			events: 12345,
			last_at: '2026-03-01T02:05:00+00:00',
			not_after: '2026-04-30',
			status: 'active',
			pattern: 'night',
			event_id: 9876,
			indication: 'TOTAL_FAILED',
			thresholds: [30, 60]
		});
		expect(rows.map((r) => [r.label, r.value])).toEqual([
			['Số lần ký', '12.345'],
			['Lần ký gần nhất', '01/03/2026 09:05'],
			['Hết hạn ngày', '30/04/2026'],
			['Trạng thái', expect.not.stringMatching(/^active$/)],
			['Dấu hiệu', 'Ký ban đêm'],
			['Mã lần ký', '#9876'],
			['Kết quả xác thực', 'Không hợp lệ'],
			['Ngưỡng nhắc (ngày)', '30, 60']
		]);
	});

	it('never shows an unknown field as snake_case', () => {
		expect(evidenceRows('en', { some_new_field: true })).toEqual([
			{ key: 'some_new_field', label: 'some new field', value: 'Yes' }
		]);
	});
});

describe('auditDetailsInWords', () => {
	it("reads a detail by its entry's action: a failed sign-in's reason is no revocation reason", async () => {
		const { auditDetailsInWords } = await import('../../../src/lib/i18n/audit-words');
		const vi = auditDetailsInWords('vi', { reason: 'bad_password' }, 'auth.sign_in_failed');
		expect(vi).toBe('Lý do: sai mật khẩu');
		expect(auditDetailsInWords('en', { reason: 'unknown_user' }, 'auth.sign_in_failed')).toBe(
			'Reason: no such user name'
		);
		expect(auditDetailsInWords('vi', { by: 'address' }, 'auth.sign_in_blocked')).not.toMatch(/address/);
		// Elsewhere `reason` stays the revocation reason it is.
		expect(auditDetailsInWords('vi', { reason: 'keyCompromise' }, 'certificate.revoke')).toMatch(
			/^Lý do thu hồi/
		);
	});
	it('says the codes an audit entry stores in words, in either language', async () => {
		const { auditDetailsInWords } = await import('../../../src/lib/i18n/audit-words');
		const details = { to: 'in_progress', kind: 'demand_plan', severity: 'critical', file: 'bao_cao.xlsx' };
		const vi = auditDetailsInWords('vi', details);
		expect(vi).not.toMatch(/in_progress|demand_plan|critical/);
		expect(vi).toMatch(/Đang (xử lý|thực hiện)/); // the first list holding the code names it
		// A value that is no code of ours (a file name) is kept as it is.
		expect(vi).toContain('bao_cao.xlsx');
		expect(auditDetailsInWords('en', details)).not.toMatch(/in_progress|demand_plan/);
	});

	it('says codes used as keys (counts by severity or kind) and codes inside lists in words', async () => {
		const { auditDetailsInWords } = await import('../../../src/lib/i18n/audit-words');
		const details = {
			bySeverity: { critical: 2, high: 1 },
			severities: ['critical', 'low'],
			rows: [{ severity: 'critical' }]
		};
		const vi = auditDetailsInWords('vi', details);
		expect(vi).not.toMatch(/\b(critical|high|low)\b/);
		expect(vi).toContain('Nghiêm trọng: 2');
		expect(vi).toContain('Nghiêm trọng, Thấp');
	});

	it("names the verification settings' checks and levels as the settings page does", async () => {
		const { auditDetailsInWords } = await import('../../../src/lib/i18n/audit-words');
		const vi = auditDetailsInWords('vi', { after: { levels: { 'profile.aiaNonCritical': 'FAIL' } } });
		expect(vi).toContain('phần mở rộng authorityInfoAccess không được đánh dấu critical: Từ chối');
		expect(vi).not.toMatch(/non critical|FAIL/);
	});
});
