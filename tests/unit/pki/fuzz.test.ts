// Fuzzing the parsers with random mutations of valid files (seeded, bounded): every input yields a report, never a
// throw or a hang; mutated files never verify as TOTAL_PASSED unless the mutation hit bytes outside the signature.
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../../../src/lib/pki';
import { importCertificates } from '../../../src/lib/pki/certificate-import';
import { createSignedPdf, signCms } from '../../../src/lib/pki/testing';
import { buildTestPki, T, type TestPki } from './fixtures';

let pki: TestPki;
let v: Verifier;
let seeds: { name: string; bytes: Uint8Array }[];

/** xorshift32: reproducible mutations (the seed is in the failure message). */
function rng(seed: number) {
	let x = seed || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 0x100000000;
	};
}

function mutate(src: Uint8Array, r: () => number): Uint8Array {
	const b = new Uint8Array(src);
	const kind = Math.floor(r() * 5);
	const at = Math.floor(r() * b.length);
	if (kind === 0)
		for (let i = 0; i < 1 + Math.floor(r() * 8); i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
	else if (kind === 1) return b.subarray(0, at);
	else if (kind === 2)
		return new Uint8Array(
			Buffer.concat([b.subarray(0, at), Buffer.from(b.subarray(Math.floor(r() * b.length)))])
		);
	else if (kind === 3) b[at] = b[at]! ^ (1 << Math.floor(r() * 8));
	else
		return new Uint8Array(
			Buffer.concat([b.subarray(0, at), Buffer.alloc(Math.floor(r() * 64), 0xff), b.subarray(at)])
		);
	return b;
}

beforeAll(async () => {
	pki = await buildTestPki();
	v = createVerifier({
		trustAnchors: [pki.root.der],
		revocation: { crls: [pki.rootCrl, pki.subCrl] },
		clock: () => T.now
	});
	const content = new TextEncoder().encode('Báo cáo quý 3 năm 2025');
	seeds = [
		{
			name: 'a.p7m',
			bytes: await signCms({
				content,
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed,
				timestamp: { tsa: pki.tsa, time: T.signed }
			})
		},
		{
			name: 'b.pdf',
			bytes: await createSignedPdf({
				signer: pki.person,
				chain: [pki.sub],
				signingTime: T.signed,
				contentsSize: 12000
			})
		}
	];
});

describe('fuzz', () => {
	it('never throws or hangs on 600 mutated CMS/PDF files, and reports a verdict for each', async () => {
		const started = Date.now();
		const r = rng(20251125);
		let failures = 0;
		for (let i = 0; i < 600; i++) {
			const seed = seeds[i % seeds.length]!;
			const bytes = mutate(seed.bytes, r);
			const t0 = Date.now();
			const rep = await v.verifyFile(bytes, { fileName: seed.name });
			expect(Date.now() - t0, `case ${i}`).toBeLessThan(2000);
			expect(['TOTAL_PASSED', 'INDETERMINATE', 'TOTAL_FAILED']).toContain(rep.indication);
			if (rep.indication === 'TOTAL_FAILED' && rep.subIndication === 'FORMAT_FAILURE')
				expect(rep.error ?? rep.signatures[0]?.reasons[0]).toBeTruthy();
			if (rep.indication !== 'TOTAL_PASSED') failures++;
		}
		// Most mutations must be detected; some legitimately hit unsigned bytes (PDF padding, unsigned attributes).
		expect(failures).toBeGreaterThan(300);
		expect(Date.now() - started).toBeLessThan(60_000);
	});

	it('never throws on mutated certificate bundles', async () => {
		const r = rng(7);
		for (let i = 0; i < 300; i++) {
			const src = i % 2 ? pki.person.der : Buffer.from(pki.root.pem + pki.sub.pem);
			const res = await importCertificates([{ name: `f${i}`, bytes: mutate(src, r) }]);
			expect(res.certificates.length + res.problems.length).toBeGreaterThan(0);
		}
	});
});
