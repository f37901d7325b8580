// Structured logs: one JSON object per line (pino), with the request id on every line written
// while a request is being served (an AsyncLocalStorage context, so code deep in a service logs
// without being handed a logger). KIEMKY_LOG_LEVEL sets the level (fatal, error, warn, info,
// debug, trace, silent); the default is info, and warn under the test runner.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

export interface RequestContext {
	requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function configuredLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
	const wanted = env.KIEMKY_LOG_LEVEL?.toLowerCase();
	if (wanted && (LOG_LEVELS as readonly string[]).includes(wanted)) return wanted as LogLevel;
	return env.VITEST ? 'warn' : 'info';
}

export function createLogger(
	destination?: DestinationStream,
	level: LogLevel = configuredLogLevel()
): Logger {
	return pino(
		{
			level,
			base: { service: 'kiem-ky' },
			timestamp: pino.stdTimeFunctions.isoTime,
			formatters: { level: (label) => ({ level: label }) },
			mixin: () => {
				const ctx = requestContext.getStore();
				return ctx ? { requestId: ctx.requestId } : {};
			}
		},
		destination
	);
}

export const logger: Logger = createLogger();
