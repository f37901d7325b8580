// The caps of one certificate import (a page upload, a CLI run, a CRL import): what its archives may inflate to,
// how many certificate/CRL objects it may hold counting repeats, and how many distinct certificates it may parse.
// Breaking a cap refuses the whole import with an ImportRefusedError (a code, the file, a Vietnamese message).
import type { ParsedCert } from './certificate';
import { DEFAULT_ZIP_LIMITS, ZipBudget, type ZipErrorCode, type ZipLimits } from './zip-limits';

export interface ImportLimits {
	zip: ZipLimits;
	/** Distinct certificates (by SHA-256 of the DER): each is parsed and described, the costly part. */
	maxCertificates: number;
	/** Certificate, CRL and PEM objects counting repeats (a repeat costs only a hash). */
	maxObjects: number;
	/** Problems listed one by one; beyond this they are counted in one line. */
	maxProblems: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
	zip: DEFAULT_ZIP_LIMITS,
	maxCertificates: 10_000,
	maxObjects: 200_000,
	maxProblems: 200
});

export type ImportRefusedCode = ZipErrorCode | 'IMPORT_TOO_MANY_CERTIFICATES' | 'IMPORT_TOO_MANY_OBJECTS';

/** The import as a whole is refused: a cap was broken (a bomb, an absurd bundle). Nothing is imported. */
export class ImportRefusedError extends Error {
	constructor(
		readonly code: ImportRefusedCode,
		/** The file (or "archive.zip/entry") where the cap was reached. */
		readonly source: string,
		/** The archive entry named by the reader, if any. */
		readonly entry: string | null,
		message: string
	) {
		super(message);
		this.name = 'ImportRefusedError';
	}
}

export interface ImportLimitsInput {
	zip?: Partial<ZipLimits>;
	maxCertificates?: number;
	maxObjects?: number;
	maxProblems?: number;
}

export function resolveImportLimits(input: ImportLimitsInput = {}): ImportLimits {
	return {
		...DEFAULT_IMPORT_LIMITS,
		...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
		zip: { ...DEFAULT_IMPORT_LIMITS.zip, ...input.zip }
	};
}

/** The state one import carries across its files: the archive budget, counters, and block results by hash. */
export class ImportContext {
	readonly limits: ImportLimits;
	readonly zipBudget: ZipBudget;
	objects = 0;
	/** What a DER block held, by the SHA-256 of the block: a repeated bundle is split once. */
	readonly blocks = new Map<string, { certs: Uint8Array[]; crls: Uint8Array[] } | null>();
	/** Certificates parsed while telling blocks apart, by fingerprint, so the import does not parse them again. */
	readonly parsed = new Map<string, ParsedCert>();
	private lastYield = performance.now();

	constructor(limits: ImportLimitsInput = {}) {
		this.limits = resolveImportLimits(limits);
		this.zipBudget = new ZipBudget(this.limits.zip);
	}

	/** Parsing is synchronous: every ~20 ms of it, let the event loop serve other requests (sign-ins, pages). */
	readonly pace = async (): Promise<void> => {
		if (performance.now() - this.lastYield < 20) return;
		await new Promise((resolve) => setImmediate(resolve));
		this.lastYield = performance.now();
	};

	/** Counts `n` more objects found in `source`; refuses the import past the cap. */
	count(n: number, source: string): void {
		this.objects += n;
		if (this.objects > this.limits.maxObjects)
			throw new ImportRefusedError(
				'IMPORT_TOO_MANY_OBJECTS',
				source,
				null,
				`lượt nhập chứa quá ${this.limits.maxObjects} chứng thư, CRL hay khối PEM (kể cả bản lặp); hãy chia nhỏ`
			);
	}
}
