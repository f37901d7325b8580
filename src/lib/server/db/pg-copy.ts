// `COPY … FROM STDIN` over a `pg` client, without pg-copy-streams: `pg` hands a query object that has a
// `submit` method the connection when its turn comes and then routes the backend's answers to it
// (CopyInResponse, CommandComplete, ErrorResponse, ReadyForQuery); the connection itself can send
// CopyData, CopyDone and CopyFail. PostgreSQL protocol, "COPY Operations": after an error in copy-in
// mode the backend drops any further CopyData, so a writer that has not seen the error yet does no harm.
import { once } from 'node:events';
import type pg from 'pg';

/** The part of pg's (untyped) Connection this module uses. */
interface CopyConnection {
	query(text: string): void;
	sendCopyFromChunk(chunk: Buffer): void;
	endCopyFrom(): void;
	sendCopyFail(message: string): void;
	stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

export interface CopyIn {
	/** Buffers `text` (whole rows in COPY's text format) and sends it on when the buffer is full, without
	 * waiting: the caller keeps generating while the server loads, and calls `drain` now and then. */
	write(text: string): void;
	/** Resolves once the socket has taken what was sent (at once when it is not backed up). */
	drain(): Promise<void>;
	/** Sends the rest and CopyDone; resolves with the number of rows the server copied. */
	end(): Promise<number>;
	/** Abandons the copy (CopyFail): the statement fails and copies nothing. */
	abort(reason: string): Promise<void>;
	/** Milliseconds spent waiting for the socket to drain (the server being the slower side). */
	waitedMs: number;
}

const CHUNK = 1 << 20;

class CopyFromQuery {
	readonly ready: Promise<CopyConnection>;
	readonly done: Promise<number>;
	private settleReady!: { resolve: (c: CopyConnection) => void; reject: (e: Error) => void };
	private settleDone!: { resolve: (n: number) => void; reject: (e: Error) => void };
	private rows = 0;
	error: Error | null = null;

	constructor(readonly text: string) {
		this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
		this.done = new Promise((resolve, reject) => (this.settleDone = { resolve, reject }));
		// Both are awaited by whoever gets that far; an early error must not also be an unhandled rejection.
		this.ready.catch(() => undefined);
		this.done.catch(() => undefined);
	}

	submit(connection: CopyConnection): void {
		connection.query(this.text);
	}

	handleCopyInResponse(connection: CopyConnection): void {
		this.settleReady.resolve(connection);
	}

	handleCommandComplete(msg: { text?: string }): void {
		this.rows = Number(/^COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
	}

	handleReadyForQuery(): void {
		this.settleDone.resolve(this.rows);
	}

	handleError(err: Error): void {
		this.error = err;
		this.settleReady.reject(err);
		this.settleDone.reject(err);
	}

	// A COPY FROM answers with none of these.
	handleRowDescription(): void {}
	handleDataRow(): void {}
	handleEmptyQuery(): void {}
	handlePortalSuspended(): void {}
	handleCopyData(): void {}
}

/**
 * Starts `statement` (a `COPY … FROM STDIN`, text format) on `client` and resolves once the server
 * is ready for the rows. The client must not be used for anything else until `end` or `abort`.
 */
export async function copyFrom(client: pg.ClientBase, statement: string): Promise<CopyIn> {
	const query = new CopyFromQuery(statement);
	(client as unknown as { query(q: CopyFromQuery): void }).query(query);
	const connection = await query.ready;
	// Rows are encoded into one reused buffer as they come (pg copies a chunk when it sends it): strings kept
	// until a chunk is full outlived the young generation, and collecting them cost more than making them.
	const buffer = Buffer.allocUnsafe(CHUNK);
	let size = 0;
	const out: CopyIn = {
		waitedMs: 0,
		write(text) {
			// At most 3 bytes per UTF-16 unit.
			if (size + text.length * 3 > CHUNK) send();
			if (text.length * 3 > CHUNK) return sendBytes(Buffer.from(text, 'utf8'));
			size += buffer.write(text, size, 'utf8');
		},
		async drain() {
			if (query.error) throw query.error;
			if (!connection.stream.writableNeedDrain) return;
			const t0 = performance.now();
			await once(connection.stream, 'drain');
			out.waitedMs += performance.now() - t0;
		},
		async end() {
			if (size) send();
			await out.drain();
			connection.endCopyFrom();
			return query.done;
		},
		async abort(reason) {
			size = 0;
			connection.sendCopyFail(reason);
			await query.done.catch(() => undefined);
		}
	};
	function send(): void {
		if (size) sendBytes(buffer.subarray(0, size));
		size = 0;
	}
	function sendBytes(bytes: Buffer): void {
		if (query.error) throw query.error;
		connection.sendCopyFromChunk(bytes);
	}
	return out;
}

/** A text value as COPY's text format wants it (backslash, tab, newline and carriage return escaped). */
export function copyText(v: string | null | undefined): string {
	if (v === null || v === undefined) return '\\N';
	return /[\\\t\n\r]/.test(v)
		? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
		: v;
}
