// A small seeded PRNG (mulberry32) and the draws the demo seeder needs: same seed, same data.
export class Prng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** A uniform float in [0, 1). */
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		const item = items[Math.floor(this.next() * items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}

	/** Picks by weight: `[[value, weight], …]`. */
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		const total = items.reduce((s, [, w]) => s + w, 0);
		let r = this.next() * total;
		for (const [v, w] of items) {
			r -= w;
			if (r < 0) return v;
		}
		return items[items.length - 1]![0];
	}

	/** A Poisson draw (Knuth; fine for the small means used here). */
	poisson(mean: number): number {
		if (mean <= 0) return 0;
		if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gauss()));
		const l = Math.exp(-mean);
		let k = 0;
		let p = 1;
		do {
			k++;
			p *= this.next();
		} while (p > l);
		return k - 1;
	}

	gauss(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** A new independent stream derived from this seed and a label (stable whatever was drawn before). */
	static derive(seed: number, label: string): Prng {
		let h = (seed ^ 0x9e3779b9) >>> 0;
		for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
		return new Prng(h);
	}

	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j]!, out[i]!];
		}
		return out;
	}
}
