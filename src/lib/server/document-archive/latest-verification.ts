// A document's latest verification (the newest verified_at, then the newest id), joined laterally
// so that a list of documents carries each one's current verdict. One definition for the archive's
// lists and the intake's "already stored" check, which must agree on what "latest" means.
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema';

/** The query builder over `archived_documents as d` that the lateral join refers to. */
type WithDocument = Database & { d: Database['archived_documents'] };

/** Use as `.leftJoinLateral(latestVerification, (join) => join.onTrue())`: its columns are `lv.*`. */
export function latestVerification(eb: ExpressionBuilder<WithDocument, 'd'>) {
	return eb
		.selectFrom('document_verifications as v')
		.select(['v.indication', 'v.sub_indication', 'v.verified_at', 'v.report'])
		.whereRef('v.document_id', '=', 'd.id')
		.orderBy('v.verified_at', 'desc')
		.orderBy('v.id', 'desc')
		.limit(1)
		.as('lv');
}
