// Staging and discarding a certificate import are changes like committing one: each leaves an audit entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import {
	discardCertificateImportBatch,
	stageCertificateImport
} from '../../../src/lib/server/import/batches';

let h: DbHandle;
beforeAll(async () => {
	h = await openTestDb({ demo: true });
});
afterAll(async () => {
	await h?.close();
});

describe('discarding a staged import', () => {
	it('writes who staged and who discarded which batch to the audit log', async () => {
		const u = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', 'thanhtra')
			.executeTakeFirstOrThrow();
		const id = await stageCertificateImport(h.db, [{ name: 'a.der', bytes: new Uint8Array([1, 2, 3]) }], {
			userId: u.id,
			actor: 'thanhtra',
			ip: '10.0.0.9'
		});
		await discardCertificateImportBatch(h.db, id, { userId: u.id, actor: 'thanhtra', ip: '10.0.0.9' });
		const entries = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.where('entity_type', '=', 'import_batch')
			.where('entity_id', '=', String(id))
			.orderBy('id')
			.execute();
		expect(entries.map((e) => e.action)).toEqual(['certificate.import_stage', 'certificate.import_discard']);
		expect(entries[0]).toMatchObject({ actor: 'thanhtra', user_id: u.id, ip: '10.0.0.9' });
		expect(entries[0]!.details).toMatchObject({ files: [{ name: 'a.der', bytes: 3 }], count: 1, bytes: 3 });
		expect(entries[1]).toMatchObject({ actor: 'thanhtra', user_id: u.id });
		expect(
			await h.db.selectFrom('import_batches').select('status').where('id', '=', id).executeTakeFirstOrThrow()
		).toEqual({ status: 'discarded' });
	});
});
