// archive-reverify: re-verifies archived signed documents with the PKI engine, using each
// document's received time as proof of existence (Điều 13.6); every result is kept in
// document_verifications; a finding when the verdict is not TOTAL_PASSED or got worse than the
// previous one (Điều 3.2, 12). Incremental (documents never verified, and those whose signers'
// revocation changed since their last verification), with a full sweep on the 1st of each month
// or on request. Work is split in batches that any instance may take; the verifier (and its
// per-certificate chain cache) is built once per run per instance. A batch's verifications and
// findings commit with its completion, under its lease: a batch is recorded once. Each PDF's
// signature appearance is judged too (Điều 13, appearance-findings.ts).
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { JobContext, JobCounts, JobDefinition } from '../definition';
import { throwIfAborted } from '../definition';
import { ARCHIVE_REVERIFY } from '../catalogue';
import type { Verifier } from '../../pki/verifier';
import type { ValidationMaterial } from '../../pki/validation-material';
import { storeValidationEvidence } from '../../server/verification/evidence';
import type { Database } from '../../server/db/schema';
import { FINDING_KINDS } from '../../domain/findings';
import { foundFromRows, syncFindings, type FoundFinding } from '../../server/findings/sync';
import { vietnamDay } from '../../time/vietnam';
import {
	appearanceFindings,
	rolesFromInventory,
	syncAppearanceFindings
} from '../../server/document-archive/appearance-findings';

type Payload = { full: boolean };
const BATCH_SIZE = 100;
const RANK: Record<string, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

const verifiers = new Map<number, Promise<Verifier>>();

async function buildVerifier(ctx: JobContext<Payload>): Promise<Verifier> {
	// Loaded on use so that listing the jobs does not pull the PKI engine into every page's chunk.
	await import('../../pki/x509');
	// The factory the "Xác minh lại" button uses: same sources, same administrator's settings.
	const { createDbVerifier } = await import('../../server/verification/sources');
	return (await createDbVerifier(ctx.db, { clock: () => ctx.clock.now() })).verifier;
}

function verifierFor(ctx: JobContext<Payload>): Promise<Verifier> {
	let v = verifiers.get(ctx.runId);
	if (!v) {
		if (verifiers.size > 4) verifiers.clear();
		v = buildVerifier(ctx);
		verifiers.set(ctx.runId, v);
	}
	return v;
}

async function documentsToVerify(ctx: JobContext<Payload>, full: boolean): Promise<number[]> {
	if (full)
		return (await ctx.db.selectFrom('archived_documents').select('id').orderBy('id').execute()).map(
			(r) => r.id
		);
	const { rows } = await sql<{ id: number }>`
		select d.id from archived_documents d
		left join lateral (select v.verified_at, v.signer_fingerprints, v.report from document_verifications v
			where v.document_id = d.id order by v.verified_at desc, v.id desc limit 1) last on true
		where last.verified_at is null
			or exists (select 1 from certificates c where c.fingerprint_sha256 = any(last.signer_fingerprints)
				and c.status = 'revoked'
				and not coalesce(last.report -> 'revoked_signers', '[]'::jsonb) ? c.fingerprint_sha256)
		order by d.id`.execute(ctx.db);
	return rows.map((r) => r.id);
}

