// The ZIP reader against hostile archives, each built here: the probe's 32 entries sharing one stream, a single
// high-ratio entry, many small entries that are a bomb together, overlapping entries, a wrong CRC-32, a lying
// size, too many entries, a shared budget; and that inflating a large honest archive leaves the event loop free.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readZip, ZipBudget, ZipError, type ZipErrorCode } from '../../../src/lib/pki/zip-reader';
import {
	buildZip,
	highRatioZip,
	overlappingZip,
	sharedStreamBomb
} from '../../../src/lib/pki/testing/hostile-archives';

const MiB = 1024 * 1024;

async function refusal(p: Promise<unknown>): Promise<ZipError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e, 'the archive should have been refused').toBeInstanceOf(ZipError);
	return e as ZipError;
}

async function expectRefused(b: Uint8Array, code: ZipErrorCode, ...inMessage: string[]): Promise<ZipError> {
	const e = await refusal(readZip(b));
	expect(e.code).toBe(code);
	for (const s of inMessage) expect(e.message).toContain(s);
	return e;
}

/** Text that deflates about 4:1, like PEM or XML, so honest archives stay under the ratio cap. */
const text = (bytes: number) =>
	Buffer.from(
		randomBytes(Math.ceil(bytes / 4))
			.toString('hex')
			.repeat(2)
	).subarray(0, bytes);

describe('honest archives', () => {
	it('reads stored and deflated entries, skipping folders, with their CRC-32 checked', async () => {
		const a = text(5000);
		const z = buildZip([
			{ name: 'thư mục/', data: new Uint8Array(0), deflate: false },
			{ name: 'thư mục/a.pem', data: a },
			{ name: 'b.der', data: new Uint8Array([0x30, 0x03, 1, 2, 3]), deflate: false },
			{ name: 'empty.txt', data: new Uint8Array(0) }
		]);
		const r = await readZip(z);
		expect(r.problems).toEqual([]);
		expect(r.entries.map((e) => e.name)).toEqual(['thư mục/a.pem', 'b.der', 'empty.txt']);
		expect(Buffer.from(r.entries[0]!.data).equals(a)).toBe(true);
		expect([...r.entries[1]!.data]).toEqual([0x30, 0x03, 1, 2, 3]);
		expect(r.entries[2]!.data.length).toBe(0);
	});

	it('accepts a small, very compressible entry below the ratio floor', async () => {
		const r = await readZip(buildZip([{ name: 'zeros.txt', data: Buffer.alloc(512 * 1024) }]));
		expect(r.entries[0]!.data.length).toBe(512 * 1024);
	});

	it('keeps no data when asked only to check', async () => {
		const r = await readZip(buildZip([{ name: 'a.xml', data: text(1000) }]), { keepData: false });
		expect(r.entries).toEqual([]);
		expect(r.names).toEqual(['a.xml']);
	});
});

