// The signing roll-ups (daily summary, monthly summaries, certificates' daily use, last use) equal a recomputation
// from the events after events arrive by each path: the demo seed (which defers them and
// rebuilds), the API, the CLI file import, deletes and a certificate changing agency; `kiem-ky
// summary verify` finds a planted difference (exit 1) and `summary rebuild` repairs it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { createApiKey } from '../../../src/lib/server/auth/api-keys';
import { rebuildRollups, verifyRollups } from '../../../src/lib/server/rollups/rollups';
import { runSummary } from '../../../src/cli/commands/summary';
import { importEventsFile } from '../../../src/cli/import-events';
import { ingestFixtures, sytEvent, type IngestFixtures } from '../import/ingest-fixtures';
import { json, postEvents } from '../api/api-request';

let h: DbHandle;
let f: IngestFixtures;
let dir: string;
let lastBefore: Date | null = null;
const open = async () => ({ db: h.db, close: async () => undefined });

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	f = await ingestFixtures(h.db);
	dir = mkdtempSync(path.join(tmpdir(), 'kiemky-rollups-'));
});
afterAll(async () => {
	await h?.close();
	rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

function capture() {
	const out: string[] = [];
	vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
	vi.spyOn(console, 'error').mockImplementation(() => undefined);
	return out;
}

const count = async (table: 'certificate_daily_use' | 'certificate_last_use') =>
	(
		await h.db
			.selectFrom(table)
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow()
	).n;

describe('roll-ups kept as events arrive', () => {
	it('hold the demo seed’s events (deferred, then rebuilt once)', async () => {
		expect(await count('certificate_daily_use')).toBeGreaterThan(100);
		expect(await count('certificate_last_use')).toBeGreaterThan(10);
		expect(await verifyRollups(h.db)).toEqual([]);
	});

	it('follow a batch posted to the API, with late events of an old day', async () => {
		const { key } = await createApiKey(
			h.db,
			{ name: 'QLVB thử', sourceSystem: 'QLVB-ROLLUP' },
			{ userId: null, actor: 'test', ip: null }
		);
		const before = await h.db
			.selectFrom('certificate_last_use')
			.select(['n', 'last_signed_at'])
			.where('certificate_id', '=', f.stcCert.id)
			.executeTakeFirst();
		const events = [
			sytEvent(f, 'R-1', { source_system: undefined }),
			sytEvent(f, 'R-2', {
				source_system: undefined,
				channel: 'dvc',
				signed_at: '2024-01-03T08:00:00+07:00'
			}),
			sytEvent(f, 'R-3', {
				source_system: undefined,
				certificate_fingerprint: f.stcCert.fp,
				document_agency_code: f.stc.code,
				signed_at: '2026-12-04T23:30:00+07:00'
			})
		];
		const res = await postEvents(h.db, { key, body: json({ events }) });
		expect(res.status, await res.clone().text()).toBe(200);
		expect(await verifyRollups(h.db)).toEqual([]);
		const after = await h.db
			.selectFrom('certificate_last_use')
			.select(['n', 'last_signed_at'])
			.where('certificate_id', '=', f.stcCert.id)
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before?.n ?? 0) + 1);
		expect(after.last_signed_at?.toISOString()).toBe('2026-12-04T16:30:00.000Z');
		lastBefore = before?.last_signed_at ?? null;
	});

	it('follow a CSV imported from the command line', async () => {
		const file = path.join(dir, 'events.csv');
		writeFileSync(
			file,
			[
				'Mã hồ sơ;Thời điểm ký;Dấu vân tay;Hình thức ký',
				`RC-1;05/03/2026 09:15;${f.sytCert.fp};Ký thay`,
				`RC-2;05/03/2026 10:00;${f.stcCert.fp};Thừa lệnh`
			].join('\r\n')
		);
		capture();
		const code = await importEventsFile(
			['--source-system', 'QLVB-ROLLUP-CLI', '--channel', 'email', file],
			{ userId: null, actor: 'cli:test', ip: null },
			open
		);
		expect(code).toBe(0);
		expect(await verifyRollups(h.db)).toEqual([]);
	});

	it('follow deletes (last use read again) and a certificate moving agency', async () => {
		await sql`delete from signing_events where source_system = 'QLVB-ROLLUP' and source_id = 'R-3'`.execute(
			h.db
		);
		await h.db
			.updateTable('certificates')
			.set({ agency_id: f.sytUnit.id })
			.where('id', '=', f.stcCert.id)
			.execute();
		expect(await verifyRollups(h.db)).toEqual([]);
		const last = await h.db
			.selectFrom('certificate_last_use')
			.select('last_signed_at')
			.where('certificate_id', '=', f.stcCert.id)
			.executeTakeFirstOrThrow();
		expect(last.last_signed_at).toEqual(lastBefore);
	});
});

