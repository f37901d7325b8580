// Time for the runner and the jobs, passed in so that tests drive many scheduled ticks, stale
// heartbeats and deadlines without sleeping.
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
	private t: number;
	constructor(start: Date | string) {
		this.t = new Date(start).getTime();
	}
	now(): Date {
		return new Date(this.t);
	}
	set(d: Date | string): void {
		this.t = new Date(d).getTime();
	}
	advance(ms: number): Date {
		this.t += ms;
		return this.now();
	}
}
