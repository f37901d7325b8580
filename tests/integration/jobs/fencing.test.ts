// Fencing the owner: an owner that froze, was replaced and woke up must not commit its work. A
// job writes through ctx.commit, whose transaction ends with a guarded update of the run's row, so
// the late owner's writes roll back. On PostgreSQL each run also has a session of its own: the
// instance that takes the run away ends it (an open transaction of the frozen owner rolls back and
// releases its locks, a statement in flight stops), and an owner that learns at its heartbeat that
// it lost the run cancels its own statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { openTestDb } from '../../helpers/db';
import { NEEDS_POSTGRES, waitForStatement } from '../../helpers/connection-cut';
import { postgresBaseUrl, testDbKind, withDatabase } from '../../helpers/test-db-config';
import { openPostgres, type DbHandle } from '../../../src/lib/server/db/connection';
import type { Database } from '../../../src/lib/server/db/schema';
import type { JobContext, JobDefinition } from '../../../src/lib/jobs/definition';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { runSessionName } from '../../../src/lib/jobs/run-claims';

const onPostgres = testDbKind() === 'postgres';
const quiet = () => undefined;

let h: DbHandle;
// On PostgreSQL the second instance has its own connection pool, as a second process would.
let second: DbHandle | undefined;
beforeAll(async () => {
	h = await openTestDb();
	if (h.kind === 'postgres') second = openPostgres(withDatabase(postgresBaseUrl(), h.location), 6);
});
afterAll(async () => {
	await second?.close();
	await h.close();
});
const dbB = () => second?.db ?? h.db;

/** A job whose first attempt calls `first` (where it freezes); its retry writes at once. */
function job(
	name: string,
	first: (ctx: JobContext<Record<string, never>>) => Promise<void>,
	retry: (ctx: JobContext<Record<string, never>>) => Promise<void>
): JobDefinition<Record<string, never>> {
	return {
		name,
		title: 'Rào chắn',
		description: 'test',
		defaultCron: '0 0 1 1 *',
		catchUp: false,
		payloadSchema: z.object({}).strict(),
		async run(ctx) {
			await (ctx.trigger === 'retry' ? retry(ctx) : first(ctx));
			return { ok: 1 };
		}
	};
}

const put = (trx: Kysely<Database>, key: string, value: string) =>
	sql`insert into settings (key, value) values (${key}, to_jsonb(${value}::text))
		on conflict (key) do update set value = excluded.value`.execute(trx);

