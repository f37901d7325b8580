// A cache of the PGlite test templates across runs, for the developer's loop: migrating and seeding
// the demo data takes a minute or more of every `vitest run`, most often on unchanged migrations and
// seed. The key is a hash of every source the templates can depend on (migrations/, src/lib/ and the
// test helpers) and of the seed scale and today's date, so any change there builds afresh. Off in CI (a fresh clone
// has no cache anyway) and with KIEMKY_TEST_DB_CACHE=0.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TEST_INITDB_PARAMS, TEST_SEED_SCALE } from './test-db-config';

const SOURCES = ['migrations', 'src/lib', 'tests/helpers', 'package-lock.json'];

function addTree(hash: ReturnType<typeof createHash>, entry: string): void {
	const stat = statSync(entry, { throwIfNoEntry: false });
	if (!stat) return;
	if (stat.isDirectory()) {
		for (const name of readdirSync(entry).sort()) addTree(hash, path.join(entry, name));
		return;
	}
	hash.update(entry).update('\0').update(readFileSync(entry)).update('\0');
}

/** The cache directory for this checkout's templates, or null when caching is off. */
export function pgliteCacheDir(): string | null {
	if (process.env.CI || process.env.KIEMKY_TEST_DB_CACHE === '0') return null;
	const hash = createHash('sha256');
	for (const source of SOURCES) addTree(hash, source);
	// The demo data is dated from today: a template seeded yesterday is not today's.
	const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
	hash.update(`scale=${TEST_SEED_SCALE};initdb=${TEST_INITDB_PARAMS.join(' ')};day=${today}`);
	return path.resolve('tmp/test-db-cache', hash.digest('hex').slice(0, 16));
}
