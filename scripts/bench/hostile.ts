// `npm run bench -- hostile [--quick]`: runs hostile uploads (the hardening probe's zip bombs, a 10,000-fold .p7b,
// overlapping entries, a wrong CRC, a lying size, 20,000 entries, an xlsx-named bomb) and one honest bundle through
// the certificate import preview (parse, dedupe, database lookups: what staging runs) and the XLSX guard, on an
// in-memory PGlite. Per file it prints the outcome, the time, the peak RSS above the level before the file, and the
// longest the event loop was held; the caps are 0.5 s and 100 MB per hostile file. Then it stages and views each
// accepted file (storing the upload in PGlite is included there). Prints figures only; asserts nothing.
// RSS is sampled every millisecond the event loop is free (the import yields at least every ~20 ms), plus the
// process high-water mark when that moved.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openPglite } from '../../src/lib/server/db/connection';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { previewCertificateImport } from '../../src/lib/server/import/certificates';
import { getCertificateImportBatch, stageCertificateImport } from '../../src/lib/server/import/batches';
import { checkXlsxArchive } from '../../src/lib/server/import/xlsx-guard';
import { isAppError } from '../../src/lib/errors';
import { generateKeyPair, issueCertificate } from '../../src/lib/pki/testing';
import {
	buildP7b,
	buildZip,
	highRatioZip,
	overlappingZip,
	sharedStreamBomb,
	xlsxPartName
} from '../../src/lib/pki/testing/hostile-archives';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const MiB = 1024 * 1024;
const CAP_SECONDS = 0.5;
const CAP_MB = 100;

interface Case {
	name: string;
	bytes: Uint8Array;
	hostile: boolean;
	via: 'import' | 'xlsx';
}

async function cases(): Promise<Case[]> {
	const keys = await generateKeyPair();
	const issue = (i: number) =>
		issueCertificate({
			subject: {
				cn: `Cán bộ thử nghiệm ${i}`,
				o: 'UBND tỉnh Đồng Tháp',
				ou: 'Sở Khoa học và Công nghệ',
				c: 'VN'
			},
			keys,
			notBefore: new Date('2025-01-01'),
			notAfter: new Date('2028-01-01'),
			serial: (0x1000 + i).toString(16)
		});
	const one = await issue(0);
	const honest: Uint8Array[] = [];
	for (let i = 1; i <= (values.quick ? 50 : 300); i++) honest.push((await issue(i)).der);
	// PEM of distinct certificates compresses like real bundles do (about 1.3:1), not like a repeated block.
	const text = Buffer.from(honest.map((d) => Buffer.from(d).toString('base64')).join('\n'));
	const c = (name: string, bytes: Uint8Array, hostile = true, via: Case['via'] = 'import'): Case => ({
		name,
		bytes,
		hostile,
		via
	});
	return [
		c('probe: 32 entries, one 48 MiB stream (.zip)', sharedStreamBomb(32, 48 * MiB)),
		c('probe: 40 entries, one 64 MiB stream (.zip)', sharedStreamBomb(40, 64 * MiB)),
		c('one entry, 64 MiB of zeros (.zip)', highRatioZip(64 * MiB)),
		c('entry inside another entry (.zip)', overlappingZip(text)),
		c('wrong CRC-32 (.zip)', buildZip([{ name: 'a.pem', data: text, crc: 1 }])),
		c(
			`declares 1 KB, inflates ${Math.round(text.length / 1024)} KB (.zip)`,
			buildZip([{ name: 'a.pem', data: text, size: 1024 }])
		),
		c(
			'20,000 entries (.zip)',
			buildZip(
				Array.from({ length: 20_000 }, (_, i) => ({ name: `${i}.cer`, data: one.der, deflate: false }))
			)
		),
		c('one certificate 10,000 times (.p7b)', buildP7b(Array.from({ length: 10_000 }, () => one.der))),
		c(
			'xlsx-named bomb: 32 parts, one 48 MiB stream',
			sharedStreamBomb(32, 48 * MiB, xlsxPartName),
			true,
			'xlsx'
		),
		c(
			`honest: ${honest.length} certificates (.zip)`,
			buildZip(honest.map((der, i) => ({ name: `cert-${i}.cer`, data: der }))),
			false
		)
	];
}

