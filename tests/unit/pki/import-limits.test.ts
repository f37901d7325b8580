// Certificate import against hostile uploads, each built here: a .p7b repeating one certificate 10,000 times (read
// once, counted as repeats), bundles past the certificate and object caps, zip bombs at the top level and nested,
// and a damaged archive next to good files (a problem for that file, not a refusal of the rest).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	importCertificates,
	ImportRefusedError,
	type ImportInput
} from '../../../src/lib/pki/certificate-import';
import { splitPkcs7 } from '../../../src/lib/pki/pkcs7-bundle';
import { sha256Hex } from '../../../src/lib/pki/bytes';
import {
	buildP7b,
	buildZip,
	highRatioZip,
	sharedStreamBomb
} from '../../../src/lib/pki/testing/hostile-archives';
import { buildTestPki, type TestPki } from './fixtures';

let pki: TestPki;
const dir = mkdtempSync(join(tmpdir(), 'kiemky-p7b-'));
beforeAll(async () => {
	pki = await buildTestPki();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refused(inputs: ImportInput[], limits = {}): Promise<ImportRefusedError> {
	const e = await importCertificates(inputs, limits).then(
		() => null,
		(err: unknown) => err
	);
	expect(e, 'the import should have been refused').toBeInstanceOf(ImportRefusedError);
	return e as ImportRefusedError;
}

describe('.p7b bundles', () => {
	it('builds bundles OpenSSL reads, and slices the same certificates and CRLs out of them', () => {
		const p7b = buildP7b([pki.root.der, pki.sub.der, pki.org.der], [pki.subCrl]);
		const file = join(dir, 'b.p7b');
		writeFileSync(file, p7b);
		const printed = execFileSync(
			'openssl',
			['pkcs7', '-inform', 'DER', '-in', file, '-print_certs', '-noout'],
			{
				encoding: 'utf8'
			}
		);
		expect(printed.match(/^subject=/gm)).toHaveLength(3);
		const split = splitPkcs7(p7b) as { certs: Uint8Array[]; crls: Uint8Array[] };
		expect(split.certs.map(sha256Hex)).toEqual([pki.root.der, pki.sub.der, pki.org.der].map(sha256Hex));
		expect(split.crls.map(sha256Hex)).toEqual([sha256Hex(pki.subCrl)]);
	});

	it('reads a .p7b repeating one certificate 10,000 times as one certificate and 9,999 repeats', async () => {
		const p7b = buildP7b(Array.from({ length: 10_000 }, () => pki.org.der));
		expect(p7b.length).toBeGreaterThan(10_000 * pki.org.der.length);
		const r = await importCertificates([{ name: 'lặp.p7b', bytes: p7b }]);
		expect(r.problems).toEqual([]);
		expect(r.certificates).toHaveLength(1);
		expect(r.certificates[0]!.description.fingerprintSha256).toBe(sha256Hex(pki.org.der));
		expect(r.certificates[0]!.sources).toEqual(['lặp.p7b']);
		expect(r.duplicates).toBe(9_999);
	});

	it('the same bundle uploaded many times, in a PEM and in a zip, is still one certificate', async () => {
		const p7b = buildP7b([pki.org.der, pki.person.der]);
		const pem = Buffer.from(
			Array.from(
				{ length: 500 },
				() => `-----BEGIN PKCS7-----\n${Buffer.from(p7b).toString('base64')}\n-----END PKCS7-----\n`
			).join('')
		);
		const z = buildZip(Array.from({ length: 50 }, (_, i) => ({ name: `${i}.p7b`, data: p7b })));
		const r = await importCertificates([
			{ name: 'a.pem', bytes: pem },
			{ name: 'b.zip', bytes: z }
		]);
		expect(r.certificates).toHaveLength(2);
		expect(r.duplicates).toBe(2 * (500 + 50) - 2);
		// A certificate found in every entry lists the first few places, not all of them.
		expect(r.certificates[0]!.sources.length).toBeLessThanOrEqual(20);
	});

	it('still reads a small bundle written with indefinite lengths (BER), through the full parser', async () => {
		const der = Buffer.from(buildP7b([pki.org.der, pki.person.der]));
		// The outer SEQUENCE re-encoded as BER: 30 80 … 00 00.
		const headerLength = 2 + (der[1]! & 0x80 ? der[1]! & 0x7f : 0);
		const ber = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(headerLength), Buffer.from([0, 0])]);
		expect(splitPkcs7(ber)).toBe('ber');
		const r = await importCertificates([{ name: 'ber.p7b', bytes: ber }]);
		expect(r.certificates.map((c) => c.description.fingerprintSha256).sort()).toEqual(
			[pki.org.der, pki.person.der].map(sha256Hex).sort()
		);
	});

	it('lists a bundle of 100,001 empty elements as a problem instead of handing it to asn1js', async () => {
		const junk = new Uint8Array(Buffer.alloc(2 * 100_001, Buffer.from([0x05, 0x00])));
		const p7b = buildP7b([junk]);
		expect(splitPkcs7(p7b)).toBeNull();
		const r = await importCertificates([{ name: 'rác.p7b', bytes: p7b }]);
		expect(r.certificates).toEqual([]);
		expect(r.problems.map((p) => p.source)).toEqual(['rác.p7b']);
	});

	it('refuses more distinct certificates than the cap, naming the file', async () => {
		const p7b = buildP7b([pki.root.der, pki.sub.der, pki.org.der, pki.person.der, pki.tsa.der]);
		const e = await refused([{ name: 'nhiều.p7b', bytes: p7b }], { maxCertificates: 3 });
		expect(e.code).toBe('IMPORT_TOO_MANY_CERTIFICATES');
		expect(e.source).toBe('nhiều.p7b');
		expect(e.message).toContain('3 chứng thư');
		await expect(
			importCertificates([{ name: 'nhiều.p7b', bytes: p7b }], { maxCertificates: 5 })
		).resolves.toBeTruthy();
	});

	it('refuses more objects than the cap, repeats included', async () => {
		const p7b = buildP7b(Array.from({ length: 1000 }, () => pki.org.der));
		const e = await refused([{ name: 'lặp.p7b', bytes: p7b }], { maxObjects: 500 });
		expect(e.code).toBe('IMPORT_TOO_MANY_OBJECTS');
	});
});

