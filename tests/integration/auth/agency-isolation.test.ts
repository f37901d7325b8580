// Agency isolation: the officer `coquan` of Sở Y tế (SYT) reaches nothing of another agency by
// id, by search, by download or by export. Written against the services that exist now:
// inventory (certificates, DER download, agencies, tokens), archive, and the Excel list export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { createSession, validateSession } from '../../../src/lib/server/auth/sessions';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import {
	getCertificateDer,
	getCertificateDetail
} from '../../../src/lib/server/inventory/certificate-detail';
import {
	certificateFilterSchema,
	listCertificates
} from '../../../src/lib/server/inventory/certificate-list';
import { getAgency } from '../../../src/lib/server/inventory/agencies';
import { getTokenDetail } from '../../../src/lib/server/inventory/tokens';
import { getArchivedDocument } from '../../../src/lib/server/document-archive/service';
import { findList, listRows } from '../../../src/lib/server/reports/ad-hoc-export';

let h: DbHandle;
let scope: AgencyScope;
let inside: Set<number>;

beforeAll(async () => {
	h = await openTestDb({ demo: true });
	const u = await h.db
		.selectFrom('users')
		.select('id')
		.where('username', '=', 'coquan')
		.executeTakeFirstOrThrow();
	const user = await validateSession(h.db, (await createSession(h.db, u.id, {})).token);
	if (!user) throw new Error('coquan cannot sign in');
	scope = user.scope;
	const syt = await h.db
		.selectFrom('agencies')
		.select('path')
		.where('code', '=', 'SYT')
		.executeTakeFirstOrThrow();
	inside = new Set(
		(await h.db.selectFrom('agencies').select('id').where('path', 'like', `${syt.path}%`).execute()).map(
			(r) => r.id
		)
	);
});
afterAll(async () => {
	await h?.close();
});

async function oneOutside(
	table: 'certificates' | 'archived_documents',
	column: 'agency_id' | 'issuing_agency_id' = 'agency_id'
) {
	const rows = await sql<{
		id: number;
		a: number | null;
	}>`select id, ${sql.ref(column)} as a from ${sql.table(table)} order by id`.execute(h.db);
	return {
		out: rows.rows.find((r) => r.a !== null && !inside.has(r.a)),
		in: rows.rows.find((r) => r.a !== null && inside.has(r.a))
	};
}

describe('agency officer of Sở Y tế', () => {
	it('has a subtree scope of SYT', () => {
		expect(scope.kind).toBe('subtree');
		expect(inside.size).toBeGreaterThan(0);
	});

	it('cannot open or download another agency’s certificate by id', async () => {
		const { out, in: own } = await oneOutside('certificates');
		expect(out, 'demo data has certificates outside SYT').toBeDefined();
		expect(own, 'demo data has certificates inside SYT').toBeDefined();
		expect(await getCertificateDetail(h.db, scope, out!.id)).toBeNull();
		expect(await getCertificateDer(h.db, scope, out!.id)).toBeNull();
		expect(await getCertificateDetail(h.db, scope, own!.id)).not.toBeNull();
		// Staff see the same certificate: the refusal is the scope, not a missing row.
		expect(await getCertificateDetail(h.db, { kind: 'all' }, out!.id)).not.toBeNull();
	});

	it('finds only its own certificates by search, even naming another agency', async () => {
		const { out } = await oneOutside('certificates');
		const other = await h.db
			.selectFrom('certificates')
			.select(['subject_cn', 'agency_id'])
			.where('id', '=', out!.id)
			.executeTakeFirstOrThrow();
		for (const f of [{}, { q: other.subject_cn }, { agency: other.agency_id ?? undefined }]) {
			const page = await listCertificates(h.db, scope, certificateFilterSchema.parse(f));
			for (const row of page.rows)
				expect(inside.has(row.agency_id!), `row ${row.id} of agency ${row.agency_id}`).toBe(true);
		}
		const named = await listCertificates(h.db, scope, certificateFilterSchema.parse({ q: other.subject_cn }));
		expect(named.rows.map((r) => r.id)).not.toContain(out!.id);
	});

	it('cannot open another agency or its tokens', async () => {
		const otherAgency = await h.db
			.selectFrom('agencies')
			.select('id')
			.where('code', '!=', 'SYT')
			.where('parent_id', 'is not', null)
			.execute();
		const outsideAgency = otherAgency.find((a) => !inside.has(a.id))!;
		expect(await getAgency(h.db, scope, outsideAgency.id)).toBeNull();
		const token = await h.db.selectFrom('token_holdings').select(['token_id', 'holder_agency_id']).execute();
		const outToken = token.find((t) => t.holder_agency_id !== null && !inside.has(t.holder_agency_id));
		expect(outToken, 'demo data has tokens outside SYT').toBeDefined();
		expect(await getTokenDetail(h.db, scope, outToken!.token_id!)).toBeNull();
	});

	it('cannot open another agency’s archived document', async () => {
		const { out } = await oneOutside('archived_documents', 'issuing_agency_id');
		expect(out, 'demo data has archived documents outside SYT').toBeDefined();
		expect(await getArchivedDocument(h.db, scope, out!.id)).toBeNull();
	});

	it('exports only its own certificates to Excel', async () => {
		const list = findList('certificates');
		let n = 0;
		for await (const _row of listRows(h.db, scope, list, list.parseFilters(new URLSearchParams()))) n++;
		const own = await h.db
			.selectFrom('certificates')
			.select(sql<number>`count(*)::int`.as('n'))
			.where('agency_id', 'in', [...inside])
			.executeTakeFirstOrThrow();
		const all = await h.db
			.selectFrom('certificates')
			.select(sql<number>`count(*)::int`.as('n'))
			.executeTakeFirstOrThrow();
		expect(own.n).toBeLessThan(all.n);
		expect(n).toBe(own.n);
	});
});
