// Start-up of the CLI against `node -e 0` (bare Node start) measured in the same run: `kiem-ky --help` and
// `kiem-ky verify` of one signed PDF, each run as a fresh process, median of `runs`. Wall time per process, and
// the process's CPU time (user + system, from /usr/bin/time when installed) so that load from elsewhere on the
// machine can be told apart. The CLI bundle is built first when it is missing or stale.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface Sample {
	wall: number;
	cpu: number | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hasTime = existsSync('/usr/bin/time');

function run(args: string[]): Sample {
	const t0 = process.hrtime.bigint();
	const r = hasTime
		? spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { encoding: 'utf8' })
		: spawnSync(process.execPath, args, { encoding: 'utf8' });
	const wall = Number(process.hrtime.bigint() - t0) / 1e6;
	const m = hasTime ? /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr) : null;
	if (r.stderr.includes('[kiem-ky] chạy từ mã nguồn')) throw new Error('the CLI ran from the sources');
	return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

function measure(args: string[], runs: number): { wall: number; cpu: number | null } {
	const samples = Array.from({ length: runs }, () => run(args));
	const cpus = samples.map((s) => s.cpu).filter((c) => c !== null);
	return { wall: median(samples.map((s) => s.wall)), cpu: cpus.length ? median(cpus) : null };
}

export function cliStartRows(pdf: string, rootPem: string, runs: number): string[] {
	execFileSync(process.execPath, ['scripts/build-cli.js'], { stdio: 'ignore' });
	const bare = measure(['-e', '0'], runs);
	const rows = [
		`CLI start (median of ${runs}; ${hasTime ? 'wall and CPU' : 'wall'}):  node -e 0 ${fmt(bare)}`
	];
	for (const [label, args] of [
		['kiem-ky --help', ['bin/kiem-ky.js', '--help']],
		['kiem-ky verify 1 PDF', ['bin/kiem-ky.js', 'verify', '--trust', rootPem, '--revocation', 'none', pdf]]
	] as const) {
		const m = measure([...args], runs);
		rows.push(
			`     ${label.padEnd(22)} ${fmt(m)}   (${(m.wall / bare.wall).toFixed(1)}× node -e 0 wall, +${(m.wall - bare.wall).toFixed(0)} ms)`
		);
	}
	return rows;
}

const fmt = (m: { wall: number; cpu: number | null }) =>
	`${m.wall.toFixed(0)} ms wall${m.cpu === null ? '' : `, ${m.cpu.toFixed(0)} ms CPU`}`;
