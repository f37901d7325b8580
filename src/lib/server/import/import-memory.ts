// Peak memory of a large import. A file of a million rows streams through the pipeline a chunk
// at a time, so what it really holds stays small (tens of MB); but by default V8 lets the old
// generation grow to up to four times its live size before the next full collection, and the
// dead chunks waiting for it made the process's resident size about 400 MB for a million-row
// CSV. While an import that spans more than one chunk runs, V8's heap growing factor is held at
// 1.3 (--heap-growing-percent=30): full collections come sooner, each with little to do (the
// heap is mostly garbage), and the peak falls by about 100 MB at no measurable CPU cost
// (--optimize-for-size did as well for memory but cost 60% more CPU). The flag is process-wide
// and read each time V8 sets the next limit, hence the count of the imports that asked; when the
// last ends, V8's own heuristics come back. Measured by `npm run bench -- import-files`
// (docs/archive-and-import.md).
import v8 from 'node:v8';

let holders = 0;

/** Holds V8 to the lower heap growth until the returned release is called (once; later calls do nothing). */
export function favourMemoryWhileImporting(): () => void {
	if (holders++ === 0) v8.setFlagsFromString('--heap-growing-percent=30');
	let released = false;
	return () => {
		if (released) return;
		released = true;
		if (--holders === 0) v8.setFlagsFromString('--heap-growing-percent=0');
	};
}
