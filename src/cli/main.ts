// Dispatches `kiem-ky <command> …` to src/cli/commands/<command>.ts. Each command module exports
// `command: CliCommand`; commands are found on disk, so adding one needs no edit here. Run from the bundle
// (dist/cli, scripts/build-cli.js) the commands are .js files and `--help` reads their summaries from
// commands.json, so that it loads no command module and none of their dependencies.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { EXIT, type CliCommand } from './command';
import { describeCliError } from './errors';
import { UsageError } from './args';

const here = path.dirname(fileURLToPath(import.meta.url));
const commandsDir = path.join(here, 'commands');
const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts';

function commandNames(): string[] {
	return readdirSync(commandsDir)
		.filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`))
		.map((f) => f.slice(0, -3))
		.sort();
}

/** Summaries written by the bundler, or null when running from the sources. */
function bundledSummaries(): Record<string, string> | null {
	if (ext !== '.js') return null;
	try {
		return JSON.parse(readFileSync(path.join(here, 'commands.json'), 'utf8')) as Record<string, string>;
	} catch {
		return null;
	}
}

async function loadCommand(name: string): Promise<CliCommand | undefined> {
	if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
	const mod = (await import(pathToFileURL(path.join(commandsDir, `${name}${ext}`)).href)) as {
		command?: CliCommand;
	};
	return mod.command;
}

async function printHelp(): Promise<void> {
	const lines = [
		'Kiểm Ký — công cụ dòng lệnh cho quản trị viên',
		'',
		'Cách dùng: kiem-ky <lệnh> [tùy chọn]',
		'',
		'Các lệnh:'
	];
	const summaries = bundledSummaries();
	for (const name of commandNames()) {
		const summary = summaries ? summaries[name] : (await loadCommand(name))?.summary;
		if (summary !== undefined) lines.push(`  ${name.padEnd(14)} ${summary}`);
	}
	lines.push('', 'Xem chi tiết một lệnh: kiem-ky <lệnh> --help');
	console.log(lines.join('\n'));
}

export async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		await printHelp();
		return name ? EXIT.OK : EXIT.USAGE;
	}
	const cmd = await loadCommand(name);
	if (!cmd) {
		console.error(`kiem-ky: không có lệnh "${name}". Xem: kiem-ky --help`);
		return EXIT.USAGE;
	}
	try {
		return await cmd.run(rest);
	} catch (e) {
		// One clear line, never a stack trace, unless the operator asks for it.
		console.error(`kiem-ky ${name}: ${describeCliError(e)}`);
		if (process.env.KIEMKY_DEBUG) console.error(e);
		return e instanceof UsageError ? EXIT.USAGE : EXIT.FAILED;
	}
}
