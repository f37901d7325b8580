// The fast path of signing-event validation against the schema it stands in for: every value it
// lets through must pass signingEventSchema and come out as the schema's path would make it;
// values it refuses still get the schema's own messages.
import { describe, expect, it } from 'vitest';
import { certainlyPassesSchema } from '../../../src/lib/server/import/event-fast-check';
import { parseSigningEvent, signingEventSchema } from '../../../src/lib/server/import/event-schema';

const base = {
	source_system: 'QLVB-SYT',
	source_id: 'VB-1',
	signed_at: '2026-03-05T09:15:03+07:00',
	certificate_fingerprint: 'ab'.repeat(32),
	acting_person_national_id: '087012345678',
	acting_title: 'Giám đốc',
	document_number: '15/QĐ-SYT',
	document_agency_code: 'SYT',
	channel: 'qlvb'
};

const odd: unknown[] = [
	undefined,
	null,
	'',
	'   ',
	'x'.repeat(51),
	'x'.repeat(101),
	'x'.repeat(201),
	0,
	-1,
	1.5,
	2 ** 60,
	Number.NaN,
	true,
	{},
	[],
	'own',
	'incoming',
	'TOTAL_PASSED',
	'qlvb',
	'secret',
	'2026-02-30T09:00:00',
	'hôm qua',
	'AB:'.repeat(31) + 'AB',
	'ab'.repeat(33)
];

const fields = [
	...Object.keys(base),
	'certificate_serial',
	'acting_person_email',
	'signing_form',
	'classification',
	'direction',
	'incoming_indication',
	'accepted',
	'unknown_column'
];

describe('certainlyPassesSchema', () => {
	it('lets through only values the schema accepts, with the same outcome as the schema’s path', () => {
		let fast = 0;
		for (const field of fields)
			for (const value of odd) {
				const v = { ...base, [field]: value };
				if (!certainlyPassesSchema(v)) continue;
				fast += 1;
				const zod = signingEventSchema.safeParse(v);
				expect(zod.success, `${field} = ${JSON.stringify(value)}`).toBe(true);
				// The schema's output (defaults filled, unknown keys gone) takes the same path: same record.
				expect(parseSigningEvent(v)).toEqual(parseSigningEvent(zod.data));
			}
		expect(fast).toBeGreaterThan(50);
	});

	it('takes the usual events, fills the defaults as the schema does', () => {
		expect(certainlyPassesSchema(base)).toBe(true);
		expect(certainlyPassesSchema({ ...base, source_id: 42, direction: 'incoming', accepted: true })).toBe(
			true
		);
		const r = parseSigningEvent(base);
		expect(r.ok && r.value).toMatchObject({
			signing_form: 'own',
			classification: 'normal',
			direction: 'outgoing',
			channel: 'qlvb'
		});
	});

	it('refuses what the schema refuses, leaving the messages to the schema', () => {
		for (const v of [
			null,
			[],
			'text',
			{ ...base, channel: 'fax' },
			{ ...base, signing_form: null },
			{ ...base, source_id: -1 },
			{ ...base, signed_at: 'hôm qua' },
			{ ...base, acting_title: 'x'.repeat(201) },
			{ ...base, accepted: 'có' }
		]) {
			expect(certainlyPassesSchema(v)).toBe(false);
			expect(signingEventSchema.safeParse(v).success).toBe(false);
		}
		const r = parseSigningEvent({ ...base, channel: 'fax' });
		expect(r.ok ? null : r.issues).toEqual([
			{
				field: 'channel',
				vi: 'phải là một trong: qlvb, dvc, email, portal, other',
				en: 'must be one of: qlvb, dvc, email, portal, other'
			}
		]);
	});
});
