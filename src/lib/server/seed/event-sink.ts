// Buffers signing events and writes them in large set-based inserts (one `unnest` of column arrays per batch of
// 20,000 rows), the fastest way into both PGlite and PostgreSQL short of COPY.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../../errors';

export interface EventRow {
	signedAt: Date;
	certificateId: number;
	actingPersonId: number | null;
	actingTitle: string | null;
	signingForm: 'own' | 'kt' | 'tl' | 'tuq' | 'tm' | 'q' | 'org' | 'copy' | 'attachment';
	documentNumber: string | null;
	documentAgencyId: number | null;
	classification?: 'normal' | 'confidential' | 'secret' | 'top_secret';
	channel: 'qlvb' | 'dvc' | 'email' | 'portal' | 'other';
	direction?: 'outgoing' | 'incoming';
	incomingIndication?: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | null;
	accepted?: boolean | null;
	sourceSystem: string;
	sourceId: string;
}

export const SOURCE_SYSTEM = {
	qlvb: 'QLVBDH',
	dvc: 'DVC',
	email: 'EMAIL',
	portal: 'CONG-TTDT',
	other: 'KHAC'
} as const;

const SEP = '\u001f';
const NULL = '\u001e';

export class EventSink {
	private rows: EventRow[] = [];
	count = 0;

	constructor(
		private readonly db: Kysely<Database>,
		private readonly batchSize = 20_000
	) {}

	async add(row: EventRow): Promise<void> {
		this.rows.push(row);
		if (this.rows.length >= this.batchSize) await this.flush();
	}

	async flush(): Promise<void> {
		if (!this.rows.length) return;
		const r = this.rows;
		this.rows = [];
		this.count += r.length;
		// Each column travels as one delimited string: PGlite serialises a JS array element by element, which
		// costs more than the insert itself.
		const col = (f: (e: EventRow) => string | number | boolean | null | undefined) =>
			r
				.map((e) => {
					const v = f(e);
					return v === null || v === undefined ? NULL : v === true ? 't' : v === false ? 'f' : String(v);
				})
				.join(SEP);
		await sql`
			insert into signing_events (signed_at, certificate_id, acting_person_id, acting_title, signing_form, document_number,
				document_agency_id, classification, channel, direction, incoming_indication, accepted, source_system, source_id)
			select to_timestamp(t), c, p, title, form, num, ag, cls, ch, dir, ind, acc, sys, sid from unnest(
				string_to_array(${col((e) => Math.round(e.signedAt.getTime() / 1000))}, ${SEP})::bigint[],
				string_to_array(${col((e) => e.certificateId)}, ${SEP})::int[],
				string_to_array(${col((e) => e.actingPersonId)}, ${SEP}, ${NULL})::int[],
				string_to_array(${col((e) => e.actingTitle)}, ${SEP}, ${NULL}),
				string_to_array(${col((e) => e.signingForm)}, ${SEP}),
				string_to_array(${col((e) => e.documentNumber)}, ${SEP}, ${NULL}),
				string_to_array(${col((e) => e.documentAgencyId)}, ${SEP}, ${NULL})::int[],
				string_to_array(${col((e) => e.classification ?? 'normal')}, ${SEP}),
				string_to_array(${col((e) => e.channel)}, ${SEP}),
				string_to_array(${col((e) => e.direction ?? 'outgoing')}, ${SEP}),
				string_to_array(${col((e) => e.incomingIndication)}, ${SEP}, ${NULL}),
				string_to_array(${col((e) => e.accepted)}, ${SEP}, ${NULL})::boolean[],
				string_to_array(${col((e) => e.sourceSystem)}, ${SEP}),
				string_to_array(${col((e) => e.sourceId)}, ${SEP})
			) as u(t, c, p, title, form, num, ag, cls, ch, dir, ind, acc, sys, sid)
		`.execute(this.db);
	}
}

/**
 * Runs `load` (the seed's event load into an empty signing_events) the fast way:
 *  - the non-unique indexes are dropped and built again afterwards as they were (definitions read
 *    from the catalogue, so a migration that changes one needs no change here): one sorted build
 *    per index costs a fraction of updating five b-trees row by row;
 *  - where the session may (a superuser: PGlite, a development server), the per-row foreign-key
 *    checks and the key-register trigger are off while loading (session_replication_role =
 *    replica; they were two thirds of the insert's cost), and their work is then done set-based:
 *    the register filled in one insert, the references checked in one anti-join that fails the
 *    seed if any event names a missing certificate, person or agency.
 * Unique and check constraints stay on throughout.
 */
export async function bulkEventLoad<T>(db: Kysely<Database>, load: () => Promise<T>): Promise<T> {
	const { rows } = await sql<{ name: string; def: string }>`
		select c.relname as name, pg_get_indexdef(i.indexrelid) as def
		from pg_index i join pg_class c on c.oid = i.indexrelid
		where i.indrelid = 'signing_events'::regclass and not i.indisunique and not i.indisprimary
		order by c.relname`.execute(db);
	const su = await sql<{ on: string }>`select current_setting('is_superuser') as on`.execute(db);
	const replica = su.rows[0]?.on === 'on';
	for (const r of rows) await sql`drop index ${sql.id(r.name)}`.execute(db);
	try {
		if (replica) await sql`set session_replication_role = replica`.execute(db);
		const out = await load();
		if (replica) {
			await sql`set session_replication_role = origin`.execute(db);
			await sql`insert into signing_event_keys (source_system, source_id)
				select source_system, source_id from signing_events`.execute(db);
			const bad = await sql<{ n: number }>`
				select count(*)::int as n from signing_events e
				where (e.certificate_id is not null and not exists (select 1 from certificates c where c.id = e.certificate_id))
					or (e.acting_person_id is not null and not exists (select 1 from people p where p.id = e.acting_person_id))
					or (e.document_agency_id is not null and not exists (select 1 from agencies a where a.id = e.document_agency_id))`.execute(
				db
			);
			if (bad.rows[0]!.n > 0)
				throw new AppError(
					'INTERNAL',
					`Dữ liệu mẫu lỗi: ${bad.rows[0]!.n} sự kiện ký số tham chiếu chứng thư, người hoặc cơ quan không tồn tại.`
				);
		}
		return out;
	} finally {
		if (replica) await sql`set session_replication_role = origin`.execute(db);
		// The parent's definition reads "ON ONLY signing_events": built without ONLY, it spans the partitions.
		for (const r of rows) await sql.raw(r.def.replace(' ON ONLY ', ' ON ')).execute(db);
	}
}
