// Argument parsing for the CLI on node:util parseArgs, with usage errors as one Vietnamese line.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
	try {
		return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
	} catch (e) {
		throw new UsageError(`tham số không hợp lệ: ${describeParseError(e as Error & { code?: string })}`);
	}
}

/** node:util's messages are English; the operator reads Vietnamese. The option's name is kept verbatim. */
export function describeParseError(e: Error & { code?: string }): string {
	const option = /'(-{1,2}[^' <]+)/.exec(e.message)?.[1] ?? '';
	switch (e.code) {
		case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
			return `không có tùy chọn ${option} (xem --help)`;
		case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
			return /does not take an argument/.test(e.message)
				? `tùy chọn ${option} không nhận giá trị`
				: `tùy chọn ${option} cần một giá trị`;
		case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
			return 'thừa tham số (xem --help)';
		default:
			return e.message;
	}
}
