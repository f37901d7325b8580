// Benchmark of signature verification: documents per second for CMS and PDF (50 KB and 1 MB contents, one signer
// set) against two baselines measured in the same run: the floor (node:crypto SHA-256 of the content plus one RSA
// verification of the signed attributes per document) and `openssl cms -verify` once per file. Prints ratios and
// peak memory (documents are generated one kind and size at a time). Rates are documents per CPU-second of this
// process (process.cpuUsage), floor and ours measured in alternating rounds after one untimed round each, median of
// 3 (1 with --quick), so that other load on a shared machine does not skew the ratio; then the same measure again
// after 3,000 documents of the kind (floor and ours alternating untimed until then), when V8 has optimised the code
// that runs once per document. Wall-clock rates are printed too, and openssl (a process per file) is compared on
// wall-clock time. Then a PDF with 100 signatures, and the
// CLI's start (`--help`, `verify` of one PDF) against `node -e 0`; the machine's load average is printed with
// the figures. The verifier measured is the shipped form, bundled as the CLI is (--sources: the TypeScript sources
// through tsx; see verify/verifier-form.ts). Run: npm run bench -- verify [--quick] [--sources]
import { execFileSync } from 'node:child_process';
import { createHash, verify as nodeVerify, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliStartRows } from './verify/cli-start';
import { manySignaturesRow } from './verify/many-signatures';
import { BENCH_NOW, benchSignerSet, benchSigningTime } from './verify/signer-set';
import { FORM_LABEL, loadVerifier } from './verify/verifier-form';

const quick = process.argv.includes('--quick');
const form = process.argv.includes('--sources') ? 'sources' : 'bundle';
const verifier = await loadVerifier(form);
const { createSignedPdf, createVerifier, parseCms, signCms } = verifier;
/** Documents of one kind verified (untimed rounds included) before the second, warm measure. */
const WARM_DOCS = 3000;
const now = BENCH_NOW;

