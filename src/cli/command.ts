// The shape every `kiem-ky` subcommand module exports as `command`.
export interface CliCommand {
	name: string;
	/** One line, shown in `kiem-ky --help`. */
	summary: string;
	/** Full usage text, shown by `kiem-ky NAME --help`. */
	usage: string;
	/** Runs with the arguments after the command name; resolves to the exit code. */
	run(argv: string[]): Promise<number>;
}

/** Exit codes shared by all commands. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

export function wantsHelp(argv: string[]): boolean {
	return argv.includes('--help') || argv.includes('-h');
}
