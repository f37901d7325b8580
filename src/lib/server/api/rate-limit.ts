// A per-key request rate for /api/**: a token bucket per API key, in this process's memory. With
// several instances behind a balancer each allows the rate, so the province-wide ceiling is the
// rate times the instances; the limit is there to stop a runaway integration, not to meter it.
// KIEMKY_API_RATE is requests per minute per key (default 600, i.e. 10 per second with a burst
// of one minute's worth); 0 turns the limit off.
import { apiError } from './errors';

interface Bucket {
	tokens: number;
	updated: number;
}

export class RateLimiter {
	private readonly buckets = new Map<number, Bucket>();
	constructor(
		readonly perMinute: number,
		private readonly now: () => number = Date.now
	) {}

	/** Takes one request from the key's bucket; the seconds to wait when it is empty, else 0. */
	take(keyId: number): number {
		if (this.perMinute <= 0) return 0;
		const t = this.now();
		const b = this.buckets.get(keyId) ?? { tokens: this.perMinute, updated: t };
		b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.updated) / 60_000) * this.perMinute);
		b.updated = t;
		this.buckets.set(keyId, b);
		if (b.tokens >= 1) {
			b.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.perMinute));
	}
}

function configuredRate(env: NodeJS.ProcessEnv = process.env): number {
	const n = Number(env.KIEMKY_API_RATE ?? 600);
	return Number.isFinite(n) && n >= 0 ? n : 600;
}

let shared: RateLimiter | null = null;
/** The process's limiter, made again (its buckets full) when KIEMKY_API_RATE has changed since. */
export function apiRateLimiter(): RateLimiter {
	const rate = configuredRate();
	if (shared?.perMinute !== rate) shared = new RateLimiter(rate);
	return shared;
}

/** A 429 answer when the key has no request left this minute, else null. */
export function rateLimited(keyId: number, limiter: RateLimiter = apiRateLimiter()): Response | null {
	const wait = limiter.take(keyId);
	if (wait === 0) return null;
	return apiError(
		429,
		'RATE_LIMITED',
		`Khóa API đã gửi quá ${limiter.perMinute} yêu cầu mỗi phút: thử lại sau ${wait} giây.`,
		`This API key sent more than ${limiter.perMinute} requests per minute: retry in ${wait} s.`,
		{ headers: { 'retry-after': String(wait) } }
	);
}
