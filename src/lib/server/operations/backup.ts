// Backups for operators: on PostgreSQL a pg_dump custom-format archive (restored with pg_restore in
// one transaction); on PGlite a dump of its data directory (restored into a fresh directory, the old
// one kept aside, never overwritten). The audit log's HMAC key is not in either: back it up apart.
import { spawnSync } from 'node:child_process';
import {
	existsSync,
	readdirSync,
	readFileSync,
	renameSync,
	writeFileSync,
	openSync,
	readSync,
	closeSync
} from 'node:fs';
import { AppError } from '../../errors';
import { openPglite } from '../db/connection';

export type BackupKind = 'postgres' | 'pglite';

function run(cmd: string, args: string[]): void {
	const r = spawnSync(cmd, args, { encoding: 'utf8' });
	if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT')
		throw new AppError(
			'INVALID_INPUT',
			`Không tìm thấy chương trình ${cmd}: cài gói postgresql-client cùng phiên bản máy chủ.`
		);
	if (r.status !== 0)
		throw new AppError(
			'INTERNAL',
			`${cmd} thất bại: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' ')}`
		);
}

/** What a backup file holds, from its first bytes: a pg_dump archive ("PGDMP") or a gzip (PGlite). */
export function backupKindOf(file: string): BackupKind | null {
	const fd = openSync(file, 'r');
	try {
		const head = Buffer.alloc(5);
		readSync(fd, head, 0, 5, 0);
		if (head.toString('latin1') === 'PGDMP') return 'postgres';
		if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
		return null;
	} finally {
		closeSync(fd);
	}
}

export function backupPostgres(url: string, out: string): void {
	run('pg_dump', ['--format=custom', '--no-owner', `--file=${out}`, `--dbname=${url}`]);
}

/**
 * pg_restore --clean cannot drop the constraints the partitions of signing_events inherit, so the
 * archive is turned into SQL and run by psql in ONE transaction after emptying the schema: a failure
 * anywhere rolls everything back and the database stays as it was.
 */
export function restorePostgres(url: string, file: string): void {
	if (backupKindOf(file) !== 'postgres')
		throw new AppError(
			'INVALID_INPUT',
			`${file} không phải bản sao lưu PostgreSQL (pg_dump định dạng custom).`
		);
	const script = spawnSync('pg_restore', ['--no-owner', '--file=-', file], { maxBuffer: 1 << 30 });
	if (script.error && (script.error as NodeJS.ErrnoException).code === 'ENOENT')
		throw new AppError('INVALID_INPUT', 'Không tìm thấy chương trình pg_restore: cài gói postgresql-client.');
	if (script.status !== 0)
		throw new AppError(
			'INTERNAL',
			`pg_restore thất bại: ${script.stderr.toString().trim().split('\n').slice(-3).join(' ')}`
		);
	const sqlText = Buffer.concat([
		Buffer.from('drop schema public cascade;\ncreate schema public;\n'),
		script.stdout
	]);
	const r = spawnSync(
		'psql',
		['--single-transaction', '--quiet', '-v', 'ON_ERROR_STOP=1', `--dbname=${url}`],
		{
			input: sqlText,
			maxBuffer: 1 << 26
		}
	);
	if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT')
		throw new AppError('INVALID_INPUT', 'Không tìm thấy chương trình psql: cài gói postgresql-client.');
	if (r.status !== 0)
		throw new AppError(
			'INTERNAL',
			`khôi phục thất bại, cơ sở dữ liệu giữ nguyên: ${r.stderr.toString().trim().split('\n').slice(-3).join(' ')}`
		);
}

export async function backupPglite(dataDir: string, out: string): Promise<void> {
	if (!existsSync(dataDir) || readdirSync(dataDir).length === 0)
		throw new AppError('NOT_FOUND', `Không có cơ sở dữ liệu nhúng ở ${dataDir}.`);
	const handle = await openPglite({ dataDir });
	try {
		const dump = await handle.pglite!.dumpDataDir('gzip');
		writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
	} finally {
		await handle.close();
	}
}

/**
 * Restores into `dataDir`. An existing directory is refused unless `force`, and even then it is
 * moved aside (returned) rather than deleted, so a wrong restore loses nothing.
 */
export async function restorePglite(
	dataDir: string,
	file: string,
	force: boolean,
	now = new Date()
): Promise<string | null> {
	if (backupKindOf(file) !== 'pglite')
		throw new AppError('INVALID_INPUT', `${file} không phải bản sao lưu của cơ sở dữ liệu nhúng (PGlite).`);
	let movedAside: string | null = null;
	if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
		if (!force)
			throw new AppError(
				'CONFLICT',
				`${dataDir} đã có dữ liệu; dừng máy chủ rồi chạy lại với --force (dữ liệu cũ được giữ lại bên cạnh).`
			);
		movedAside = `${dataDir}.truoc-khoi-phuc-${now.toISOString().replace(/[:.]/g, '-')}`;
		renameSync(dataDir, movedAside);
	}
	const handle = await openPglite({ dataDir, loadDataDir: new Blob([readFileSync(file)]) });
	await handle.close();
	return movedAside;
}
