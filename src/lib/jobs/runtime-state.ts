// What the pages need to know of this process's job runtime, without importing it (and through it
// every job handler): whether this instance fires the schedules (for /readyz), and a way for
// "Chạy ngay" to start a queued run here at once. The runtime (runtime.ts) registers itself.
export type SchedulerState = 'on' | 'off' | 'stopped';

interface Registered {
	scheduler: 'on' | 'off';
	startHere(runId: number): void;
}

let registered: Registered | undefined;

export function registerJobRuntime(r: Registered | undefined): void {
	registered = r;
}

export function schedulerState(): SchedulerState {
	return registered?.scheduler ?? 'stopped';
}

/** Starts a queued run in this process when it runs jobs; false when it does not (a worker will). */
export function startRunHere(runId: number): boolean {
	if (!registered) return false;
	registered.startHere(runId);
	return true;
}
