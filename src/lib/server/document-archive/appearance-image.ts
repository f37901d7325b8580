// The page region around a signature box as a PNG, for a Điều 13 finding: poppler's pdftoppm renders the region
// (-r 100, -x -y -W -H in pixels, PPM "P6" on its standard output), the box is drawn on it in red, 3 pixels wide,
// and the pixels are written as a PNG (RFC 2083: IHDR, one IDAT of filter-0 rows, IEND). pdftoppm runs on a
// temporary copy of the file with a time limit; when it is not installed the answer says so instead of failing.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export const RENDER_DPI = 100;
/** Points of page kept around the box: the title above and the name below a signature image show. */
const MARGIN_X = 110;
const MARGIN_Y = 90;
const TIMEOUT_MS = 20_000;
const MAX_OUTPUT = 64 * 1024 * 1024;
/** pdftoppm processes at once per server process; further requests wait their turn. */
const MAX_RUNNING = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
	// A finished run hands its slot to the next waiter directly, so the count never goes over the limit.
	if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
	else running++;
	try {
		return await work();
	} finally {
		const next = waiting.shift();
		if (next) next();
		else running--;
	}
}

export interface RegionRequest {
	page: number;
	rect: [number, number, number, number];
	pageSize: [number, number];
}

export type RenderedRegion =
	| { ok: true; png: Buffer; width: number; height: number }
	| { ok: false; reason: 'renderer_missing' | 'render_failed'; detail: string };

/** The pixel crop (at RENDER_DPI) for a box on a page of the given size, in pdftoppm's top-left origin. */
export function cropFor(r: RegionRequest): { x: number; y: number; w: number; h: number; scale: number } {
	const s = RENDER_DPI / 72;
	const [pw, ph] = r.pageSize;
	const x1 = Math.max(0, r.rect[0] - MARGIN_X);
	const x2 = Math.min(pw, r.rect[2] + MARGIN_X);
	const top = Math.min(ph, r.rect[3] + MARGIN_Y);
	const bottom = Math.max(0, r.rect[1] - MARGIN_Y);
	const x = Math.floor(x1 * s);
	const y = Math.floor((ph - top) * s);
	return {
		x,
		y,
		w: Math.max(1, Math.ceil(x2 * s) - x),
		h: Math.max(1, Math.ceil((ph - bottom) * s) - y),
		scale: s
	};
}

function run(args: string[]): Promise<{ code: number | null; out: Buffer; err: string; missing: boolean }> {
	return new Promise((resolve) => {
		const child = spawn('pdftoppm', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
		const out: Buffer[] = [];
		let size = 0;
		let err = '';
		child.stdout.on('data', (b: Buffer) => {
			size += b.length;
			if (size <= MAX_OUTPUT) out.push(b);
			else child.kill();
		});
		child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8').slice(0, 2000)));
		child.on('error', (e: NodeJS.ErrnoException) =>
			resolve({ code: null, out: Buffer.alloc(0), err: e.message, missing: e.code === 'ENOENT' })
		);
		child.on('close', (code) => resolve({ code, out: Buffer.concat(out), err, missing: false }));
	});
}

/** Reads a binary PPM (P6, maxval 255): its size and RGB pixels. */
export function readPpm(b: Buffer): { width: number; height: number; pixels: Buffer } | null {
	const head = /^P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(b.toString('latin1', 0, 64));
	if (!head || head[3] !== '255') return null;
	const width = Number(head[1]);
	const height = Number(head[2]);
	const pixels = b.subarray(head[0].length, head[0].length + width * height * 3);
	return pixels.length === width * height * 3 ? { width, height, pixels: Buffer.from(pixels) } : null;
}

function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/** RGB pixels as a PNG (8-bit truecolour, no interlace). */
export function encodePng(width: number, height: number, rgb: Buffer): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const rows = Buffer.alloc(height * (width * 3 + 1));
	for (let y = 0; y < height; y++)
		rgb.copy(rows, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/** Draws an unfilled red rectangle, `thick` pixels wide, clipped to the image. */
export function drawBox(
	img: { width: number; height: number; pixels: Buffer },
	x1: number,
	y1: number,
	x2: number,
	y2: number,
	thick = 3
): void {
	const set = (x: number, y: number) => {
		if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
		img.pixels.set([220, 0, 0], (y * img.width + x) * 3);
	};
	for (let t = 0; t < thick; t++) {
		for (let x = x1 - t; x <= x2 + t; x++) {
			set(x, y1 - t);
			set(x, y2 + t);
		}
		for (let y = y1 - t; y <= y2 + t; y++) {
			set(x1 - t, y);
			set(x2 + t, y);
		}
	}
}

/** Renders the region of page `r.page` around `r.rect` with the box drawn on it. */
export async function renderSignatureRegion(pdf: Uint8Array, r: RegionRequest): Promise<RenderedRegion> {
	const c = cropFor(r);
	const dir = await mkdtemp(path.join(tmpdir(), 'kiemky-trang-'));
	try {
		const file = path.join(dir, 'van-ban.pdf');
		await writeFile(file, pdf);
		const p = String(r.page);
		const res = await inTurn(() =>
			run([
				'-r',
				String(RENDER_DPI),
				'-f',
				p,
				'-l',
				p,
				'-x',
				String(c.x),
				'-y',
				String(c.y),
				'-W',
				String(c.w),
				'-H',
				String(c.h),
				file
			])
		);
		if (res.missing)
			return { ok: false, reason: 'renderer_missing', detail: 'Máy chủ chưa cài pdftoppm (poppler-utils).' };
		const img = res.code === 0 ? readPpm(res.out) : null;
		if (!img)
			return {
				ok: false,
				reason: 'render_failed',
				detail: `pdftoppm không dựng được trang ${r.page}: ${res.err.trim() || `mã ${res.code}`}`
			};
		const ph = r.pageSize[1];
		const px = (x: number) => Math.round(x * c.scale) - c.x;
		const py = (y: number) => Math.round((ph - y) * c.scale) - c.y;
		drawBox(img, px(r.rect[0]), py(r.rect[3]), px(r.rect[2]), py(r.rect[1]));
		return {
			ok: true,
			png: encodePng(img.width, img.height, img.pixels),
			width: img.width,
			height: img.height
		};
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

let available: Promise<boolean> | null = null;

/** Whether pdftoppm can be run here (asked once per process). */
export function rendererAvailable(): Promise<boolean> {
	available ??= run(['-v']).then((r) => !r.missing);
	return available;
}
