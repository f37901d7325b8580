// The (source_system, source_id) keys already seen in one input, with the line of each: the
// in-input duplicate check of the ingestion pipeline. A million keys as JavaScript strings in a
// Map take about 85 MB of heap; here each is a 64-bit hash in typed arrays (12 bytes a slot, about
// 24 MB for a million, outside the garbage-collected heap). Two different keys share a hash with
// a probability of about n²/2⁶⁵ (3·10⁻⁸ for a million keys): far below any other failure rate of
// an import, and the cost of one would be one valid row reported as a duplicate, never data lost.

/** cyrb53's two 32-bit lanes (public domain), both kept: 64 bits of hash. */
function hash64(s: string): [number, number] {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return [h1 >>> 0, h2 >>> 0];
}

export class SourceKeySet {
	private hi = new Uint32Array(1 << 14);
	private lo = new Uint32Array(1 << 14);
	/** The first line of each key; 0 marks an empty slot (lines start at 1). */
	private lines = new Int32Array(1 << 14);
	private count = 0;

	get size(): number {
		return this.count;
	}

	private slot(hi: number, lo: number): number {
		const mask = this.lines.length - 1;
		let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
		while (this.lines[i] !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo)) i = (i + 1) & mask;
		return i;
	}

	private grow(): void {
		const { hi, lo, lines } = this;
		this.hi = new Uint32Array(lines.length * 2);
		this.lo = new Uint32Array(lines.length * 2);
		this.lines = new Int32Array(lines.length * 2);
		for (let i = 0; i < lines.length; i++) {
			if (lines[i] === 0) continue;
			const j = this.slot(hi[i]!, lo[i]!);
			this.hi[j] = hi[i]!;
			this.lo[j] = lo[i]!;
			this.lines[j] = lines[i]!;
		}
	}

	/** Records the key at `line`; returns the line that had it first, or undefined when it is new. */
	firstLineOrAdd(system: string, id: string, line: number): number | undefined {
		const [hi, lo] = hash64(`${system}\u0000${id}`);
		const i = this.slot(hi, lo);
		if (this.lines[i] !== 0) return this.lines[i];
		this.hi[i] = hi;
		this.lo[i] = lo;
		this.lines[i] = line;
		this.count += 1;
		if (this.count * 2 > this.lines.length) this.grow();
		return undefined;
	}
}
