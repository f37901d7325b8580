// Uploaded signing-event exports wait on disk between the steps of /ky-so/nhap (upload, check the
// mapping and preview, import): `<data dir>/uploads/events/<token>.upload` holds the bytes and
// `<token>.json` what is known about them (who uploaded it, its format and encoding, and once the
// import starts, its progress and run). Only the uploader may reach a token. The bytes go when the
// import ends; whatever is older than a day is swept away by the next upload.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../errors';
import type { EncodingGuess } from '../readers/encoding-detection';
import type { ExportFormat } from '../readers/table-rows';
import type { ImportSettings } from './settings';

export interface StagedRun {
	status: 'running' | 'done' | 'failed';
	startedAt: string;
	settings: ImportSettings;
	runId?: number;
	rowsTotal?: number | null;
	error?: string;
}

export interface StagedUpload {
	token: string;
	userId: number | null;
	fileName: string;
	size: number;
	contentType: string;
	format: ExportFormat;
	createdAt: string;
	/** Text formats: the encoding detected (the user may choose another). */
	encoding: EncodingGuess | null;
	run?: StagedRun;
}

export const STAGED_MAX_AGE_MS = 24 * 3600_000;
const TOKEN = /^[0-9a-f]{32}$/;

export function stagingDir(env: NodeJS.ProcessEnv = process.env): string {
	return path.resolve(env.KIEMKY_DATA_DIR || './data', 'uploads', 'events');
}

export const dataPath = (dir: string, token: string) => path.join(dir, `${token}.upload`);
const metaPath = (dir: string, token: string) => path.join(dir, `${token}.json`);

export function newToken(): string {
	return randomBytes(16).toString('hex');
}

export async function saveStaged(dir: string, staged: StagedUpload): Promise<void> {
	// Written whole then renamed: a reader never sees half a file.
	const tmp = `${metaPath(dir, staged.token)}.${randomBytes(4).toString('hex')}.tmp`;
	await writeFile(tmp, JSON.stringify(staged));
	await rename(tmp, metaPath(dir, staged.token));
}

const notFound = () =>
	new AppError(
		'NOT_FOUND',
		'Không tìm thấy tệp đã tải lên (tệp đã quá 24 giờ hoặc đã được nhập): hãy tải lên lại.'
	);

/** The staged upload `token` of `userId`; NOT_FOUND for another user's, an unknown or a malformed token. */
export async function loadStaged(dir: string, token: string, userId: number | null): Promise<StagedUpload> {
	if (!TOKEN.test(token)) throw notFound();
	let staged: StagedUpload;
	try {
		staged = JSON.parse(await readFile(metaPath(dir, token), 'utf8')) as StagedUpload;
	} catch {
		throw notFound();
	}
	if (staged.userId !== userId) throw notFound();
	return staged;
}

/**
 * Claims the upload for one import: false when another request claimed it first (a double click on "Nhập").
 * The claim file goes with the upload.
 */
export async function claimStaged(dir: string, token: string): Promise<boolean> {
	try {
		await writeFile(path.join(dir, `${token}.claim`), '', { flag: 'wx' });
		return true;
	} catch {
		return false;
	}
}

export async function hasStagedData(dir: string, token: string): Promise<boolean> {
	return stat(dataPath(dir, token)).then(
		() => true,
		() => false
	);
}

export async function removeStagedData(dir: string, token: string): Promise<void> {
	await rm(dataPath(dir, token), { force: true });
}

export async function discardStaged(dir: string, token: string): Promise<void> {
	await removeStagedData(dir, token);
	await rm(path.join(dir, `${token}.claim`), { force: true });
	await rm(metaPath(dir, token), { force: true });
}

/** Removes staged uploads older than `maxAgeMs`, except those of a running import. */
export async function sweepStaged(
	dir: string,
	now = Date.now(),
	maxAgeMs = STAGED_MAX_AGE_MS
): Promise<void> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch {
		return;
	}
	const tokens = new Set(names.map((n) => n.split('.')[0]!).filter((t) => TOKEN.test(t)));
	for (const token of tokens) {
		const meta = await stat(metaPath(dir, token)).catch(() => null);
		const data = await stat(dataPath(dir, token)).catch(() => null);
		const newest = Math.max(meta?.mtimeMs ?? 0, data?.mtimeMs ?? 0);
		if (now - newest < maxAgeMs) continue;
		const staged = meta
			? (JSON.parse(await readFile(metaPath(dir, token), 'utf8').catch(() => '{}')) as Partial<StagedUpload>)
			: null;
		if (staged?.run?.status === 'running') continue;
		await discardStaged(dir, token);
	}
}

export async function ensureStagingDir(dir: string): Promise<void> {
	await mkdir(dir, { recursive: true, mode: 0o700 });
}
