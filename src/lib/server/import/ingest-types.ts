// The contract between the readers of signing events (the upload page's CSV/XLSX/JSON Lines
// reader, the JSON API, the CLI) and the one ingestion pipeline (event-ingest.ts): readers turn
// their input into records with the canonical field names of eventRowSchema; the pipeline
// validates, resolves references, and stores them as the mode asks, recording an import run.
import type { AgencyScope } from '../auth/roles';
import type { AuditInput } from '../audit/log';

export type IngestMode = 'all-or-nothing' | 'valid-rows';

/** One input record: its line (CSV/JSONL line, XLSX row, or 0-based index + 1 for the API). */
export interface RawEventRecord {
	line: number;
	values: Record<string, unknown>;
	/**
	 * A problem the reader found itself (a cell holding a formula, a CSV row with more cells than
	 * the header, a line that is not JSON): the pipeline rejects the record with this reason and
	 * does not validate its values.
	 */
	problem?: ReaderProblem;
}

export interface ReaderProblem {
	field: string | null;
	messageVi: string;
	messageEn: string;
}

export interface IngestRowError {
	line: number;
	/** The canonical field at fault (e.g. signed_at), or null for the whole row. */
	field: string | null;
	messageVi: string;
	messageEn: string;
	/** The record as it was read, so rejected rows can be handed back (XLSX with reasons). */
	values?: Record<string, unknown>;
	/** A stable code for errors a caller acts on: OUT_OF_SCOPE, DUPLICATE, SOURCE_SYSTEM, OUT_OF_WINDOW. */
	code?: string;
}

export interface IngestOptions {
	mode: IngestMode;
	who: Omit<AuditInput, 'action'>;
	origin: {
		kind: 'upload' | 'api' | 'cli';
		fileName?: string;
		encoding?: string;
		apiKeyId?: number;
		userId?: number | null;
		/**
		 * The source system an API key or a saved mapping stands for: the default of records that
		 * name none. With an API key (apiKeyId) it is also the only one its records may name.
		 */
		sourceSystem?: string;
	};
	/** Events outside this scope (their document agency or certificate's agency) are refused. */
	scope?: AgencyScope;
	/**
	 * 'refuse-batch': one event outside the scope refuses the whole input, whatever the mode (the
	 * API answers 403). Default 'reject-row': such events are rejected rows like any other.
	 */
	outOfScope?: 'reject-row' | 'refuse-batch';
	/** At most this many errors are returned in the result (default 10,000); all are counted. */
	maxErrors?: number;
	/** Called now and then with the number of records read so far. */
	onProgress?: (rowsRead: number) => void;
	/** Total records when known in advance (for the progress bar). */
	rowsTotal?: number;
}

export interface IngestResult {
	runId: number;
	rows: number;
	inserted: number;
	alreadyPresent: number;
	rejected: number;
	unknownCertificates: number;
	/** True when the valid rows were stored (always, in valid-rows mode, unless the run failed). */
	committed: boolean;
	errors: IngestRowError[];
	durationMs: number;
	/** True when more errors occurred than the result holds (all are in import_run_rejections, up to 100,000). */
	errorsTruncated?: boolean;
	/** Events refused because they lie outside the scope. */
	outOfScope?: number;
}
