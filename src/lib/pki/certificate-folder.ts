// Reads a folder (recursively) of certificate, CRL, bundle and ZIP files as import inputs (Node only: node:fs).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportInput } from './certificate-import';

const MAX_FILE = 64 * 1024 * 1024;

export async function readImportFolder(dir: string, maxFiles = 50_000): Promise<ImportInput[]> {
	const out: ImportInput[] = [];
	const walk = async (d: string): Promise<void> => {
		for (const e of await readdir(d, { withFileTypes: true })) {
			if (out.length >= maxFiles) return;
			const p = join(d, e.name);
			if (e.isDirectory()) await walk(p);
			else if (e.isFile() && (await stat(p)).size <= MAX_FILE)
				out.push({ name: p, bytes: new Uint8Array(await readFile(p)) });
		}
	};
	const s = await stat(dir);
	if (s.isDirectory()) await walk(dir);
	else out.push({ name: dir, bytes: new Uint8Array(await readFile(dir)) });
	return out;
}
