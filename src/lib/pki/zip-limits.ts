// The caps and the errors of the ZIP reader (zip-reader.ts): what an archive may cost, the budget one operation
// shares across its archives, and ZipError with its codes and Vietnamese messages.
export type ZipErrorCode =
	/** Limits: the archive would cost more than it is allowed to (zip bombs). */
	| 'ZIP_TOO_MANY_ENTRIES'
	| 'ZIP_TOO_LARGE'
	| 'ZIP_RATIO'
	| 'ZIP_OVERLAP'
	/** Integrity: the archive is damaged or lies about its contents. */
	| 'ZIP_CORRUPT'
	| 'ZIP_UNSUPPORTED'
	| 'ZIP_SIZE_MISMATCH'
	| 'ZIP_CRC';

const HOSTILE: ReadonlySet<ZipErrorCode> = new Set([
	'ZIP_TOO_MANY_ENTRIES',
	'ZIP_TOO_LARGE',
	'ZIP_RATIO',
	'ZIP_OVERLAP'
]);

/** Why an archive was refused: a code, a Vietnamese message naming the entry, and the entry's name. */
export class ZipError extends Error {
	constructor(
		readonly code: ZipErrorCode,
		message: string,
		readonly entry: string | null = null
	) {
		super(message);
		this.name = 'ZipError';
	}

	/** True for the caps (bombs, overlapping entries), false for damaged archives. */
	get hostile(): boolean {
		return HOSTILE.has(this.code);
	}
}

export interface ZipLimits {
	/** Entries (files and folders) in all archives read with one budget. */
	maxEntries: number;
	/** Uncompressed bytes of all archives read with one budget. */
	maxTotalBytes: number;
	/** Largest uncompressed/compressed ratio, per entry and per archive ... */
	maxRatio: number;
	/** ... once the uncompressed size exceeds this floor (small, very compressible files are harmless). */
	ratioFloor: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
	maxEntries: 10_000,
	maxTotalBytes: 64 * 1024 * 1024,
	maxRatio: 100,
	ratioFloor: 1024 * 1024
});

/** What is left of one operation's allowance, shared by every archive (and nested archive) it reads. */
export class ZipBudget {
	readonly limits: Readonly<ZipLimits>;
	entriesLeft: number;
	bytesLeft: number;
	constructor(limits: Partial<ZipLimits> = {}) {
		this.limits = { ...DEFAULT_ZIP_LIMITS, ...limits };
		this.entriesLeft = this.limits.maxEntries;
		this.bytesLeft = this.limits.maxTotalBytes;
	}
}

const MiB = 1024 * 1024;
export const formatBytes = (n: number): string =>
	n >= MiB
		? `${Math.round((n / MiB) * 10) / 10} MiB`
		: n >= 1024
			? `${Math.round(n / 1024)} KiB`
			: `${n} byte`;
/** Entry names come from the uploader: no control characters and a bounded length in messages. */
export const quoteName = (s: string): string =>
	// eslint-disable-next-line no-control-regex
	`"${s.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200)}${s.length > 200 ? '…' : ''}"`;
