// Buffers signing events and writes them in large set-based inserts (one `unnest` of column arrays per batch of
// 20,000 rows), the fastest way into both PGlite and PostgreSQL short of COPY.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

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
