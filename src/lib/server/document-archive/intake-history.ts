// Every intake leaves two traces: a row in the import history (import_runs, kind 'documents': who
// or which key, counts, duration) and an audit entry (archive.intake, or archive.intake_refused).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { AuditWho } from '../audit/from-event';
import { recordAudit } from '../audit/log';

/** Who files the document, and through which door. */
export interface IntakeActor {
	origin: 'api' | 'upload';
	scope: AgencyScope;
	apiKeyId: number | null;
	userId: number | null;
	who: AuditWho;
}

export interface IntakeRunRecord {
	sourceSystem: string;
	fileName: string | null;
	outcome: 'inserted' | 'already_present' | 'rejected';
	error?: string;
	startedAt: Date;
	durationMs: number;
}

export async function recordIntakeRun(
	db: Kysely<Database>,
	actor: IntakeActor,
	r: IntakeRunRecord
): Promise<number> {
	const row = await db
		.insertInto('import_runs')
		.values({
			kind: 'documents',
			origin: actor.origin,
			user_id: actor.userId,
			api_key_id: actor.apiKeyId,
			source_system: r.sourceSystem.slice(0, 200),
			file_name: r.fileName?.slice(0, 255) ?? null,
			status: r.outcome === 'rejected' ? 'rejected' : 'committed',
			rows_total: 1,
			rows_read: 1,
			inserted: r.outcome === 'inserted' ? 1 : 0,
			already_present: r.outcome === 'already_present' ? 1 : 0,
			rejected: r.outcome === 'rejected' ? 1 : 0,
			error: r.error ?? null,
			started_at: r.startedAt,
			finished_at: new Date(r.startedAt.getTime() + r.durationMs),
			duration_ms: Math.round(r.durationMs)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function auditIntake(
	db: Kysely<Database>,
	actor: IntakeActor,
	documentId: number,
	details: Record<string, unknown>
): Promise<void> {
	await recordAudit(db, {
		...actor.who,
		action: 'archive.intake',
		entityType: 'archived_document',
		entityId: documentId,
		details: { origin: actor.origin, apiKeyId: actor.apiKeyId, userId: actor.userId, ...details }
	});
}

export async function auditIntakeRefused(
	db: Kysely<Database>,
	actor: IntakeActor,
	details: Record<string, unknown>
): Promise<void> {
	await recordAudit(db, {
		...actor.who,
		action: 'archive.intake_refused',
		entityType: 'archived_document',
		details: { origin: actor.origin, apiKeyId: actor.apiKeyId, userId: actor.userId, ...details }
	});
}
