// The signing rules of issue 16 on the tiny province: someone else's individual certificate used in
// one's own name or TM./Q. (others_certificate_used, beside on_behalf_wrong_cert for KT./TL./TUQ.) and
// an incoming document recorded with no verification result (incoming_not_verified, beside
// incoming_accepted_invalid); each firing on its case and silent on its control, in a full scan and
// then in an incremental one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { misuseScan } from '../../../src/lib/jobs/definitions/misuse-scan';
import { addEvent, buildWorld, type World } from './fixtures';

let h: DbHandle;
let w: World;
let runner: JobRunner;
const clock = new ManualClock('2026-11-20T10:00:00+07:00');
const at = (d: string, hm = '09:30') => `${d}T${hm}:00+07:00`;

async function scan(full = false) {
	clock.advance(3_600_000);
	await runner.enqueue('misuse-scan', { trigger: 'manual', payload: full ? { full: true } : undefined });
	const [run] = await runner.pollOnce();
	expect(run?.status, run?.error ?? '').toBe('succeeded');
}
const found = (kind: string) =>
	h.db
		.selectFrom('findings')
		.select(['dedupe_key', 'certificate_id', 'person_id', 'summary', 'evidence', 'legal_basis'])
		.where('kind', '=', kind)
		.where('status', '<>', 'resolved')
		.orderBy('dedupe_key')
		.execute();

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	runner = new JobRunner({ db: h.db, jobs: [misuseScan], clock, instanceId: 'T', log: () => undefined });
	const { people: p, certs: c } = w;
	// Controls: the holder signs in their own name and TM. with their own certificate; the deputy signs KT. with
	// their own; an incoming document verified and accepted, one refused without a result.
	await addEvent(h.db, w, { at: at('2026-06-01'), cert: c.head, person: p.head, title: 'Giám đốc' });
	await addEvent(h.db, w, {
		at: at('2026-06-01', '10:00'),
		cert: c.head,
		person: p.head,
		title: 'Giám đốc',
		form: 'tm'
	});
	await addEvent(h.db, w, {
		at: at('2026-06-02'),
		cert: c.deputy,
		person: p.deputy,
		title: 'Phó Giám đốc',
		form: 'kt'
	});
	await addEvent(h.db, w, {
		at: at('2026-06-03'),
		cert: c.org,
		person: p.clerk,
		direction: 'incoming',
		form: 'org'
	});
	await addEvent(h.db, w, {
		at: at('2026-06-03', '11:00'),
		cert: c.org,
		person: p.clerk,
		direction: 'incoming',
		form: 'org',
		indication: null,
		accepted: false,
		sourceId: 'IN-REFUSED'
	});
	// Cases: the deputy signs in their own name and Q. with the head's certificate; an incoming document recorded
	// with no verification result.
	await addEvent(h.db, w, { at: at('2026-06-04'), cert: c.head, person: p.deputy, title: 'Phó Giám đốc' });
	await addEvent(h.db, w, {
		at: at('2026-06-05'),
		cert: c.head,
		person: p.deputy,
		title: 'Giám đốc',
		form: 'q'
	});
	await addEvent(h.db, w, {
		at: at('2026-06-06'),
		cert: c.org,
		person: p.clerk,
		direction: 'incoming',
		form: 'org',
		indication: null,
		sourceId: 'IN-UNVERIFIED'
	});
	// A finding stored under an older citation: the scan brings it to the kind's current article.
	await h.db
		.insertInto('findings')
		.values({
			dedupe_key: `incoming_not_verified:${c.org.fp}:IN-UNVERIFIED`,
			kind: 'incoming_not_verified',
			severity: 'medium',
			legal_basis: 'Điều cũ',
			summary: 'cũ',
			evidence: '{}'
		})
		.execute();
	await scan(true);
});
afterAll(async () => {
	await h?.close();
});

describe('others_certificate_used', () => {
	it('fires once per certificate and acting person, in words, silent on the controls', async () => {
		const f = await found('others_certificate_used');
		expect(f.map((x) => [x.certificate_id, x.person_id])).toEqual([[w.certs.head.id, w.people.deputy]]);
		// The forms in words (their order follows the database's collation).
		expect(f[0]!.summary).toMatch(/\((Q\., ký tên mình|ký tên mình, Q\.), 2 lần\)/);
		expect(f[0]!.evidence).toMatchObject({ holder: 'Trưởng A', acting_person: 'Phó A', events: 2 });
		expect(f[0]!.legal_basis).toBe('Điều 8.4; Điều 16');
		// KT. with someone else's certificate stays on_behalf_wrong_cert's.
		expect(await found('on_behalf_wrong_cert')).toEqual([]);
	});

	it('is found by the incremental scan too', async () => {
		await addEvent(h.db, w, {
			at: at('2026-06-10'),
			cert: c().deputy,
			person: w.people.head,
			title: 'Giám đốc',
			form: 'tm'
		});
		await scan();
		const f = await found('others_certificate_used');
		expect(f.map((x) => [x.certificate_id, x.person_id])).toEqual(
			[
				[w.certs.head.id, w.people.deputy],
				[w.certs.deputy.id, w.people.head]
			].sort((a, b) => a[0]! - b[0]!)
		);
	});
});
const c = () => w.certs;

describe('incoming_not_verified', () => {
	it('fires on the document recorded with no result, not on the refused one nor the verified one', async () => {
		const f = await found('incoming_not_verified');
		expect(f.map((x) => x.dedupe_key)).toEqual([`incoming_not_verified:${w.certs.org.fp}:IN-UNVERIFIED`]);
		expect(f[0]!.summary).toContain('không có kết quả kiểm tra chữ ký số');
		expect(f[0]!.legal_basis).toBe('Điều 17.3');
		expect(await found('incoming_accepted_invalid')).toEqual([]);
	});
});