describe('hostile archives', () => {
	it('refuses the probe: 32 entries pointing at one 48 MiB stream, before inflating anything', async () => {
		const bomb = sharedStreamBomb(32, 48 * MiB);
		expect(bomb.length).toBeLessThan(64 * 1024);
		const e = await expectRefused(bomb, 'ZIP_OVERLAP', 'chồng lấn', '"0.cer"');
		expect(e.hostile).toBe(true);
		expect(e.entry).toMatch(/^\d+\.cer$/);
	});

	it('refuses the same shape when each entry stays under the ratio floor', async () => {
		await expectRefused(sharedStreamBomb(64, 900 * 1024), 'ZIP_OVERLAP');
	});

	it('refuses one high-ratio entry, naming it and the ratio', async () => {
		const e = await expectRefused(
			highRatioZip(10 * MiB, 'giải nén.cer'),
			'ZIP_RATIO',
			'"giải nén.cer"',
			'100:1'
		);
		expect(e.entry).toBe('giải nén.cer');
	});

	it('refuses many small entries that are a bomb together (whole-archive ratio)', async () => {
		const z = buildZip(
			Array.from({ length: 40 }, (_, i) => ({ name: `${i}.pem`, data: Buffer.alloc(900 * 1024) }))
		);
		const e = await expectRefused(z, 'ZIP_RATIO', 'tệp ZIP giải nén ra');
		expect(e.entry).toBeNull();
	});

	it('refuses entries whose bytes overlap without sharing an offset', async () => {
		await expectRefused(overlappingZip(text(2000)), 'ZIP_OVERLAP', '"b.cer"', '"a.bin"');
	});

	it('refuses an entry whose CRC-32 does not match, naming it', async () => {
		const data = text(3000);
		const z = buildZip([
			{ name: 'ok.pem', data: text(100) },
			{ name: 'sửa.pem', data, crc: 0x12345678 }
		]);
		const e = await expectRefused(z, 'ZIP_CRC', '"sửa.pem"', 'CRC-32');
		expect(e.hostile).toBe(false);
		const stored = buildZip([{ name: 's.der', data, deflate: false, crc: 1 }]);
		await expectRefused(stored, 'ZIP_CRC', '"s.der"');
	});

	it('stops inflating an entry that grows past its declared size', async () => {
		const z = buildZip([{ name: 'lie.pem', data: text(200_000), size: 1000 }]);
		await expectRefused(z, 'ZIP_SIZE_MISMATCH', '"lie.pem"');
	});

	it('refuses more entries than allowed, before reading their headers', async () => {
		const z = buildZip(Array.from({ length: 6 }, (_, i) => ({ name: `${i}`, data: text(10) })));
		const e = await refusal(readZip(z, { limits: { maxEntries: 5 } }));
		expect(e.code).toBe('ZIP_TOO_MANY_ENTRIES');
		expect(e.message).toContain('6 mục');
		await expect(readZip(z, { limits: { maxEntries: 6 } })).resolves.toBeTruthy();
	});

	it('refuses past the total uncompressed size, naming the entry that crosses it', async () => {
		const z = buildZip([
			{ name: 'a.bin', data: randomBytes(60_000) },
			{ name: 'b.bin', data: randomBytes(60_000) }
		]);
		const e = await refusal(readZip(z, { limits: { maxTotalBytes: 100_000 } }));
		expect(e.code).toBe('ZIP_TOO_LARGE');
		expect(e.entry).toBe('b.bin');
	});

	it('shares one budget across the archives of one operation', async () => {
		const z = buildZip([{ name: 'a.bin', data: randomBytes(60_000) }]);
		const budget = new ZipBudget({ maxTotalBytes: 100_000 });
		await readZip(z, { budget });
		const e = await refusal(readZip(z, { budget }));
		expect(e.code).toBe('ZIP_TOO_LARGE');
		expect(e.message).toContain('các tệp nén khác');
	});

	it('refuses truncated and non-archive input as damaged, not as a crash', async () => {
		const z = buildZip([{ name: 'a.pem', data: text(4000) }]);
		await expectRefused(z.subarray(0, z.length - 30), 'ZIP_CORRUPT');
		await expectRefused(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'ZIP_CORRUPT');
	});
});

describe('the event loop while inflating', () => {
	it('runs other callbacks while a large honest archive inflates', async () => {
		const z = buildZip(Array.from({ length: 6 }, (_, i) => ({ name: `${i}.xml`, data: text(2 * MiB) })));
		let immediates = 0;
		let done = false;
		const tick = (): void => {
			immediates++;
			if (!done) setImmediate(tick);
		};
		const reading = readZip(z);
		setImmediate(tick);
		// Observed at the moment the read resolves, not after: an inflation that blocked the thread would resolve
		// before any setImmediate callback could run.
		const seen = await reading.then((r) => ({ r, immediates }));
		done = true;
		expect(seen.r.entries).toHaveLength(6);
		expect(seen.immediates).toBeGreaterThan(1);
	});
});

describe('mutated archives', () => {
	it('either reads or refuses with a ZipError, never anything else', async () => {
		const z = buildZip([
			{ name: 'a.pem', data: text(3000) },
			{ name: 'b.der', data: text(500), deflate: false },
			{ name: 'c/d.pem', data: text(2000) }
		]);
		let seed = 42;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
		let refused = 0;
		for (let i = 0; i < 400; i++) {
			const m = new Uint8Array(z);
			for (let k = 0; k < 1 + (next() % 4); k++) m[next() % m.length] = next() % 256;
			try {
				await readZip(m);
			} catch (e) {
				expect(e).toBeInstanceOf(ZipError);
				refused++;
			}
		}
		expect(refused).toBeGreaterThan(200);
	});
});
