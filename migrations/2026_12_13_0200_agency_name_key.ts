import { sql, type Kysely } from 'kysely';

// The agencies' names as their primary collation weights in Vietnamese (what Intl.Collator('vi')
// compares first: the letter, not its case or tone; ă â đ ê ô ơ ư letters of their own; the space
// before the digits before the letters), one ASCII character each, so that comparing two keys
// byte by byte (collate "C") orders names as the collator does whenever the keys differ. Stored:
// the overview's shortlist (adoption-shortlist.ts) reads it for the thousands of agencies tied at
// the cut of its lists early in a month, to hand Node only those that may come first by name
// (PGlite has no ICU collation, and PostgreSQL's ICU need not be Node's).
//
// A name made only of the characters below gets its whole key and a space after it (the end: a
// shorter name whose weights start a longer one's comes first). Any other character (punctuation,
// a decomposed accent) stops the key before it, without the space: such a key tells only that the
// name comes after every complete key that is smaller at a position both have.

// The letters in the collator's primary order, and one ASCII character for each, in the same order.
const LETTERS = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const WEIGHTS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg';
// Tones are secondary differences; the breve, circumflex and horn make letters of their own.
const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const MARKED: Record<string, string> = {
	'a\u0306': 'ă',
	'a\u0302': 'â',
	'e\u0302': 'ê',
	'o\u0302': 'ô',
	'o\u031b': 'ơ',
	'u\u031b': 'ư'
};

/** The letter of a precomposed character (either case, any tone), or null. */
function letterOf(ch: string): string | null {
	const lower = ch.toLowerCase();
	if (lower.length !== 1) return null;
	if (lower === 'đ') return 'đ';
	const [base, ...marks] = [...lower.normalize('NFD')];
	if (!base || !/^[a-z]$/.test(base)) return null;
	// NFD puts a dot below before a circumflex (ậ, ệ, ộ): the letter's mark is looked for anywhere.
	const at = marks.findIndex((m) => MARKED[base + m] !== undefined);
	const letter = at < 0 ? base : MARKED[base + marks[at]!]!;
	const tones = marks.filter((_, i) => i !== at);
	if (tones.length === 0) return letter;
	return tones.length === 1 && TONES.includes(tones[0]!) && 'aăâeêioôơuưy'.includes(letter) ? letter : null;
}

/** The characters the key knows and their weights, for translate(). */
function weightTable(): { from: string; to: string } {
	let from = ' 0123456789';
	let to = '!0123456789';
	for (const [lo, hi] of [
		[0x41, 0x24f],
		[0x1e00, 0x1eff]
	] as const)
		for (let cp = lo; cp <= hi; cp++) {
			const ch = String.fromCodePoint(cp);
			const letter = ch.normalize('NFC') === ch ? letterOf(ch) : null;
			if (letter === null) continue;
			from += ch;
			to += WEIGHTS[LETTERS.indexOf(letter)]!;
		}
	return { from, to };
}

export async function up(db: Kysely<any>): Promise<void> {
	const { from, to } = weightTable();
	const f = sql.lit(from);
	const t = sql.lit(to);
	await sql`create function kk_name_key(name text) returns text language sql immutable strict parallel safe as $$
		select case when translate(name, ${f}, '') = '' then translate(name, ${f}, ${t}) || ' '
			else translate(left(name, strpos(name, left(translate(name, ${f}, ''), 1)) - 1), ${f}, ${t}) end
	$$`.execute(db);
	await sql`alter table agencies add column name_key text generated always as (kk_name_key(name)) stored not null`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table agencies drop column if exists name_key`.execute(db);
	await sql`drop function if exists kk_name_key(text)`.execute(db);
}
