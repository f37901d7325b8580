// `kiem-ky import crl`: good CRLs are stored once, and every other file is named with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../helpers/db';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { importCrlFiles } from '../../../src/lib/server/import/crls';
import { createCrl, generateKeyPair, issueCertificate } from '../../../src/lib/pki/testing';

let h: DbHandle;
const who = { userId: null, actor: 'cli', ip: null };
beforeAll(async () => {
	h = await openTestDb();
});
afterAll(async () => h?.close());

describe('CRL import', () => {
	it('stores a CRL once and names the files that hold none', async () => {
		const ca = await issueCertificate({
			subject: { cn: 'CA nhập CRL' },
			keys: await generateKeyPair(),
			notBefore: new Date('2020-01-01'),
			notAfter: new Date('2040-01-01')
		});
		const crl = await createCrl({
			issuer: ca,
			thisUpdate: new Date('2026-11-01'),
			nextUpdate: new Date('2026-12-01'),
			crlNumber: 3
		});
		const files = [
			{ name: 'ca.crl', bytes: crl.der },
			{ name: 'rac.crl', bytes: new Uint8Array([1, 2, 3, 4, 5]) },
			{ name: 'ca-ban-sao.pem', bytes: new TextEncoder().encode(crl.pem) }
		];
		const first = await importCrlFiles(h.db, files, who);
		expect(first).toMatchObject({ found: 1, inserted: 1, alreadyPresent: 0 });
		expect(first.problems).toEqual([
			{ source: 'rac.crl', reason: 'không phải chứng thư hay CRL (PEM, DER, PKCS#7) hay tệp ZIP' }
		]);
		const again = await importCrlFiles(h.db, [files[0]!], who);
		expect(again).toMatchObject({ found: 1, inserted: 0, alreadyPresent: 1, problems: [] });
		expect(await h.db.selectFrom('crls').select('crl_number').execute()).toEqual([{ crl_number: '3' }]);
	});
});
