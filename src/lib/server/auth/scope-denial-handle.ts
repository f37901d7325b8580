// Audits an agency officer's (or a scoped API key's) reach for another agency's records. The
// services refuse such requests themselves (404, as if the record did not exist, or 403); this
// handle, after the access guard, only leaves the trace: a record named by id in the route that
// exists outside the caller's scope, or any 403 a route gave the caller.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from './roles';
import { inScope } from '../scope';
import type { RecordDenial } from './denial-log';
import { positiveId } from '../http/query-values';

/** Route ids `/<segment>/[id]…`: the segment names the kind of record. */
export const ID_ROUTE = /^\/([^/]+)\/\[id\](\/|$)/;

/**
 * Routes `/<segment>/[id]/…` whose id names an agency-owned record, and the column the services
 * scope it by. A new route of that shape with agency-owned records belongs here (a test walks the
 * route tree and says so).
 */
export const SCOPED_RECORDS: Record<
	string,
	{ table: keyof Database; agencyColumn: string; entityType: string; idColumn?: string }
> = {
	'chung-thu': { table: 'certificates', agencyColumn: 'agency_id', entityType: 'certificate' },
	// A device's agency is derived from its custody events (view token_holdings), never stored.
	'thiet-bi': {
		table: 'token_holdings',
		idColumn: 'token_id',
		agencyColumn: 'holder_agency_id',
		entityType: 'token'
	},
	'co-quan': { table: 'agencies', agencyColumn: 'id', entityType: 'agency' },
	'luu-tru': {
		table: 'archived_documents',
		agencyColumn: 'issuing_agency_id',
		entityType: 'archived_document'
	},
	'yeu-cau': { table: 'lifecycle_requests', agencyColumn: 'agency_id', entityType: 'lifecycle_request' },
	'canh-bao': { table: 'findings', agencyColumn: 'agency_id', entityType: 'finding' },
	'thanh-tra': { table: 'inspections', agencyColumn: 'agency_id', entityType: 'inspection' },
	'bao-cao': { table: 'generated_reports', agencyColumn: 'agency_id', entityType: 'report' },
	'nhan-su': { table: 'people', agencyColumn: 'agency_id', entityType: 'person' }
};

function scopeOf(event: RequestEvent): AgencyScope | null {
	return event.locals.user?.scope ?? event.locals.apiKey?.scope ?? null;
}

/** The record the route names, when it exists and lies outside `scope`. */
async function foreignRecord(
	db: Kysely<Database>,
	scope: AgencyScope,
	event: RequestEvent
): Promise<{ entityType: string; entityId: string } | null> {
	const segment = ID_ROUTE.exec(event.route.id ?? '')?.[1];
	const record = segment ? SCOPED_RECORDS[segment] : undefined;
	// Read as the route reads it (idParam): an id no integer column holds names no record.
	const id = positiveId(event.params.id);
	if (!record || id === null) return null;
	const column = sql.ref<number | null>(record.agencyColumn);
	const row = await sql<{ visible: boolean | null }>`
		select ${inScope(scope, column)} as visible from ${sql.table(record.table)} where ${sql.ref(record.idColumn ?? 'id')} = ${id}`
		.execute(db)
		.then((r) => r.rows[0]);
	// A null agency lies in no officer's subtree: the services refuse it too.
	if (!row || row.visible === true) return null;
	return { entityType: record.entityType, entityId: String(id) };
}

/** A 403 the route gave, also inside an enhanced form action's JSON (which is sent as 200). */
async function refusedWith403(event: RequestEvent, response: Response): Promise<boolean> {
	if (response.status === 403) return true;
	if (
		response.status !== 200 ||
		event.request.headers.get('x-sveltekit-action') !== 'true' ||
		!response.headers.get('content-type')?.includes('application/json')
	)
		return false;
	const body = (await response
		.clone()
		.json()
		.catch(() => null)) as { type?: string; status?: number } | null;
	return body?.type === 'failure' && body.status === 403;
}

export function scopeDenialHandle(getDb: () => Promise<Kysely<Database>>, record: RecordDenial): Handle {
	return async ({ event, resolve }) => {
		const scope = scopeOf(event);
		if (!scope || scope.kind === 'all') return resolve(event);
		const foreign = await foreignRecord(await getDb(), scope, event);
		if (foreign) await record(event, { action: 'access.denied_scope', ...foreign });
		const response = await resolve(event);
		if (!foreign && (await refusedWith403(event, response)))
			await record(event, { action: 'access.denied_scope', details: { status: 403 } });
		return response;
	};
}
