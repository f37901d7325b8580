// How a refused upload reaches a user: the PKI library's typed refusals (a broken cap of the import, a hostile or
// damaged archive) become AppError IMPORT_FAILED (HTTP 400) with the file, the entry and the reason in Vietnamese,
// and the code in `details.reason` for tests and logs.
import { AppError } from '../../errors';
import { ImportRefusedError } from '../../pki/import-limits';
import { quoteName, ZipError } from '../../pki/zip-reader';

/** The AppError for a refusal, or null when `e` is something else (the caller rethrows it). */
export function refusalAsAppError(e: unknown, fileName?: string): AppError | null {
	if (e instanceof ImportRefusedError)
		return new AppError(
			'IMPORT_FAILED',
			`Tệp ${quoteName(e.source)} bị từ chối: ${e.message}. Không có gì được nhập.`,
			{ reason: e.code, source: e.source, entry: e.entry },
			{ cause: e }
		);
	if (e instanceof ZipError)
		return new AppError(
			'IMPORT_FAILED',
			`${fileName ? `Tệp ${quoteName(fileName)}` : 'Tệp'} bị từ chối: ${e.message}.`,
			{ reason: e.code, source: fileName ?? null, entry: e.entry },
			{ cause: e }
		);
	return null;
}

/** Runs `f`, turning a refusal into its AppError. */
export async function withRefusals<T>(f: () => Promise<T>, fileName?: string): Promise<T> {
	try {
		return await f();
	} catch (e) {
		throw refusalAsAppError(e, fileName) ?? e;
	}
}
