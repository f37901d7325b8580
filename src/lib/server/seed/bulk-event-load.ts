// The seed's event load into an empty signing_events, and what it defers until the rows are in.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';
import { withIndexesDeferred } from '../db/deferred-indexes';

/**
 * Runs `load` (the seed's event load into an empty signing_events) the fast way, in one transaction, so
 * that a failure or a crash leaves the events table empty and as it was:
 *  - the non-unique indexes are dropped and built again afterwards as they were
 *    (withIndexesDeferred): one sorted build per index costs a fraction of updating five b-trees
 *    row by row;
 *  - where the session may (a superuser: PGlite, a development server), the per-row foreign-key
 *    checks and the key-register trigger are off while loading (session_replication_role =
 *    replica; they were two thirds of the insert's cost), and their work is then done set-based:
 *    the register filled in one insert (its primary key built after it), the references checked
 *    in one pass of hash joins that fails the seed if any event names a missing certificate,
 *    person or agency.
 * The events' unique and check constraints stay on throughout. `load` gets the transaction and must
 * write through it (or through the same session's client). `done(step)` is called as each step ends
 * (the seed's phase log).
 */
export async function bulkEventLoad<T>(
	db: Kysely<Database>,
	load: (trx: Kysely<Database>) => Promise<T>,
	done: (step: string) => void = () => undefined
): Promise<T> {
	const su = await sql<{ on: string }>`select current_setting('is_superuser') as on`.execute(db);
	const replica = su.rows[0]?.on === 'on';
	const out = await db.transaction().execute((trx) =>
		withIndexesDeferred(trx, ['signing_events'], async () => {
			if (replica) await sql`set local session_replication_role = replica`.execute(trx);
			const out = await load(trx);
			if (replica) {
				await sql`set local session_replication_role = origin`.execute(trx);
				await withIndexesDeferred(
					trx,
					['signing_event_keys'],
					() =>
						sql`insert into signing_event_keys (source_system, source_id)
							select source_system, source_id from signing_events`.execute(trx),
					{ keys: true }
				);
				done('key register');
				await checkReferences(trx);
				done('references checked');
			}
			return out;
		})
	);
	done('indexes built');
	return out;
}

/** Fails the seed if an event names a certificate, person or agency that does not exist (the foreign keys,
 * set-based: hash joins, where `not exists` under an `or` would probe an index per event). */
async function checkReferences(db: Kysely<Database>): Promise<void> {
	const bad = await sql<{ n: number }>`
		select count(*)::int as n from signing_events e
		left join certificates c on c.id = e.certificate_id
		left join people p on p.id = e.acting_person_id
		left join agencies a on a.id = e.document_agency_id
		where (e.certificate_id is not null and c.id is null)
			or (e.acting_person_id is not null and p.id is null)
			or (e.document_agency_id is not null and a.id is null)`.execute(db);
	if (bad.rows[0]!.n > 0)
		throw new AppError(
			'INTERNAL',
			`Dữ liệu mẫu lỗi: ${bad.rows[0]!.n} sự kiện ký số tham chiếu chứng thư, người hoặc cơ quan không tồn tại.`
		);
}
