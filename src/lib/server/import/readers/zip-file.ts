// A ZIP archive on disk (an uploaded .xlsx), read without loading it: the central directory and the
// local headers are read piece by piece and checked by the project's ZIP reader (entry count, total
// size, per-entry and whole-archive ratio, overlapping entries) before anything is inflated; an
// entry is then streamed, inflated on the thread pool, and held to its declared size and CRC-32 as
// it flows (a lie ends the stream with a ZipError).
import { closeSync, createReadStream, openSync, readSync, fstatSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import {
	formatBytes,
	indexZip,
	quoteName,
	ZipBudget,
	ZipError,
	type ZipIndexEntry,
	type ZipLimits,
	type ZipSource
} from '../../../pki/zip-reader';

export interface ZipFile {
	entries: ZipIndexEntry[];
	names: string[];
	problems: string[];
	find(name: string): ZipIndexEntry | undefined;
	/** The entry's bytes, inflated and checked as they flow. */
	stream(entry: ZipIndexEntry): Readable;
}

function fileSource(fd: number): ZipSource {
	const size = fstatSync(fd).size;
	return {
		size,
		read(offset, length) {
			const len = Math.max(0, Math.min(length, size - offset));
			const buf = Buffer.alloc(len);
			let done = 0;
			while (done < len) {
				const n = readSync(fd, buf, done, len - done, offset + done);
				if (n === 0) break;
				done += n;
			}
			return buf.subarray(0, done);
		}
	};
}

/** Holds a stream to the entry's declared size and CRC-32. */
function checked(entry: ZipIndexEntry): Transform {
	let length = 0;
	let crc = 0;
	return new Transform({
		// Inflation (on the thread pool) runs ahead of the parser by this much.
		highWaterMark: 1024 * 1024,
		transform(chunk: Buffer, _enc, done) {
			length += chunk.length;
			if (length > entry.size)
				return done(
					new ZipError(
						'ZIP_SIZE_MISMATCH',
						`mục ${quoteName(entry.name)} giải nén ra nhiều hơn kích thước khai báo (${formatBytes(entry.size)})`,
						entry.name
					)
				);
			crc = crc32(chunk, crc);
			done(null, chunk);
		},
		flush(done) {
			if (length !== entry.size)
				return done(
					new ZipError(
						'ZIP_SIZE_MISMATCH',
						`mục ${quoteName(entry.name)} giải nén ra ${length} byte, khác kích thước khai báo (${entry.size})`,
						entry.name
					)
				);
			if (crc >>> 0 !== entry.crc >>> 0)
				return done(
					new ZipError(
						'ZIP_CRC',
						`mục ${quoteName(entry.name)}: sai mã kiểm tra CRC-32, dữ liệu bị hỏng hoặc đã bị sửa`,
						entry.name
					)
				);
			done();
		}
	});
}

/** Opens and checks the archive at `path`; throws ZipError when it breaks a cap or is damaged. */
export function openZipFile(path: string, limits: Partial<ZipLimits>): ZipFile {
	const fd = openSync(path, 'r');
	let index;
	try {
		index = indexZip(fileSource(fd), new ZipBudget(limits));
	} finally {
		closeSync(fd);
	}
	const byName = new Map(index.entries.map((e) => [e.name, e]));
	return {
		...index,
		find: (name) => byName.get(name),
		stream(entry) {
			const raw = createReadStream(path, {
				start: entry.start,
				end: entry.start + Math.max(entry.compSize, 1) - 1,
				highWaterMark: 256 * 1024
			});
			const out = checked(entry);
			const fail = (e: Error) =>
				out.destroy(
					e instanceof ZipError
						? e
						: new ZipError(
								'ZIP_CORRUPT',
								`mục ${quoteName(entry.name)}: không giải nén được (dữ liệu hỏng)`,
								entry.name
							)
				);
			if (entry.compSize === 0) {
				raw.destroy();
				out.end();
				return out;
			}
			const source = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
			raw.on('error', fail);
			source.on('error', fail);
			source.pipe(out);
			// A reader that stops early (a preview of 20 rows) closes `out`: the file and the inflater go too.
			out.on('close', () => {
				raw.destroy();
				source.destroy();
			});
			return out;
		}
	};
}
