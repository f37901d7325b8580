// The pure parts of signing-event ingestion: reading an instant, turning file cells into the
// schema's JSON types, and the in-input duplicate set.
import { describe, expect, it } from 'vitest';
import {
	normaliseTextRecord,
	parseInstant,
	parseSigningEvent
} from '../../../src/lib/server/import/event-schema';
import { SourceKeySet } from '../../../src/lib/server/import/source-key-set';

describe('parseInstant', () => {
	it.each([
		['2026-03-05T09:15:03+07:00', '2026-03-05T02:15:03.000Z'],
		['2026-03-05 09:15:03', '2026-03-05T02:15:03.000Z'],
		['2026-03-05T09:15', '2026-03-05T02:15:00.000Z'],
		['2026-03-05T02:15:03Z', '2026-03-05T02:15:03.000Z'],
		['2026-03-05T09:15:03.250+0700', '2026-03-05T02:15:03.250Z'],
		['2026-03-05T04:15:03+02', '2026-03-05T02:15:03.000Z'],
		['2026-03-04T21:45:03-04:30', '2026-03-05T02:15:03.000Z'],
		['2024-02-29T08:00:00+07:00', '2024-02-29T01:00:00.000Z']
	])('reads %s', (text, iso) => {
		expect(parseInstant(text)?.toISOString()).toBe(iso);
	});
	it.each([
		'2026-02-30T09:00:00',
		'2026-02-29T09:00:00',
		'2100-02-29T09:00',
		'2026-13-01T00:00',
		'2026-03-05T24:00',
		'2026-03-05',
		'hôm qua',
		'2026-03-05T09:00+15:00'
	])('refuses %s', (text) => {
		expect(parseInstant(text)).toBeNull();
	});
});

describe('normaliseTextRecord', () => {
	it('drops blanks, reads the accepted words, turns dates and numbers into the schema’s types', () => {
		expect(
			normaliseTextRecord({
				source_system: ' QLVB ',
				source_id: 12345,
				document_number: 15,
				acting_title: '  ',
				signed_at: new Date('2026-03-05T02:15:03Z'),
				accepted: 'Có',
				channel: null
			})
		).toEqual({
			source_system: ' QLVB ',
			source_id: 12345,
			document_number: '15',
			signed_at: '2026-03-05T02:15:03.000Z',
			accepted: true
		});
		expect(normaliseTextRecord({ accepted: 'không' }).accepted).toBe(false);
		expect(normaliseTextRecord({ accepted: 0 }).accepted).toBe(false);
		expect(normaliseTextRecord({ accepted: 'maybe' }).accepted).toBe('maybe');
	});
	it('leaves a value the schema will refuse as it is, so the message names it', () => {
		const r = parseSigningEvent(
			normaliseTextRecord({
				source_system: 'Q',
				source_id: 'A',
				signed_at: '2026-03-05T09:00',
				certificate_serial: '0A',
				channel: 'qlvb',
				accepted: 'maybe',
				direction: 'incoming'
			})
		);
		expect(r).toEqual({
			ok: false,
			issues: [
				{
					field: 'accepted',
					vi: 'kiểu dữ liệu không hợp lệ (cần true/false)',
					en: 'wrong type (expected boolean)'
				}
			]
		});
	});
});

describe('SourceKeySet', () => {
	it('remembers the first line of each key past many growths, and tells system and id apart', () => {
		const set = new SourceKeySet();
		for (let i = 0; i < 100_000; i++) expect(set.firstLineOrAdd('QLVB', `VB-${i}`, i + 1)).toBeUndefined();
		expect(set.size).toBe(100_000);
		expect(set.firstLineOrAdd('QLVB', 'VB-0', 200_000)).toBe(1);
		expect(set.firstLineOrAdd('QLVB', 'VB-99999', 200_001)).toBe(100_000);
		expect(set.firstLineOrAdd('DVC', 'VB-0', 200_002)).toBeUndefined();
		expect(set.firstLineOrAdd('QLVBV', 'B-0', 200_003)).toBeUndefined();
		expect(set.size).toBe(100_002);
	});
});