describe('kiem-ky summary', () => {
	it('verify prints a planted difference and exits 1; rebuild repairs it', async () => {
		let out = capture();
		expect(await runSummary(['verify'], open)).toBe(0);
		expect(out.join('\n')).toMatch(/^Khớp/);

		const row = await h.db
			.selectFrom('certificate_daily_use')
			.select(['certificate_id', 'day'])
			.orderBy('day')
			.orderBy('certificate_id')
			.executeTakeFirstOrThrow();
		await sql`update certificate_daily_use set n = n + 1 where certificate_id = ${row.certificate_id} and day = ${row.day}`.execute(
			h.db
		);
		await sql`update signing_daily_summary set n = n + 5 where day = '2026-03-05' and channel = 'email' and signing_form = 'kt' and agency_id = ${f.syt.id}`.execute(
			h.db
		);
		vi.restoreAllMocks();
		out = capture();
		expect(await runSummary(['verify'], open)).toBe(1);
		const text = out.join('\n');
		expect(text).toMatch(/^Chênh lệch: 2 dòng/);
		expect(text).toContain(`certificate_daily_use | ${row.day}|${row.certificate_id} |`);
		const planted = new RegExp(
			`signing_daily_summary \\| 2026-03-05\\|${f.syt.id}\\|email\\|kt\\|normal \\| (\\d+) \\| (\\d+)`
		).exec(text);
		expect(Number(planted?.[2]) - Number(planted?.[1])).toBe(5);

		// A range that leaves the planted rows out sees nothing; a rebuild of the range of one
		// repairs that one only.
		expect(await verifyRollups(h.db, { from: '2026-03-06', to: '2026-03-31' })).toEqual([]);
		vi.restoreAllMocks();
		capture();
		expect(await runSummary(['rebuild', '--from', '2026-03-05', '--to', '2026-03-05'], open)).toBe(0);
		expect((await verifyRollups(h.db)).map((d) => d.table)).toEqual(['certificate_daily_use']);
		await rebuildRollups(h.db);
		expect(await verifyRollups(h.db)).toEqual([]);
	});

	it('verify finds planted differences in the monthly tables; a rebuild of one day repairs its whole month', async () => {
		expect(await verifyRollups(h.db)).toEqual([]);
		const month = await h.db
			.selectFrom('signing_monthly_agency_total')
			.select(['month', 'agency_id'])
			.where('n', '>', 0)
			.orderBy('month')
			.orderBy('agency_id')
			.executeTakeFirstOrThrow();
		await sql`update signing_monthly_agency_total set n = n + 2 where month = ${month.month} and agency_id is not distinct from ${month.agency_id}`.execute(
			h.db
		);
		await sql`update signing_monthly_summary set n = n + 1 where month = ${month.month} and channel = (select min(channel) from signing_monthly_summary where month = ${month.month})`.execute(
			h.db
		);
		await sql`update signing_monthly_agency set n = n + 3 where month = ${month.month} and agency_id is not distinct from ${month.agency_id} and channel = (select min(channel) from signing_monthly_agency where month = ${month.month} and agency_id is not distinct from ${month.agency_id})`.execute(
			h.db
		);
		const diffs = await verifyRollups(h.db);
		expect(diffs.map((d) => d.table).sort()).toEqual([
			'signing_monthly_agency',
			'signing_monthly_agency_total',
			'signing_monthly_summary'
		]);
		const total = diffs.find((d) => d.table === 'signing_monthly_agency_total')!;
		expect(total.key).toBe(`${month.month}|${month.agency_id ?? ''}`.replace(/\|$/, ''));
		expect(Number(total.stored) - Number(total.expected)).toBe(2);
		// A day range names the months it touches: a verify of one day of that month sees them,
		// a rebuild of that day recomputes the whole month.
		const mid = `${month.month.slice(0, 7)}-15`;
		expect(await verifyRollups(h.db, { from: mid, to: mid })).toHaveLength(3);
		const next = new Date(Date.UTC(Number(month.month.slice(0, 4)), Number(month.month.slice(5, 7)), 1))
			.toISOString()
			.slice(0, 10);
		expect(await verifyRollups(h.db, { from: next })).toEqual([]);
		await rebuildRollups(h.db, { from: mid, to: mid });
		expect(await verifyRollups(h.db)).toEqual([]);
	});

	it('refuses a malformed day with a usage error', async () => {
		await expect(runSummary(['verify', '--from', '05/03/2026'], open)).rejects.toThrow(/YYYY-MM-DD/);
		await expect(runSummary(['check'], open)).rejects.toThrow(/verify\|rebuild/);
	});
});
