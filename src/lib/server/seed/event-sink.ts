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

export const SOURCE_SYSTEM = { qlvb: 'QLVBDH', dvc: 'DVC', email: 'EMAIL', portal: 'CONG-TTDT', other: 'KHAC' } as const;

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
		await sql`
			insert into signing_events (signed_at, certificate_id, acting_person_id, acting_title, signing_form, document_number,
				document_agency_id, classification, channel, direction, incoming_indication, accepted, source_system, source_id)
			select * from unnest(
				${r.map((e) => e.signedAt)}::timestamptz[], ${r.map((e) => e.certificateId)}::int[],
				${r.map((e) => e.actingPersonId)}::int[], ${r.map((e) => e.actingTitle)}::text[],
				${r.map((e) => e.signingForm)}::text[], ${r.map((e) => e.documentNumber)}::text[],
				${r.map((e) => e.documentAgencyId)}::int[], ${r.map((e) => e.classification ?? 'normal')}::text[],
				${r.map((e) => e.channel)}::text[], ${r.map((e) => e.direction ?? 'outgoing')}::text[],
				${r.map((e) => e.incomingIndication ?? null)}::text[], ${r.map((e) => e.accepted ?? null)}::boolean[],
				${r.map((e) => e.sourceSystem)}::text[], ${r.map((e) => e.sourceId)}::text[]
			)
		`.execute(this.db);
	}
}