export const archiveReverify: JobDefinition<Payload> = {
	...ARCHIVE_REVERIFY,
	async run(ctx) {
		const full =
			ctx.payload.full || (ctx.scheduledFor !== null && vietnamDay(ctx.scheduledFor).endsWith('-01'));
		try {
			const counts = await ctx.batches.run(async () => {
				const ids = await documentsToVerify(ctx, full);
				await ctx.log.info(`${full ? 'Quét toàn bộ' : 'Quét bổ sung'}: ${ids.length} văn bản.`);
				const batches: number[][] = [];
				for (let i = 0; i < ids.length; i += BATCH_SIZE) batches.push(ids.slice(i, i + BATCH_SIZE));
				return batches;
			});
			return { full: full ? 1 : 0, ...counts };
		} finally {
			verifiers.delete(ctx.runId);
		}
	},
	async processBatch(ctx, batch): Promise<JobCounts> {
		const ids = batch as number[];
		if (!ids.length) return {};
		const verifier = await verifierFor(ctx);
		const docs = await ctx.db
			.selectFrom('archived_documents as d')
			.innerJoin('document_contents as c', 'c.sha256', 'd.content_sha256')
			.leftJoin('document_contents as s', 's.sha256', 'd.signature_sha256')
			.select([
				'd.id',
				'd.file_name',
				'd.format',
				'd.document_number',
				'd.issuing_agency_id',
				'd.received_at',
				'c.content',
				's.content as signature'
			])
			.where('d.id', 'in', ids)
			.execute();
		const previous = await sql<{ document_id: number; indication: string; sub_indication: string | null }>`
			select distinct on (document_id) document_id, indication, sub_indication from document_verifications
			where document_id in (${sql.join(ids)}) order by document_id, verified_at desc, id desc`.execute(ctx.db);
		const prev = new Map(previous.rows.map((r) => [r.document_id, r]));
		const found: FoundFinding[] = [];
		const appearance: FoundFinding[] = [];
		const verifications: Insertable<Database['document_verifications']>[] = [];
		const materials = new Map<number, ValidationMaterial>();
		let passed = 0;
		// Signers already known revoked at this verification: a later revocation triggers a re-verification.
		const revoked = new Set<string>();
		for (const d of docs) {
			throwIfAborted(ctx.signal);
			const content = new Uint8Array(d.content);
			// One time for the verdict, the row and the kept material, so the verification can be replayed exactly.
			const at = ctx.clock.now();
			const { report, material } = d.signature
				? await verifier.verifyFileWithEvidence(new Uint8Array(d.signature), {
						detachedContent: content,
						validationTime: at,
						poeTime: d.received_at
					})
				: await verifier.verifyFileWithEvidence(content, {
						fileName: d.file_name,
						validationTime: at,
						poeTime: d.received_at
					});
			materials.set(d.id, material);
			const signers = report.signatures.map((s) => s.signer?.fingerprint).filter((f): f is string => !!f);
			if (signers.length)
				for (const r of await ctx.db
					.selectFrom('certificates')
					.select('fingerprint_sha256')
					.where('status', '=', 'revoked')
					.where('fingerprint_sha256', 'in', signers)
					.execute())
					revoked.add(r.fingerprint_sha256);
			verifications.push({
				document_id: d.id,
				verified_at: at,
				validation_time: at,
				poe_time: d.received_at,
				indication: report.indication,
				sub_indication: report.subIndication,
				signer_fingerprints: signers,
				report: JSON.stringify({
					explanation: report.explanation,
					error: report.error ?? null,
					notes: report.notes,
					signatures: report.signatures.length,
					revoked_signers: signers.filter((f) => revoked.has(f))
				}),
				job_run_id: ctx.runId
			});
			if (d.format === 'pdf' && !d.signature)
				appearance.push(
					...appearanceFindings(
						{
							id: d.id,
							format: d.format,
							fileName: d.file_name,
							documentNumber: d.document_number,
							agencyId: d.issuing_agency_id,
							content
						},
						await rolesFromInventory(ctx.db, report.signatures)
					)
				);
			const before = prev.get(d.id);
			const base = {
				agency_id: d.issuing_agency_id,
				certificate_id: null,
				person_id: null,
				token_id: null,
				document_id: d.id,
				request_id: null
			};
			const label = d.document_number ? `số ${d.document_number}` : `"${d.file_name}"`;
			if (report.indication === 'TOTAL_PASSED') passed += 1;
			else
				found.push({
					...base,
					dedupe_key: `archive_verification_failed:${d.id}`,
					kind: 'archive_verification_failed',
					severity: FINDING_KINDS.archive_verification_failed.severity,
					legal_basis: FINDING_KINDS.archive_verification_failed.legalBasis,
					summary: `Văn bản lưu trữ ${label} không còn xác thực hợp lệ: ${report.explanation}`,
					evidence: {
						indication: report.indication,
						sub_indication: report.subIndication,
						received_at: d.received_at
					}
				});
			if (before && RANK[report.indication]! > RANK[before.indication]!)
				found.push({
					...base,
					dedupe_key: `archive_verdict_worse:${d.id}:${before.indication}>${report.indication}`,
					kind: 'archive_verdict_worse',
					severity: FINDING_KINDS.archive_verdict_worse.severity,
					legal_basis: FINDING_KINDS.archive_verdict_worse.legalBasis,
					summary: `Kết quả xác thực văn bản lưu trữ ${label} xấu đi: từ ${before.indication} thành ${report.indication}.`,
					evidence: {
						before: before.indication,
						after: report.indication,
						sub_indication: report.subIndication
					}
				});
		}
		const within = sql<boolean>`f.document_id in (${sql.join(ids)})`;
		return ctx.complete(async (trx) => {
			if (verifications.length) {
				const rows = await trx
					.insertInto('document_verifications')
					.values(verifications)
					.returning(['id', 'document_id'])
					.execute();
				// Each document once per batch: its row is found by document id, whatever order RETURNING gives.
				for (const r of rows) {
					const m = materials.get(r.document_id);
					if (m) await storeValidationEvidence(trx, r.id, m);
				}
			}
			const failed = await syncFindings(trx, {
				kinds: ['archive_verification_failed'],
				found: foundFromRows(found.filter((f) => f.kind === 'archive_verification_failed')),
				now: ctx.clock.now(),
				resolveWithin: within
			});
			// A worsening is a past event: it stays until a user resolves it, so this pass resolves none.
			const worse = await syncFindings(trx, {
				kinds: ['archive_verdict_worse'],
				found: foundFromRows(found.filter((f) => f.kind === 'archive_verdict_worse')),
				now: ctx.clock.now(),
				resolveWithin: sql<boolean>`false`
			});
			const looks = await syncAppearanceFindings(trx, ids, appearance, ctx.clock.now());
			return {
				verified: docs.length,
				passed,
				notPassed: docs.length - passed,
				opened: failed.opened + worse.opened + looks.opened,
				resolved: failed.resolved + looks.resolved
			};
		});
	}
};
