// Benchmark of signature verification: documents per second for CMS and PDF (50 KB and 1 MB contents, one signer
// set) against two baselines measured in the same run: the floor (node:crypto SHA-256 of the content plus one RSA
// verification of the signed attributes per document) and `openssl cms -verify` once per file. Prints ratios and
// peak memory. Run: npx tsx scripts/bench/verify.ts [--quick]
import { execFileSync } from 'node:child_process';
import { createHash, verify as nodeVerify, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerifier } from '../../src/lib/pki';
import { parseCms } from '../../src/lib/pki/cms';
import { createCrl, createSignedPdf, generateKeyPair, issueCertificate, signCms } from '../../src/lib/pki/testing';

const quick = process.argv.includes('--quick');
const now = new Date('2026-03-01T00:00:00Z');

async function main(): Promise<void> {
	const keys = await generateKeyPair();
	const root = await issueCertificate({ subject: { cn: 'Root bench' }, keys, notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01'), serial: '01' });
	const sub = await issueCertificate({ issuer: root, profile: 'ca', subject: { cn: 'CA bench' }, keys, notBefore: new Date('2020-01-01'), notAfter: new Date('2040-01-01'), serial: '02' });
	const leaf = await issueCertificate({ issuer: sub, subject: { cn: 'Sở Khoa học và Công nghệ', o: 'UBND tỉnh Đồng Tháp' }, keys, notBefore: new Date('2024-01-01'), notAfter: new Date('2029-01-01'), serial: '03' });
	const crls = [
		(await createCrl({ issuer: root, thisUpdate: new Date('2026-02-01'), nextUpdate: new Date('2026-04-01'), crlNumber: 1 })).der,
		(await createCrl({ issuer: sub, thisUpdate: new Date('2026-02-01'), nextUpdate: new Date('2026-04-01'), crlNumber: 1 })).der
	];
	const dir = mkdtempSync(join(tmpdir(), 'kiemky-bench-'));
	writeFileSync(join(dir, 'root.pem'), root.pem);
	const rows: string[] = [];
	try {
		for (const [label, size, count] of [
			['50 KB', 50 * 1024, quick ? 100 : 400],
			['1 MB', 1024 * 1024, quick ? 20 : 60]
		] as const) {
			const contents = Array.from({ length: count }, () => new Uint8Array(randomBytes(size)));
			const cmsFiles = await Promise.all(contents.map((c, i) => signCms({ content: c, signer: leaf, chain: [sub], signingTime: new Date(Date.UTC(2025, 5, 1, 0, 0, i)) })));
			const pdfFiles = await Promise.all(contents.map((c, i) => createSignedPdf({ payload: c, signer: leaf, chain: [sub], signingTime: new Date(Date.UTC(2025, 5, 1, 0, 0, i)), contentsSize: 8192 })));

			// Floor: hash of the content + one RSA verification of the signed attributes, per document.
			const leafKey = createPublicKey(leaf.pem);
			const pre = cmsFiles.map((f) => {
				const s = parseCms(f).signers[0]!;
				return { attrs: s.signedAttrs!, sig: s.signature };
			});
			const floor = rate(count, () => {
				for (let i = 0; i < count; i++) {
					createHash('sha256').update(contents[i]!).digest();
					if (!nodeVerify('sha256', pre[i]!.attrs, leafKey, pre[i]!.sig)) throw new Error('floor verify failed');
				}
			});

			for (const [kind, files] of [
				['CMS', cmsFiles],
				['PDF', pdfFiles]
			] as const) {
				const v = createVerifier({ trustAnchors: [root.der], revocation: { crls }, clock: () => now });
				const warm = await v.verifyFile(files[0]!);
				if (warm.indication !== 'TOTAL_PASSED') throw new Error(`${kind} ${label}: ${warm.subIndication} ${JSON.stringify(warm.signatures[0]?.reasons)}`);
				const t0 = process.hrtime.bigint();
				for (const f of files) {
					const r = await v.verifyFile(f);
					if (r.indication !== 'TOTAL_PASSED') throw new Error(`${kind} ${label} not passed`);
				}
				const ours = count / (Number(process.hrtime.bigint() - t0) / 1e9);
				rows.push(`${kind.padEnd(4)} ${label.padEnd(6)} ours ${ours.toFixed(0).padStart(6)}/s   floor ${floor.toFixed(0).padStart(6)}/s   ratio ${(ours / floor).toFixed(2)}×`);
				if (kind === 'CMS') {
					// openssl once per file, as a shell loop would do (on the .p7m files of this size).
					const n = quick ? 5 : 15;
					for (let i = 0; i < n; i++) writeFileSync(join(dir, `f${i}.p7m`), cmsFiles[i]!);
					const t1 = process.hrtime.bigint();
					for (let i = 0; i < n; i++)
						execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, `f${i}.p7m`), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any', '-attime', String(now.getTime() / 1000), '-out', '/dev/null'], { stdio: 'pipe' });
					const openssl = n / (Number(process.hrtime.bigint() - t1) / 1e9);
					rows.push(`     ${label.padEnd(6)} openssl cms -verify per file ${openssl.toFixed(0)}/s   ours/openssl ${(ours / openssl).toFixed(1)}×`);
				}
			}
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	console.log(`Kiểm Ký: verify benchmark (Node ${process.version}, ${quick ? 'quick' : 'full'})`);
	for (const r of rows) console.log(r);
	console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

function rate(count: number, f: () => void): number {
	f(); // warm-up
	const t0 = process.hrtime.bigint();
	f();
	return count / (Number(process.hrtime.bigint() - t0) / 1e9);
}

await main();
