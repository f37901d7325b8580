// The forms that had the browser's date fields (whose display follows the browser's locale) now take
// days typed dd/MM/yyyy, and dates with a time as dd/MM/yyyy HH:mm; YYYY-MM-DD still works for
// programs. Impossible days are refused, not rolled over.
import { describe, expect, it } from 'vitest';
import { dayOrText } from '../../../src/lib/i18n/day-input';
import { inspectionSchema, trainingSchema } from '../../../src/lib/server/inspections/service';
import { newDeviceSchema, parseVietnamDateTime } from '../../../src/lib/server/organisation/custody';

describe('typed days', () => {
	it('reads dd/MM/yyyy and YYYY-MM-DD, and hands anything else on as typed', () => {
		expect(dayOrText('05/03/2026')).toBe('2026-03-05');
		expect(dayOrText(' 5/3/2026 ')).toBe('2026-03-05');
		expect(dayOrText('2026-03-05')).toBe('2026-03-05');
		expect(dayOrText('30/02/2026')).toBe('30/02/2026');
		expect(dayOrText('')).toBe('');
	});

	it('inspections and trainings take dd/MM/yyyy', () => {
		const base = { agencyId: '1', title: 'Kiểm tra', status: 'planned' };
		const ok = inspectionSchema.safeParse({ ...base, startedOn: '01/03/2026', endedOn: '15/03/2026' });
		expect(ok.success && ok.data).toMatchObject({ startedOn: '2026-03-01', endedOn: '2026-03-15' });
		const open = inspectionSchema.safeParse({ ...base, startedOn: '01/03/2026', endedOn: '' });
		expect(open.success && open.data.endedOn).toBeNull();
		const bad = inspectionSchema.safeParse({ ...base, startedOn: '31/02/2026' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0]?.message).toBe('Ngày không hợp lệ (dd/MM/yyyy).');
		const reversed = inspectionSchema.safeParse({ ...base, startedOn: '15/03/2026', endedOn: '01/03/2026' });
		expect(reversed.success).toBe(false);
		const training = trainingSchema.safeParse({
			title: 'Tập huấn',
			heldOn: '20/11/2026',
			participants: '10'
		});
		expect(training.success && training.data.heldOn).toBe('2026-11-20');
	});

	it('a new device’s day of receipt and a custody event’s time take the page’s format', () => {
		const device = newDeviceSchema.parse({
			serial: 'X',
			kind: 'pki_token',
			agencyId: '1',
			receivedOn: '02/01/2026'
		});
		expect(device.receivedOn).toBe('2026-01-02');
		expect(parseVietnamDateTime('31/10/2026 16:00')?.toISOString()).toBe('2026-10-31T09:00:00.000Z');
		expect(parseVietnamDateTime('2026-10-31T16:00')?.toISOString()).toBe('2026-10-31T09:00:00.000Z');
		expect(parseVietnamDateTime('31/02/2026 16:00')).toBeNull();
	});
});
