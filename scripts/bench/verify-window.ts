// `npm run bench -- verify-window [--rounds 8] [--trace]`: where the verify benchmark's PDF window goes. The verify
// benchmark's 50 KB documents (400 .p7m, then 400 PDF), verified as it verifies them (the bundled verifier, the
// floor's SHA-256 and RSA verification before each round of ours): nine CMS rounds with one verifier, then
// --rounds PDF rounds with a new one, printing per PDF round the CPU per document of the floor and of ours, ours
// split into the main thread and the process's other threads (V8's compiler and GC helpers; Linux /proc, 10 ms
// ticks, so ±25 µs per document in a round of 400). The verify benchmark's window is PDF rounds 1-3 (documents
// 401-1,600). With --trace, V8's --trace-opt and --trace-deopt are switched on at the PDF switch, and each round
// starts with a line `=== PDF round N`: the "completed compiling … took a, b, c ms" lines between two markers are
// what TurboFan compiled in that round, e.g.
//   npm run bench -- verify-window --trace | awk '/=== PDF round/{r=$4} /completed compiling/{match($0,/took
//   ([0-9.]+), ([0-9.]+), ([0-9.]+) ms/,m); ms[r]+=m[1]+m[2]+m[3]; n[r]++} END{for(k in ms) print k, n[k], ms[k]}'
// Asserts nothing.
import { parseArgs } from 'node:util';
import { createHash, createPublicKey, randomBytes, verify as nodeVerify } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { loadVerifier } from './verify/verifier-form';
import { BENCH_NOW, benchSignerSet, benchSigningTime } from './verify/signer-set';

const { values } = parseArgs({
	options: { rounds: { type: 'string', default: '8' }, trace: { type: 'boolean', default: false } }
});
const N = 400;
const SIZE = 50 * 1024;
const v = await loadVerifier('bundle');
const { root, sub, leaf, crls } = await benchSignerSet(v);

const cmsFiles: Uint8Array[] = [];
const pdfFiles: Uint8Array[] = [];
for (let i = 0; i < N; i++) {
	cmsFiles.push(
		await v.signCms({
			content: new Uint8Array(randomBytes(SIZE)),
			signer: leaf,
			chain: [sub],
			signingTime: benchSigningTime(i)
		})
	);
	pdfFiles.push(
		await v.createSignedPdf({
			payload: new Uint8Array(randomBytes(SIZE)),
			signer: leaf,
			chain: [sub],
			signingTime: benchSigningTime(i),
			contentsSize: 8192
		})
	);
}
const leafKey = createPublicKey(leaf.pem);
const floorInput = cmsFiles.map((f) => {
	const cms = v.parseCms(f);
	const s = cms.signers[0]!;
	return { content: cms.contentParts!, attrs: s.signedAttrs!, sig: s.signature };
});

/** CPU µs of the main thread and of every other thread of this process, from /proc (clock ticks of 10 ms). */
function threadCpu(): { main: number; other: number } {
	let main = 0;
	let other = 0;
	for (const task of readdirSync('/proc/self/task')) {
		const stat = readFileSync(`/proc/self/task/${task}/stat`, 'latin1');
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(f[11]) + Number(f[12]);
		if (Number(task) === process.pid) main += ticks;
		else other += ticks;
	}
	return { main: main * 10_000, other: other * 10_000 };
}

function floorRound(): number {
	const c0 = process.cpuUsage();
	for (const p of floorInput) {
		const h = createHash('sha256');
		for (const c of p.content) h.update(c);
		h.digest();
		if (!nodeVerify('sha256', p.attrs, leafKey, p.sig)) throw new Error('floor verify failed');
	}
	const c = process.cpuUsage(c0);
	return (c.user + c.system) / N;
}

type Verifier = ReturnType<typeof v.createVerifier>;
async function ourRound(verifier: Verifier, files: Uint8Array[]) {
	const t0 = threadCpu();
	const c0 = process.cpuUsage();
	for (const f of files)
		if ((await verifier.verifyFile(f)).indication !== 'TOTAL_PASSED') throw new Error('not passed');
	const c = process.cpuUsage(c0);
	const t1 = threadCpu();
	return {
		total: (c.user + c.system) / N,
		main: (t1.main - t0.main) / N,
		other: (t1.other - t0.other) / N
	};
}

const options = { trustAnchors: [root.der], revocation: { crls }, clock: () => BENCH_NOW };
const cmsVerifier = v.createVerifier(options);
await cmsVerifier.verifyFile(cmsFiles[0]!);
for (let r = 0; r < 9; r++) {
	floorRound();
	await ourRound(cmsVerifier, cmsFiles);
}
if (values.trace) setFlagsFromString('--trace-opt --trace-deopt');
const pdfVerifier = v.createVerifier(options);
await pdfVerifier.verifyFile(pdfFiles[0]!);
const rows: string[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
	const floor = floorRound();
	if (values.trace) console.log(`=== PDF round ${r}`);
	const ours = await ourRound(pdfVerifier, pdfFiles);
	rows.push(
		`PDF round ${r} (documents ${r * N + 1}-${(r + 1) * N}): floor ${floor.toFixed(0)} µs, ours ${ours.total.toFixed(0)} µs (main thread ${ours.main.toFixed(0)}, other threads ${ours.other.toFixed(0)}), ratio ${(floor / ours.total).toFixed(2)}×`
	);
}
if (values.trace) setFlagsFromString('--no-trace-opt --no-trace-deopt');
console.log(`CPU per 50 KB document, after nine CMS rounds of ${N} (Node ${process.version}):`);
for (const row of rows) console.log(row);
