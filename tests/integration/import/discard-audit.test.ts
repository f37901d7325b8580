// Discarding a staged certificate import is a change like committing one: it leaves an audit entry.
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
	it('writes who discarded which batch to the audit log', async () => {
		const u = await h.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', 'thanhtra')
			.executeTakeFirstOrThrow();
		const id = await stageCertificateImport(
			h.db,
			[{ name: 'a.der', bytes: new Uint8Array([1, 2, 3]) }],
			u.id
		);
		await discardCertificateImportBatch(h.db, id, { userId: u.id, actor: 'thanhtra', ip: '10.0.0.9' });
		const entries = await h.db
			.selectFrom('audit_log')
			.selectAll()
			.where('entity_type', '=', 'import_batch')
			.where('entity_id', '=', String(id))
			.execute();
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			action: 'certificate.import_discard',
			actor: 'thanhtra',
			user_id: u.id
		});
		expect(
			await h.db.selectFrom('import_batches').select('status').where('id', '=', id).executeTakeFirstOrThrow()
		).toEqual({ status: 'discarded' });
	});
});