interface Measured {
	seconds: number;
	peakMb: number;
	maxBlockMs: number;
	outcome: string;
}

async function measure(run: () => Promise<string>): Promise<Measured> {
	globalThis.gc?.();
	const before = process.memoryUsage().rss;
	const hwmBefore = process.resourceUsage().maxRSS * 1024;
	let peak = before;
	let last = performance.now();
	let maxBlock = 0;
	const sampler = setInterval(() => {
		const now = performance.now();
		maxBlock = Math.max(maxBlock, now - last);
		last = now;
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 1);
	const t0 = performance.now();
	let outcome: string;
	try {
		outcome = await run();
	} catch (e) {
		outcome = isAppError(e)
			? `refused ${String(e.details?.reason ?? e.code)}`
			: `ERROR ${(e as Error).message}`;
	}
	const seconds = (performance.now() - t0) / 1000;
	clearInterval(sampler);
	maxBlock = Math.max(maxBlock, performance.now() - last);
	const hwm = process.resourceUsage().maxRSS * 1024;
	if (hwm > hwmBefore) peak = Math.max(peak, hwm);
	return { seconds, peakMb: (peak - before) / 1e6, maxBlockMs: maxBlock, outcome };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const num = (x: number, d: number, n: number) => x.toFixed(d).padStart(n);

async function main(): Promise<void> {
	console.log('building the files …');
	const files = await cases();
	const handle = await openPglite();
	try {
		const migrated = await migrateToLatest(handle.db);
		if (migrated.error) throw migrated.error;
		const db = handle.db;
		const who = { userId: null, actor: 'bench', ip: null };
		// Figures scale with the machine's other load: say what it was.
		console.log(
			`load average ${loadavg()
				.map((x) => x.toFixed(1))
				.join(' ')}`
		);
		console.log(
			`\n${pad('file', 46)} ${'size'.padStart(9)}  ${pad('outcome', 28)} ${'time s'.padStart(7)} ${'peak +MB'.padStart(8)} ${'loop ms'.padStart(7)}  caps`
		);
		const accepted: Case[] = [];
		let over = 0;
		for (const f of files) {
			const input = [{ name: 'upload', bytes: f.bytes }];
			const m = await measure(async () => {
				if (f.via === 'xlsx') {
					await checkXlsxArchive(f.bytes, { fileName: 'upload.xlsx' });
					return 'accepted';
				}
				const p = await previewCertificateImport(db, input);
				return `${p.rows.length} rows, ${p.duplicates} repeats${p.problems.length ? `, ${p.problems.length} problem` : ''}`;
			});
			const within = m.seconds <= CAP_SECONDS && m.peakMb <= CAP_MB;
			if (f.hostile && !within) over++;
			if (f.via === 'import' && !m.outcome.startsWith('refused')) accepted.push(f);
			console.log(
				`${pad(f.name, 46)} ${num(f.bytes.length / 1024, 0, 6)} KB  ${pad(m.outcome, 28)} ${num(m.seconds, 3, 7)} ${num(m.peakMb, 1, 8)} ${num(m.maxBlockMs, 0, 7)}  ${f.hostile ? (within ? 'within' : 'OVER') : '(honest)'}`
			);
		}
		console.log(`\nhostile files over the caps (${CAP_SECONDS} s, ${CAP_MB} MB): ${over}`);
		console.log('\nstaging (stores the upload in PGlite) and viewing the preview page, accepted files:');
		for (const f of accepted) {
			let id = 0;
			const stage = await measure(async () => {
				id = await stageCertificateImport(handle.db, [{ name: 'upload', bytes: f.bytes }], who);
				return 'staged';
			});
			const view = await measure(async () => {
				const b = (await getCertificateImportBatch(handle.db, id))!;
				return `${b.preview.rows.length} rows`;
			});
			console.log(
				`${pad(f.name, 46)} stage ${num(stage.seconds, 3, 6)} s ${num(stage.peakMb, 1, 6)} MB; view ${num(view.seconds, 3, 6)} s ${num(view.peakMb, 1, 6)} MB (${view.outcome})`
			);
		}
	} finally {
		await handle.close();
	}
}

await main();
