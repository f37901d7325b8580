// Argument parsing for the CLI on node:util parseArgs, with usage errors as one Vietnamese line.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
	try {
		return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
	} catch (e) {
		throw new UsageError(`tham số không hợp lệ: ${(e as Error).message}`);
	}
}
