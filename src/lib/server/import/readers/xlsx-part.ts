// One XML part of an .xlsx, streamed from the archive through the XML scanner.
import { StringDecoder } from 'node:string_decoder';
import type { ZipIndexEntry } from '../../../pki/zip-reader';
import type { ZipFile } from './zip-file';
import type { XmlScanner } from './xml-scanner';

/** Feeds the part to `scanner`, yielding after each chunk so the caller can take what it produced. */
export async function* scanPart(
	zip: ZipFile,
	entry: ZipIndexEntry,
	scanner: XmlScanner
): AsyncGenerator<void> {
	const decoder = new StringDecoder('utf8');
	const stream = zip.stream(entry);
	try {
		for await (const chunk of stream) {
			scanner.write(decoder.write(chunk as Buffer));
			yield;
		}
		scanner.write(decoder.end());
		scanner.end();
	} finally {
		stream.destroy();
	}
}
