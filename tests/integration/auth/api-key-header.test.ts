// `Authorization: Bearer <key>` read as RFC 6750 §2.1 and RFC 9110 §11.1 have it: the scheme is
// case-insensitive and followed by one or more spaces; anything else identifies nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { authenticateApiKey, createApiKey, revokeApiKey } from '../../../src/lib/server/auth/api-keys';

let h: DbHandle;
let key = '';
const who = { userId: null, actor: 'test', ip: null };

beforeAll(async () => {
	h = await openTestDb();
	key = (await createApiKey(h.db, { name: 'qlvb test', sourceSystem: 'QLVB' }, who)).key;
});
afterAll(async () => h?.close());

describe('authenticateApiKey', () => {
	// KEY is replaced by the key created in beforeAll; LOWER by the same key in lower case.
	const header = (template: string) => template.replace('KEY', key).replace('LOWER', key.toLowerCase());

	for (const template of [
		'Bearer KEY',
		'bearer KEY',
		'BEARER KEY',
		'bEaReR KEY',
		'Bearer   KEY',
		'Bearer KEY '
	])
		it(`accepts ${JSON.stringify(template)}`, async () => {
			expect((await authenticateApiKey(h.db, header(template)))?.name).toBe('qlvb test');
		});

	for (const template of [
		'Bearer',
		'Bearer ',
		'Basic a2s6eA==',
		'BearerKEY',
		'Token KEY',
		'Bearer KEY extra',
		'Bearer\tKEY',
		'Bearer LOWER'
	])
		it(`refuses ${JSON.stringify(template)}`, async () => {
			expect(await authenticateApiKey(h.db, header(template))).toBeNull();
		});

	it('refuses a revoked key whatever the spelling', async () => {
		const other = (await createApiKey(h.db, { name: 'revoked test', sourceSystem: 'QLVB' }, who)).key;
		await revokeApiKey(h.db, 'revoked test', who);
		expect(await authenticateApiKey(h.db, `bearer ${other}`)).toBeNull();
	});
});
