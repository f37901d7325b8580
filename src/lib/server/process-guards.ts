// The server process outlives a stray rejected promise. Node ends the process on an unhandled
// rejection, so one forgotten `.catch` in a timer or a fire-and-forget task (a lost database
// connection is the usual cause) would take every page down with it. The rejection is logged
// and the server keeps serving; each such log line is a bug to fix where the promise was made.
// Uncaught exceptions still end the process: after one, its state is unknown.
let installed = false;

export function keepServingOnStrayRejections(log: (line: string) => void = console.error): void {
	if (installed) return;
	installed = true;
	process.on('unhandledRejection', (reason) => {
		const what = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
		log(`[kiem-ky] unhandled promise rejection (the server keeps running): ${what}`);
	});
}