describe('archives in an import', () => {
	it('refuses the whole import for a zip bomb among good files, naming the file and the entry', async () => {
		const e = await refused([
			{ name: 'tốt.der', bytes: pki.org.der },
			{ name: 'bom.zip', bytes: sharedStreamBomb(32, 48 * 1024 * 1024) }
		]);
		expect(e.code).toBe('ZIP_OVERLAP');
		expect(e.source).toBe('bom.zip');
		expect(e.entry).toMatch(/\.cer$/);
	});

	it('refuses a bomb nested in an archive, naming the path to it', async () => {
		const outer = buildZip([
			{ name: 'a.der', data: pki.org.der },
			{ name: 'trong.zip', data: highRatioZip(20 * 1024 * 1024), deflate: false }
		]);
		const e = await refused([{ name: 'ngoài.zip', bytes: outer }]);
		expect(e.code).toBe('ZIP_RATIO');
		expect(e.source).toBe('ngoài.zip/trong.zip');
		expect(e.entry).toBe('bomb.cer');
	});

	it('shares one uncompressed budget across the archives of an import', async () => {
		const z = (n: string) => buildZip([{ name: `${n}.pem`, data: Buffer.from(pki.org.pem.repeat(40)) }]);
		const one = Buffer.byteLength(pki.org.pem) * 40;
		const limits = { zip: { maxTotalBytes: Math.floor(one * 1.5) } };
		await expect(importCertificates([{ name: 'a.zip', bytes: z('a') }], limits)).resolves.toBeTruthy();
		const e = await refused(
			[
				{ name: 'a.zip', bytes: z('a') },
				{ name: 'b.zip', bytes: z('b') }
			],
			limits
		);
		expect(e.code).toBe('ZIP_TOO_LARGE');
		expect(e.source).toBe('b.zip');
	});

	it('lists a damaged archive (wrong CRC-32) as a problem and imports the other files', async () => {
		const bad = buildZip([{ name: 'hỏng.cer', data: pki.person.der, crc: 7 }]);
		const r = await importCertificates([
			{ name: 'tốt.der', bytes: pki.org.der },
			{ name: 'x.zip', bytes: bad }
		]);
		expect(r.certificates).toHaveLength(1);
		expect(r.problems).toHaveLength(1);
		expect(r.problems[0]!.source).toBe('x.zip');
		expect(r.problems[0]!.reason).toContain('"hỏng.cer"');
		expect(r.problems[0]!.reason).toContain('CRC-32');
	});

	it('lists at most maxProblems problems, then counts the rest', async () => {
		const junk = Array.from({ length: 30 }, (_, i) => ({
			name: `rác${i}.bin`,
			bytes: new Uint8Array([1, 2, i])
		}));
		const r = await importCertificates(junk, { maxProblems: 10 });
		expect(r.problems).toHaveLength(11);
		expect(r.problems[10]!.reason).toContain('20 vấn đề khác');
	});
});