async function main(): Promise<void> {
	const { root, sub, leaf, crls } = await benchSignerSet(verifier);
	const dir = mkdtempSync(join(tmpdir(), 'kiemky-bench-'));
	writeFileSync(join(dir, 'root.pem'), root.pem);
	const rows: string[] = [];
	const rounds = quick ? 1 : 3;
	const leafKey = createPublicKey(leaf.pem);
	try {
		for (const [label, size, count] of [
			['50 KB', 50 * 1024, quick ? 100 : 400],
			['1 MB', 1024 * 1024, quick ? 20 : 60]
		] as const) {
			// One kind's documents at a time, generated just before they are measured and dropped after: peak memory
			// is one set of documents, not all of them.
			let cmsFiles: Uint8Array[] = [];
			for (let i = 0; i < count; i++)
				cmsFiles.push(
					await signCms({
						content: new Uint8Array(randomBytes(size)),
						signer: leaf,
						chain: [sub],
						signingTime: benchSigningTime(i)
					})
				);

			// Floor: hash of the content + one RSA verification of the signed attributes, per document (the content is
			// read in place from the .p7m, as ours does).
			const pre = cmsFiles.map((f) => {
				const cms = parseCms(f);
				const s = cms.signers[0]!;
				return { content: cms.contentParts!, attrs: s.signedAttrs!, sig: s.signature };
			});
			const floorRound = () =>
				measure(count, () => {
					for (const p of pre) {
						const h = createHash('sha256');
						for (const c of p.content) h.update(c);
						h.digest();
						if (!nodeVerify('sha256', p.attrs, leafKey, p.sig)) throw new Error('floor verify failed');
					}
				});
			floorRound(); // warm-up

			let openssl = 0;
			for (const kind of ['CMS', 'PDF'] as const) {
				let files: Uint8Array[];
				if (kind === 'CMS') files = cmsFiles;
				else {
					cmsFiles = [];
					files = [];
					for (let i = 0; i < count; i++)
						files.push(
							await createSignedPdf({
								payload: new Uint8Array(randomBytes(size)),
								signer: leaf,
								chain: [sub],
								signingTime: benchSigningTime(i),
								contentsSize: 8192
							})
						);
				}
				const v = createVerifier({ trustAnchors: [root.der], revocation: { crls }, clock: () => now });
				const warm = await v.verifyFile(files[0]!);
				if (warm.indication !== 'TOTAL_PASSED')
					throw new Error(
						`${kind} ${label}: ${warm.subIndication} ${JSON.stringify(warm.signatures[0]?.reasons)}`
					);
				// One untimed round, as the floor has: V8 optimises functions that run once per document only after a
				// few thousand documents, and without it the first timed rounds charged that warm-up to ours alone.
				for (const f of files) await v.verifyFile(f);
				const oursRound = () =>
					measureAsync(count, async () => {
						for (const f of files) {
							const r = await v.verifyFile(f);
							if (r.indication !== 'TOTAL_PASSED') throw new Error(`${kind} ${label} not passed`);
						}
					});
				// Floor and ours alternate round by round, so that load from elsewhere on the machine hits both alike.
				const timed = async () => {
					const floorRates: Rate[] = [];
					const ourRates: Rate[] = [];
					for (let round = 0; round < rounds; round++) {
						floorRates.push(floorRound());
						ourRates.push(await oursRound());
					}
					return { floorRates, ourRates };
				};
				const { floorRates, ourRates } = await timed();
				const floor = median(floorRates.map((r) => r.cpu));
				const oursCpu = median(ourRates.map((r) => r.cpu));
				const ours = median(ourRates.map((r) => r.wall));
				rows.push(
					`${kind.padEnd(4)} ${label.padEnd(6)} ours ${oursCpu.toFixed(0).padStart(6)}/CPU-s   floor ${floor.toFixed(0).padStart(6)}/CPU-s   ratio ${(oursCpu / floor).toFixed(2)}×   (wall: ours ${ours.toFixed(0)}/s, floor ${median(floorRates.map((r) => r.wall)).toFixed(0)}/s)`
				);
				// The same measure again once V8 has optimised what runs once per document (it takes a few thousand
				// documents, and its compiler threads' CPU time counts in process.cpuUsage): floor and ours keep
				// alternating, untimed, until ours has verified WARM_DOCS documents of this kind, then are timed as above.
				for (let done = 1 + count * (1 + rounds); done < WARM_DOCS; done += count) {
					floorRound();
					await oursRound();
				}
				const settled = await timed();
				const warmFloor = median(settled.floorRates.map((r) => r.cpu));
				const warmOurs = median(settled.ourRates.map((r) => r.cpu));
				rows.push(
					`     ${label.padEnd(6)} after ${WARM_DOCS} documents: ours ${warmOurs.toFixed(0).padStart(6)}/CPU-s   floor ${warmFloor.toFixed(0).padStart(6)}/CPU-s   ratio ${(warmOurs / warmFloor).toFixed(2)}×`
				);
				if (kind === 'CMS') {
					// openssl once per file, as a shell loop would do (on the .p7m files of this size).
					const n = quick ? 5 : 15;
					for (let i = 0; i < n; i++) writeFileSync(join(dir, `f${i}.p7m`), cmsFiles[i]!);
					const t1 = process.hrtime.bigint();
					for (let i = 0; i < n; i++)
						execFileSync(
							'openssl',
							[
								'cms',
								'-verify',
								'-binary',
								'-inform',
								'DER',
								'-in',
								join(dir, `f${i}.p7m`),
								'-CAfile',
								join(dir, 'root.pem'),
								'-purpose',
								'any',
								'-attime',
								String(now.getTime() / 1000),
								'-out',
								'/dev/null'
							],
							{ stdio: 'pipe' }
						);
					openssl = n / (Number(process.hrtime.bigint() - t1) / 1e9);
				}
				rows.push(
					`     ${label.padEnd(6)} openssl cms -verify per file ${openssl.toFixed(0)}/s (wall)   ours/openssl ${(ours / openssl).toFixed(1)}× (wall)`
				);
			}
		}
		rows.push(await manySignaturesRow(verifier, leaf, [sub], root.der, crls, now));
		const one = join(dir, 'one.pdf');
		writeFileSync(
			one,
			await createSignedPdf({
				signer: leaf,
				chain: [sub],
				signingTime: new Date('2025-06-01'),
				contentsSize: 8192
			})
		);
		rows.push(...cliStartRows(one, join(dir, 'root.pem'), quick ? 3 : 7));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const load = loadavg().map((x) => x.toFixed(2));
	console.log(
		`Kiểm Ký: verify benchmark (Node ${process.version}, ${quick ? 'quick' : 'full'}; load average ${load.join(', ')} on ${availableParallelism()} cores)`
	);
	console.log(`Measured: ${FORM_LABEL[form]}${form === 'bundle' ? ' (--sources: from the sources)' : ''}`);
	for (const r of rows) console.log(r);
	console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

interface Rate {
	/** Documents per second of wall time, and per second of this process's CPU time (user + system). */
	wall: number;
	cpu: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function rates(count: number, t0: bigint, c0: NodeJS.CpuUsage): Rate {
	const wall = Number(process.hrtime.bigint() - t0) / 1e9;
	const c = process.cpuUsage(c0);
	return { wall: count / wall, cpu: count / ((c.user + c.system) / 1e6) };
}

function measure(count: number, f: () => void): Rate {
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	f();
	return rates(count, t0, c0);
}

async function measureAsync(count: number, f: () => Promise<void>): Promise<Rate> {
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	await f();
	return rates(count, t0, c0);
}

await main();
