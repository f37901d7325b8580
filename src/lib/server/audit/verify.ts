// Walks the audit chain from the first entry and reports the first place where history was
// changed: an entry edited (its hash no longer matches its content), entries deleted (a link
// points past them, or the head remembers a newer entry), or an entry inserted (a link skips it).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditEntry } from '../db/schema';
import { GENESIS_HASH, entryHash } from './chain-hash';

export type ChainProblem = 'edited' | 'deleted' | 'inserted' | 'head_missing';

export type ChainReport =
	| { status: 'intact'; checked: number; lastId: number | null }
	| { status: 'broken'; problem: ChainProblem; entryId: number | null; checked: number; message: string };

const BATCH = 2000;

export function recomputeHash(e: AuditEntry): string {
	return entryHash({
		id: e.id,
		at: e.at,
		userId: e.user_id,
		actor: e.actor,
		action: e.action,
		entityType: e.entity_type,
		entityId: e.entity_id,
		details: e.details,
		ip: e.ip,
		prevHash: e.prev_hash
	});
}

export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainReport> {
	let checked = 0;
	let prev: AuditEntry | null = null;
	let prevPrevHash: string | null = null;
	let afterId = -1;
	for (;;) {
		const batch = await db
			.selectFrom('audit_log')
			.selectAll()
			.where('id', '>', afterId)
			.orderBy('id')
			.limit(BATCH)
			.execute();
		for (const e of batch) {
			const expectedPrev = prev?.hash ?? GENESIS_HASH;
			if (e.prev_hash !== expectedPrev)
				return broken(await classifyBrokenLink(db, prev, prevPrevHash, e), checked);
			if (recomputeHash(e) !== e.hash)
				return broken(
					{
						problem: 'edited',
						entryId: e.id,
						message: `mục #${e.id} đã bị sửa (mã băm không khớp nội dung)`
					},
					checked
				);
			checked++;
			prevPrevHash = prev?.hash ?? null;
			prev = e;
		}
		if (batch.length < BATCH) break;
		afterId = batch[batch.length - 1]!.id;
	}
	const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirst();
	if (!head) {
		if (!prev) return { status: 'intact', checked, lastId: null };
		return broken(
			{ problem: 'head_missing', entryId: null, message: 'mất bản ghi đầu chuỗi (audit_chain_head)' },
			checked
		);
	}
	if (!prev || head.last_id > prev.id)
		return broken(
			{
				problem: 'deleted',
				entryId: head.last_id,
				message: `các mục cuối đã bị xóa: mục mới nhất phải là #${head.last_id}`
			},
			checked
		);
	if (head.last_id < prev.id)
		return broken(
			{
				problem: 'inserted',
				entryId: prev.id,
				message: `có mục được chèn sau mục #${head.last_id} (mới nhất hợp lệ)`
			},
			checked
		);
	if (head.last_hash !== prev.hash)
		return broken(
			{ problem: 'edited', entryId: prev.id, message: `mục #${prev.id} đã bị sửa và tính lại mã băm` },
			checked
		);
	return { status: 'intact', checked, lastId: prev.id };
}

type Finding = { problem: ChainProblem; entryId: number | null; message: string };

function broken(f: Finding, checked: number): ChainReport {
	return { status: 'broken', ...f, checked };
}

/** `e` does not link to `prev`: decide whether something was inserted, deleted or rewritten. */
async function classifyBrokenLink(
	db: Kysely<Database>,
	prev: AuditEntry | null,
	prevPrevHash: string | null,
	e: AuditEntry
): Promise<Finding> {
	// e links to the entry before prev: prev was slipped in between them.
	if (prev && prevPrevHash !== null && e.prev_hash === prevPrevHash)
		return { problem: 'inserted', entryId: prev.id, message: `mục #${prev.id} đã bị chèn vào chuỗi` };
	// The entry after e links to prev: e was slipped in.
	const next = await db
		.selectFrom('audit_log')
		.select(['id', 'prev_hash'])
		.where('id', '>', e.id)
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
	const prevHash = prev?.hash ?? GENESIS_HASH;
	if (next && next.prev_hash === prevHash)
		return { problem: 'inserted', entryId: e.id, message: `mục #${e.id} đã bị chèn vào chuỗi` };
	// prev's content was rewritten together with its hash: e still links to prev's original hash.
	if (prev && e.id === prev.id + 1)
		return { problem: 'edited', entryId: prev.id, message: `mục #${prev.id} đã bị sửa và tính lại mã băm` };
	const where = prev ? `giữa mục #${prev.id} và mục #${e.id}` : `trước mục #${e.id}`;
	return { problem: 'deleted', entryId: e.id, message: `có mục đã bị xóa ${where}` };
}
