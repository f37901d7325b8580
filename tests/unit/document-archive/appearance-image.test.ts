// The page picture of a Điều 13 finding: the crop around the box in pdftoppm's pixels, the box drawn where the PDF
// puts it, a PNG that reads back, and words instead of a failure when pdftoppm is not installed.
import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
	cropFor,
	drawBox,
	encodePng,
	readPpm,
	renderSignatureRegion
} from '../../../src/lib/server/document-archive/appearance-image';
import { createPdf } from '../../../src/lib/pki/testing';

describe('the crop', () => {
	it('keeps the box with margins, at 100 dpi, from the top left, within the page', () => {
		const c = cropFor({ page: 1, rect: [370, 220, 470, 280], pageSize: [595, 842] });
		const s = 100 / 72;
		expect(c.x).toBe(Math.floor(260 * s));
		expect(c.y).toBe(Math.floor((842 - 370) * s));
		expect(c.w).toBe(Math.ceil(580 * s) - c.x);
		expect(c.h).toBe(Math.ceil((842 - 130) * s) - c.y);
		const corner = cropFor({ page: 1, rect: [500, 780, 590, 840], pageSize: [595, 842] });
		expect(corner.y).toBe(0);
		expect(corner.x + corner.w).toBe(Math.ceil(595 * s));
	});
});

describe('pixels', () => {
	it('reads a P6 PPM, draws the box in red and writes a PNG that inflates back to the rows', () => {
		const w = 20;
		const h = 10;
		const ppm = Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`), Buffer.alloc(w * h * 3, 255)]);
		const img = readPpm(ppm)!;
		expect([img.width, img.height]).toEqual([w, h]);
		drawBox(img, 5, 3, 14, 7, 1);
		const px = (x: number, y: number) => [...img.pixels.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)];
		expect(px(5, 3)).toEqual([220, 0, 0]);
		expect(px(14, 7)).toEqual([220, 0, 0]);
		expect(px(9, 5)).toEqual([255, 255, 255]);
		const png = encodePng(w, h, img.pixels);
		expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w, h]);
		const idatLen = png.readUInt32BE(33);
		expect(png.toString('latin1', 37, 41)).toBe('IDAT');
		const rows = inflateSync(png.subarray(41, 41 + idatLen));
		expect(rows.length).toBe(h * (w * 3 + 1));
		expect([...rows.subarray(3 * (w * 3 + 1) + 1 + 5 * 3, 3 * (w * 3 + 1) + 1 + 6 * 3)]).toEqual([220, 0, 0]);
		expect(readPpm(Buffer.from('P5\n1 1\n255\n\0'))).toBeNull();
	});
});

describe('without pdftoppm', () => {
	const path = process.env.PATH;
	afterEach(() => {
		process.env.PATH = path;
	});

	it('answers in words that the renderer is missing', async () => {
		process.env.PATH = '/nonexistent';
		const r = await renderSignatureRegion(createPdf(), {
			page: 1,
			rect: [100, 100, 200, 150],
			pageSize: [595, 842]
		});
		expect(r).toEqual({
			ok: false,
			reason: 'renderer_missing',
			detail: 'Máy chủ chưa cài pdftoppm (poppler-utils).'
		});
	});

	it('renders the region of a real page when it is installed', async () => {
		const r = await renderSignatureRegion(createPdf(), {
			page: 1,
			rect: [100, 100, 200, 150],
			pageSize: [595, 842]
		});
		if (!r.ok) throw new Error(r.detail);
		const c = cropFor({ page: 1, rect: [100, 100, 200, 150], pageSize: [595, 842] });
		expect([r.width, r.height]).toEqual([c.w, c.h]);
	});
});
