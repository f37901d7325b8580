// CRL import (`kiem-ky import crl FILE...`): CRLs in PEM, DER, PKCS#7 or ZIP files into the crls
// table the verifier reads; a CRL already stored (same DER hash) is skipped.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { extractFromFile, ImportContext, type ImportInput } from '../../pki/certificate-import';
import { tryParseCrl } from '../../pki/crl';
import { recordAudit, type AuditInput } from '../audit/log';
import { storeCrl } from '../crls/store';
import { withRefusals } from './refused';

export interface CrlImportResult {
	found: number;
	inserted: number;
	alreadyPresent: number;
	problems: { source: string; reason: string }[];
}

export async function importCrlFiles(
	db: Kysely<Database>,
	inputs: readonly ImportInput[],
	who: Omit<AuditInput, 'action'>
): Promise<CrlImportResult> {
	const problems: CrlImportResult['problems'] = [];
	const crls = new Map<string, NonNullable<ReturnType<typeof tryParseCrl>>>();
	// One budget for all the files: archives within the caps of import-limits.ts, a bomb refuses the import.
	const ctx = new ImportContext();
	for (const input of inputs) {
		const r = await withRefusals(() => extractFromFile(input, ctx));
		problems.push(...r.problems);
		if (!r.crls.length && !r.problems.length)
			problems.push({ source: input.name, reason: 'tệp không chứa CRL nào' });
		for (const der of r.crls) {
			const c = tryParseCrl(der);
			if (c) crls.set(c.fingerprint, c);
			else problems.push({ source: input.name, reason: 'CRL không giải mã được' });
		}
	}
	return db.transaction().execute(async (trx) => {
		let inserted = 0;
		for (const c of crls.values()) if (await storeCrl(trx, c)) inserted += 1;
		const result = { found: crls.size, inserted, alreadyPresent: crls.size - inserted, problems };
		await recordAudit(trx, {
			...who,
			action: 'crl.import',
			entityType: 'crls',
			details: { found: result.found, inserted, files: inputs.map((i) => i.name).slice(0, 50) }
		});
		return result;
	});
}
