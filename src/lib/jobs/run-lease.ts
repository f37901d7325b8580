// What an owner holds while it runs a job: its lease on the run (the row's status 'running' under
// its instance id), kept alive by heartbeats and checked by every write (the fencing token: a run
// taken away never becomes this instance's again, since a retry is a new row). On PostgreSQL the
// run also gets a database session of its own, named for the run: an instance that takes the run
// away ends that session (endRunSessions), and an owner that learns it lost the run cancels the
// statement in flight there, so a frozen or slow owner neither commits nor keeps working.
import { sql, type Kysely } from 'kysely';
import type { Database, JobRun } from '../server/db/schema';
import { RunInterrupted, type Write } from './definition';
import { updateOwnedRun } from './run-store';
import { runSessionName } from './run-claims';

type OwnedUpdate = Parameters<typeof updateOwnedRun>[3];

interface Session {
	conn: Kysely<Database>;
	pid: number;
	release: () => void;
	closed: Promise<void>;
}

/** Reserves a pooled connection for the run and names it; resolves once it is ready. */
async function openSession(db: Kysely<Database>, runId: number): Promise<Session> {
	let release!: () => void;
	const released = new Promise<void>((r) => (release = r));
	let ready!: (s: { conn: Kysely<Database>; pid: number } | Error) => void;
	const opened = new Promise<{ conn: Kysely<Database>; pid: number } | Error>((r) => (ready = r));
	const closed = db
		.connection()
		.execute(async (conn) => {
			const { rows } = await sql<{ pid: number }>`
				select pg_backend_pid() as pid, set_config('application_name', ${runSessionName(runId)}, false)`.execute(
				conn
			);
			ready({ conn, pid: rows[0]!.pid });
			await released;
			// Back in the pool the connection must not carry the run's name (a dead one is dropped anyway).
			await sql`reset application_name`.execute(conn).catch(() => undefined);
		})
		.catch((e: unknown) => ready(e instanceof Error ? e : new Error(String(e))));
	const s = await opened;
	if (s instanceof Error) throw s;
	return { ...s, release, closed };
}

export class RunLease {
	private lost = false;

	private constructor(
		private readonly db: Kysely<Database>,
		private readonly run: JobRun,
		private readonly instanceId: string,
		private readonly controller: AbortController,
		private readonly session?: Session
	) {}

	/** With `isolate` (PostgreSQL), the run gets a session of its own. */
	static async open(o: {
		db: Kysely<Database>;
		run: JobRun;
		instanceId: string;
		controller: AbortController;
		isolate: boolean;
	}): Promise<RunLease> {
		const session = o.isolate ? await openSession(o.db, o.run.id) : undefined;
		return new RunLease(o.db, o.run, o.instanceId, o.controller, session);
	}

	/** Where the job's statements go: the run's session, or the pool. */
	get sessionDb(): Kysely<Database> {
		return this.session?.conn ?? this.db;
	}

	/** The heartbeat; false (and the job stopped, its statement cancelled) when the run was taken away. */
	async beat(): Promise<boolean> {
		const ok = await updateOwnedRun(this.db, this.run.id, this.instanceId, { heartbeat: true });
		if (!ok) this.lose(true);
		return ok;
	}

	/** A guarded write of the run's row (progress, checkpoint, end); throws when the run is no longer ours. */
	async guard(set: OwnedUpdate): Promise<void> {
		if (!(await updateOwnedRun(this.db, this.run.id, this.instanceId, { heartbeat: true, ...set })))
			throw this.lose(false);
	}

	/** The job's writes, committed only if the run is still ours at the end (see JobContext.commit). */
	async commit<T>(
		write: Write<T>,
		checkpoint?: (result: T) => unknown
	): Promise<{ out: T; saved?: unknown }> {
		return this.sessionDb.transaction().execute(async (trx) => {
			const out = await write(trx);
			const set: OwnedUpdate = { heartbeat: true };
			const saved = checkpoint?.(out);
			if (checkpoint) set.checkpoint = saved == null ? null : JSON.stringify(saved);
			if (!(await updateOwnedRun(trx, this.run.id, this.instanceId, set))) throw this.lose(false);
			return { out, saved };
		});
	}

	/** Stops the job at its next check; with `cancel`, also the statement its session is running. */
	private lose(cancel: boolean): RunInterrupted {
		const reason = new RunInterrupted('lost');
		if (!this.lost) {
			this.lost = true;
			if (!this.controller.signal.aborted) this.controller.abort(reason);
			// By pid and name: a pid freed by an ended session may already serve someone else.
			if (cancel && this.session)
				void sql`select pg_cancel_backend(pid) from pg_stat_activity
					where pid = ${this.session.pid} and application_name = ${runSessionName(this.run.id)}`
					.execute(this.db)
					.catch(() => undefined);
		}
		return reason;
	}

	async close(): Promise<void> {
		if (!this.session) return;
		this.session.release();
		await this.session.closed;
	}
}
