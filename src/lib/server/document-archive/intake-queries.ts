// The reads of an intake: the agency a document is filed under (within the caller's scope), and
// the document already stored under the same (source system, source id), with its latest verdict.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { Indication } from '../../pki/verdicts';
import { latestVerification } from './latest-verification';
import { inScope } from '../scope';
import { INTAKE_REFUSALS as R } from './intake-refusals';

export interface IntakeAgency {
	id: number;
	code: string;
	path: string;
}

/** The agency by code (API) or id (upload form); 400 when unknown, 403 when outside the scope. */
export async function resolveIntakeAgency(
	db: Kysely<Database>,
	ref: { code: string } | { id: number },
	scope: AgencyScope
): Promise<IntakeAgency> {
	const q = db.selectFrom('agencies').select(['id', 'code', 'path']);
	const row =
		'code' in ref
			? await q.where('code', '=', ref.code.trim()).executeTakeFirst()
			: await q.where('id', '=', ref.id).executeTakeFirst();
	const label = 'code' in ref ? ref.code.trim() : String(ref.id);
	if (!row) throw R.unknownAgency(label);
	if (scope.kind === 'subtree' && !row.path.startsWith(scope.path)) throw R.outOfScope(row.code);
	return row;
}

export interface ExistingDocument {
	id: number;
	contentSha256: string;
	signatureSha256: string | null;
	/** Whether the caller's scope covers the stored document's agency. */
	inScope: boolean;
	latest: { indication: Indication; subIndication: string | null; report: unknown } | null;
}

export async function existingDocument(
	db: Kysely<Database>,
	sourceSystem: string,
	sourceId: string,
	scope: AgencyScope
): Promise<ExistingDocument | undefined> {
	const row = await db
		.selectFrom('archived_documents as d')
		.leftJoinLateral(latestVerification, (join) => join.onTrue())
		.select(({ ref }) => [
			'd.id',
			'd.content_sha256',
			'd.signature_sha256',
			'lv.indication',
			'lv.sub_indication',
			'lv.report',
			sql<boolean>`coalesce(${inScope(scope, ref('d.issuing_agency_id'))}, false)`.as('in_scope')
		])
		.where('d.source_system', '=', sourceSystem)
		.where('d.source_id', '=', sourceId)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		id: row.id,
		contentSha256: row.content_sha256,
		signatureSha256: row.signature_sha256,
		inScope: row.in_scope,
		latest: row.indication
			? {
					indication: row.indication as Indication,
					subIndication: row.sub_indication,
					report: row.report
				}
			: null
	};
}