const setting = async (key: string) =>
	(await h.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;

/** Moves a run's last heartbeat back, as if its owner had been silent that long. */
const silence = (runId: number) =>
	sql`update job_runs set heartbeat_at = heartbeat_at - interval '2 minutes' where id = ${runId}`.execute(
		h.db
	);

const statusOf = async (runId: number) =>
	(await h.db.selectFrom('job_runs').select('status').where('id', '=', runId).executeTakeFirstOrThrow())
		.status;

function gate() {
	let open!: () => void;
	const opened = new Promise<void>((r) => (open = r));
	return { open, opened, reached: [] as number[] };
}

describe('a replaced owner commits nothing', () => {
	it('an owner that froze before writing and wakes after the takeover: its write is refused', async () => {
		const g = gate();
		const name = 'test-fence-late';
		const write = (ctx: JobContext<Record<string, never>>) =>
			ctx.commit((trx) => put(trx, `${name}:${ctx.runId}`, ctx.trigger)).then(() => undefined);
		const frozen = job(
			name,
			async (ctx) => {
				g.reached.push(ctx.runId);
				await g.opened; // the process stops here: a long GC pause, a suspended VM
				await write(ctx);
			},
			write
		);
		const a = new JobRunner({ db: h.db, jobs: [frozen], instanceId: 'A', log: quiet });
		const b = new JobRunner({ db: dbB(), jobs: [job(name, write, write)], instanceId: 'B', log: quiet });
		const runId = (await a.enqueue(name, { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId);
		await expect.poll(() => g.reached).toEqual([runId]);
		await silence(runId);
		const [retry] = await b.pollOnce();
		expect(retry?.status).toBe('succeeded');
		expect(retry?.retry_of_id).toBe(runId);
		g.open();
		expect((await aDone)?.status).toBe('abandoned');
		expect(await setting(`${name}:${runId}`)).toBeUndefined();
		expect(await setting(`${name}:${retry!.id}`)).toBe('retry');
	});
});

describe.skipIf(!onPostgres)(`the run's own session (${onPostgres ? 'PostgreSQL' : NEEDS_POSTGRES})`, () => {
	it('an owner frozen inside its transaction: the takeover ends its session, its locks go, its write rolls back', async () => {
		const g = gate();
		const name = 'test-fence-held';
		const frozen = job(
			name,
			(ctx) =>
				ctx.commit(async (trx) => {
					await put(trx, name, 'first');
					g.reached.push(ctx.runId);
					await g.opened;
				}),
			async () => undefined
		);
		// The retry writes the same row: it would wait for the frozen owner's lock if that lived on.
		const retried = job(
			name,
			async () => undefined,
			(ctx) => ctx.commit((trx) => put(trx, name, 'retry')).then(() => undefined)
		);
		const a = new JobRunner({ db: h.db, jobs: [frozen], instanceId: 'A', isolateRuns: true, log: quiet });
		const b = new JobRunner({ db: dbB(), jobs: [retried], instanceId: 'B', isolateRuns: true, log: quiet });
		const runId = (await a.enqueue(name, { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId);
		await expect.poll(() => g.reached).toEqual([runId]);
		const sessions = () =>
			sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
					where application_name = ${runSessionName(runId)}`
				.execute(h.db)
				.then((r) => r.rows[0]!.n);
		expect(await sessions()).toBe(1);
		await silence(runId);
		expect((await b.reapAbandoned()).map((r) => r.id)).toEqual([runId]);
		await expect.poll(sessions).toBe(0);
		const [retry] = await b.pollOnce();
		expect(retry?.status).toBe('succeeded');
		g.open();
		expect((await aDone)?.status).toBe('abandoned');
		expect(await setting(name)).toBe('retry');
	});

	const sleeper = (name: string, marker: string) =>
		job(
			name,
			async (ctx) => {
				await sql`select pg_sleep(120) as ${sql.ref(marker)}`.execute(ctx.db);
			},
			async () => undefined
		);

	it('the instance that takes a run away stops the statement its owner is running', async () => {
		const name = 'test-fence-cancel-by-reaper';
		const a = new JobRunner({
			db: h.db,
			jobs: [sleeper(name, 'fence_reaper_marker')],
			instanceId: 'A',
			isolateRuns: true,
			log: quiet
		});
		const b = new JobRunner({
			db: dbB(),
			jobs: [sleeper(name, 'x')],
			instanceId: 'B',
			isolateRuns: true,
			log: quiet
		});
		const runId = (await a.enqueue(name, { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId);
		await waitForStatement(h, 'fence_reaper_marker');
		await silence(runId);
		await b.reapAbandoned();
		// Long before the 120 s sleep would end (the test times out at 60 s).
		expect((await aDone)?.status).toBe('abandoned');
	});

	it('an owner that learns at its heartbeat that it lost the run cancels its own statement', async () => {
		const name = 'test-fence-cancel-by-owner';
		const a = new JobRunner({
			db: h.db,
			jobs: [sleeper(name, 'fence_owner_marker')],
			instanceId: 'A',
			isolateRuns: true,
			log: quiet
		});
		// An instance that does not end other runs' sessions takes the run away.
		const b = new JobRunner({ db: dbB(), jobs: [sleeper(name, 'x')], instanceId: 'B', log: quiet });
		const runId = (await a.enqueue(name, { trigger: 'manual' }))!;
		const aDone = a.runQueued(runId);
		await waitForStatement(h, 'fence_owner_marker');
		await silence(runId);
		await b.reapAbandoned();
		expect(await statusOf(runId)).toBe('abandoned');
		await a.heartbeat();
		expect((await aDone)?.status).toBe('abandoned');
	});
});
