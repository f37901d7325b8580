// Walks the audit chain from the first entry and reports the first place where history was
// changed: an entry edited (its hash no longer matches its content), entries deleted (a link
// points past them, a gap in the sequence, the head or a checkpoint remembers a newer entry), an
// entry inserted (a link skips it), or an entry forged (its HMAC, under the key kept outside the
// database, does not match).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditEntry } from '../db/schema';
import { GENESIS_HASH, entryHash } from './chain-hash';
import { auditKey, macMatches, type AuditKey } from './audit-key';

export type ChainProblem = 'edited' | 'deleted' | 'inserted' | 'head_missing' | 'forged';

export type ChainReport =
	| {
			status: 'intact';
			checked: number;
			lastId: number | null;
			lastSeq: number | null;
			lastHash: string | null;
			/** Whether the entries' HMACs were checked (false: no key available to this process). */
			macChecked: boolean;
	  }
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

export async function verifyAuditChain(
	db: Kysely<Database>,
	key: AuditKey | null = auditKey()
): Promise<ChainReport> {
	let checked = 0;
	let prev: AuditEntry | null = null;
	let prevPrevHash: string | null = null;
	let afterId = -1;
	let macSeen = false;
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
			const expectedSeq = prev ? Number(prev.seq) + 1 : 1;
			if (Number(e.seq) !== expectedSeq)
				return broken(
					{
						problem: 'deleted',
						entryId: e.id,
						message: prev
							? `có mục đã bị xóa giữa mục #${prev.id} và mục #${e.id} (số thứ tự ${Number(prev.seq)} rồi ${Number(e.seq)})`
							: `các mục đầu tiên đã bị xóa: mục đầu còn lại (#${e.id}) có số thứ tự ${Number(e.seq)}`
					},
					checked
				);
			// Entries written before the key existed carry no MAC; once one does, all later ones must.
			if (e.mac) macSeen = true;
			if (key && e.mac && !macMatches(key, e.seq, e.hash, e.mac))
				return broken(
					{
						problem: 'edited',
						entryId: e.id,
						message: `mục #${e.id} đã bị sửa và tính lại mã băm (mã xác thực HMAC không khớp)`
					},
					checked
				);
			if (key && !e.mac && macSeen)
				return broken(
					{
						problem: 'forged',
						entryId: e.id,
						message: `mục #${e.id} không có mã xác thực (HMAC): được ghi ngoài ứng dụng`
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
	const checkpointProblem = await checkCheckpoints(db, prev);
	if (checkpointProblem) return broken(checkpointProblem, checked);
	const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirst();
	const intact = {
		status: 'intact' as const,
		checked,
		lastId: prev?.id ?? null,
		lastSeq: prev ? Number(prev.seq) : null,
		lastHash: prev?.hash ?? null,
		macChecked: key !== null
	};
	if (!head) {
		if (!prev && (await identityUsed(db)))
			return broken(
				{
					problem: 'deleted',
					entryId: null,
					message: 'nhật ký trống nhưng đã từng có mục được ghi: toàn bộ nhật ký đã bị xóa'
				},
				checked
			);
		if (!prev) return intact;
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
	return intact;
}

/** Whether audit_log's id sequence was ever used: an empty log after that was wiped (TRUNCATE keeps it). */
async function identityUsed(db: Kysely<Database>): Promise<boolean> {
	const { rows } = await sql<{ used: boolean }>`
		select pg_sequence_last_value(pg_get_serial_sequence('audit_log', 'id')::regclass) is not null as used`.execute(
		db
	);
	return rows[0]?.used ?? false;
}

/** A daily checkpoint names an entry (seq and hash) that must still be there, unchanged. */
async function checkCheckpoints(db: Kysely<Database>, last: AuditEntry | null): Promise<Finding | null> {
	const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').execute();
	for (const cp of checkpoints) {
		const day = String(cp.day).split('-').reverse().join('/');
		if (!last || Number(cp.seq) > Number(last.seq))
			return {
				problem: 'deleted',
				entryId: null,
				message: `điểm kiểm tra ngày ${day} ghi nhận mục số ${Number(cp.seq)} nhưng nhật ký chỉ còn đến số ${last ? Number(last.seq) : 0}`
			};
		const e = await db
			.selectFrom('audit_log')
			.select(['id', 'hash'])
			.where('seq', '=', cp.seq)
			.executeTakeFirst();
		if (!e || e.hash !== cp.hash)
			return {
				problem: 'edited',
				entryId: e?.id ?? null,
				message: `mục số ${Number(cp.seq)} khác với điểm kiểm tra ngày ${day}: nhật ký đã bị viết lại`
			};
	}
	return null;
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
