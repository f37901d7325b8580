// Where the seed's signing events go. On PostgreSQL (a `pg` client at hand) they stream through
// `COPY … FROM STDIN` while they are generated: the server loads one chunk while the next is built, and
// COPY writes a page of rows per WAL record where an INSERT writes one per row. Elsewhere (PGlite) they
// are buffered and written in large set-based inserts (one `unnest` of column arrays per 20,000 rows).
// Both give the same rows in the same order (the identity ids follow it).
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/schema';
import { copyFrom, copyText, type CopyIn } from '../db/pg-copy';

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

export interface EventSink {
	/** Events taken so far. */
	readonly count: number;
	/** Takes one event at once (no await per event: generating millions of them, that cost more than making
	 * them); call `settle` before the first and now and then after. */
	push(row: EventRow): void;
	/** Writes or sends on what was pushed as far as needed to bound memory, and readies the next `push`. */
	settle(): Promise<void>;
	/** push and settle. */
	add(row: EventRow): Promise<void>;
	/** Writes what is buffered; the sink may be used again after. */
	flush(): Promise<void>;
	/** After a failure while adding: drops what is buffered and ends any statement under way. */
	abort(): Promise<void>;
	/** How the events went in, for the seed's log. */
	describe(): string;
}

export function eventSink(db: Kysely<Database>, client: pg.ClientBase | null): EventSink {
	return client ? new CopyEventSink(client) : new InsertEventSink(db);
}

const COLUMNS = `signed_at, certificate_id, acting_person_id, acting_title, signing_form, document_number,
	document_agency_id, classification, channel, direction, incoming_indication, accepted, source_system, source_id`;

/** Signing times are whole seconds (the insert below writes them through to_timestamp of epoch seconds). */
const wholeSeconds = (d: Date) => new Date(Math.round(d.getTime() / 1000) * 1000).toISOString();

function copyLine(e: EventRow): string {
	const N = '\\N';
	const accepted = e.accepted === null || e.accepted === undefined ? N : e.accepted ? 't' : 'f';
	return `${wholeSeconds(e.signedAt)}\t${e.certificateId}\t${e.actingPersonId ?? N}\t${copyText(e.actingTitle)}\t${e.signingForm}\t${copyText(e.documentNumber)}\t${e.documentAgencyId ?? N}\t${e.classification ?? 'normal'}\t${e.channel}\t${e.direction ?? 'outgoing'}\t${e.incomingIndication ?? N}\t${accepted}\t${copyText(e.sourceSystem)}\t${copyText(e.sourceId)}\n`;
}

/**
 * COPY statements of up to `rowsPerStatement` rows each (a bounded statement: with the triggers on, each
 * statement's transition table holds its rows).
 */
export class CopyEventSink implements EventSink {
	count = 0;
	/** Milliseconds the generator waited for the server. */
	waitedMs = 0;
	private copy: CopyIn | null = null;
	private inStatement = 0;

	constructor(
		private readonly client: pg.ClientBase,
		private readonly rowsPerStatement = 1_000_000
	) {}

	push(row: EventRow): void {
		if (!this.copy) throw new Error('EventSink.push before settle');
		this.copy.write(copyLine(row));
		this.count += 1;
		this.inStatement += 1;
	}

	async settle(): Promise<void> {
		if (this.copy && this.inStatement >= this.rowsPerStatement) await this.flush();
		if (this.copy) await this.copy.drain();
		this.copy ??= await copyFrom(this.client, `copy signing_events (${COLUMNS}) from stdin`);
	}

	async add(row: EventRow): Promise<void> {
		await this.settle();
		this.push(row);
	}

	async flush(): Promise<void> {
		const copy = this.copy;
		if (!copy) return;
		this.copy = null;
		this.inStatement = 0;
		await copy.end();
		this.waitedMs += copy.waitedMs;
	}

	describe(): string {
		return `${this.count} by COPY, ${(this.waitedMs / 1000).toFixed(1)} s waiting for the server`;
	}

	async abort(): Promise<void> {
		const copy = this.copy;
		this.copy = null;
		if (copy) await copy.abort('seed aborted');
	}
}

export class InsertEventSink implements EventSink {
	private rows: EventRow[] = [];
	count = 0;
	/** Milliseconds spent in the inserts. */
	private insertMs = 0;

	constructor(
		private readonly db: Kysely<Database>,
		private readonly batchSize = 20_000
	) {}

	push(row: EventRow): void {
		this.rows.push(row);
	}

	async settle(): Promise<void> {
		if (this.rows.length >= this.batchSize) await this.flush();
	}

	async add(row: EventRow): Promise<void> {
		this.push(row);
		await this.settle();
	}

	describe(): string {
		return `${this.count} by insert, ${(this.insertMs / 1000).toFixed(1)} s in the inserts`;
	}

	async abort(): Promise<void> {
		this.rows = [];
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
		const t0 = performance.now();
		await sql`
			insert into signing_events (${sql.raw(COLUMNS)})
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
		this.insertMs += performance.now() - t0;
	}
}
