// A subscriber list that brings more devices than one statement holds (1,001: two INSERTs of
// devices and two of custody events, writeSubscribers): every device is created once, handed to its
// holder, its state derived, and the device tallies equal a count of the tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { writeSubscribers } from '../../../src/lib/server/organisation-import/subscriber-apply';
import type { SubscriberPlan } from '../../../src/lib/server/organisation-import/subscriber-diff';
import { certificateTallyDifferences } from '../../../src/lib/server/rollups/certificate-tally';

let h: DbHandle;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
});
afterAll(async () => {
	await h?.close();
});

describe('writeSubscribers in chunks', () => {
	it('creates and hands over 1,001 new devices, each once, with the tallies right', async () => {
		const certificate = await h.db
			.selectFrom('certificates')
			.select(['id', 'serial_number'])
			.orderBy('id')
			.executeTakeFirstOrThrow();
		const people = await h.db
			.selectFrom('people')
			.select(['id', 'agency_id'])
			.where('agency_id', 'is not', null)
			.orderBy('id')
			.limit(7)
			.execute();
		expect(people.length).toBeGreaterThan(1);
		const occurredAt = new Date('2026-11-02T03:00:00Z');
		// Only what writeSubscribers reads of a plan: the sheet row is not.
		const plans = Array.from({ length: 1001 }, (_, i) => {
			const holder = people[i % people.length]!;
			return {
				action: 'new',
				certificate,
				link: {},
				device: { id: null, serial: `KK-CHUNK-${i}`, kind: 'pki_token', create: true, setKind: false },
				custody: {
					event: 'handed_over',
					fromPersonId: null,
					toPersonId: holder.id,
					agencyId: holder.agency_id!,
					occurredAt
				},
				changes: []
			} as unknown as SubscriberPlan;
		});
		const result = await h.db
			.transaction()
			.execute((trx) => writeSubscribers(trx, plans, 'test', 'chunked subscriber list'));
		expect(result.devicesCreated).toHaveLength(1001);
		expect(result.custodyEvents).toBe(1001);

		const devices = await h.db
			.selectFrom('tokens as t')
			.innerJoin('token_custody_state as s', 's.token_id', 't.id')
			.select(['t.serial', 's.holder_person_id'])
			.where('t.serial', 'like', 'KK-CHUNK-%')
			.execute();
		expect(devices).toHaveLength(1001);
		const holderOf = new Map(devices.map((d) => [d.serial, d.holder_person_id]));
		for (let i = 0; i < 1001; i++) expect(holderOf.get(`KK-CHUNK-${i}`)).toBe(people[i % people.length]!.id);
		expect(await certificateTallyDifferences(h.db)).toEqual([]);
	});
});
