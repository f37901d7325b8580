// Search that ignores diacritics and case: "nguyen thi" finds "Nguyễn Thị", "d" finds "đ".
// The database folds the stored text with kk_fold() (migration 2026_12_06_1400_search_fold) and
// the search term is folded here the same way, character for character, so the two always agree
// (tests/integration/db/search-fold.test.ts runs both over every Vietnamese letter).
// No lower(): under the C locale (PGlite's) it leaves non-ASCII letters alone, so the fold maps
// upper case itself, which also keeps it IMMUTABLE whatever the server's locale.

const VOWELS = 'aăâeêioôơuưy';
/** No tone, huyền, sắc, hỏi, ngã, nặng. */
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
/** Combining marks of decomposed (NFD) Vietnamese text: tones, circumflex, breve, horn. */
export const COMBINING_MARKS = '\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b';

/** Every precomposed Vietnamese vowel (all tones, both cases) and đ/Đ, paired with its plain letter. */
export function vietnameseLetters(): [letter: string, plain: string][] {
	const out: [string, string][] = [];
	for (const vowel of VOWELS)
		for (const tone of TONES)
			for (const c of [vowel, vowel.toUpperCase()]) {
				const letter = (c + tone).normalize('NFC');
				out.push([letter, letter.normalize('NFD').charAt(0).toLowerCase()]);
			}
	out.push(['đ', 'd'], ['Đ', 'd']);
	return out;
}

const FOLD = new Map<string, string>();
for (const [letter, plain] of vietnameseLetters()) FOLD.set(letter, plain);
for (let c = 65; c <= 90; c++) FOLD.set(String.fromCharCode(c), String.fromCharCode(c + 32));
for (const mark of COMBINING_MARKS) FOLD.set(mark, '');

/** The text as kk_fold() stores it: lower-case ASCII letters for Vietnamese ones, marks dropped. */
export function foldForSearch(text: string): string {
	let out = '';
	for (const ch of text) out += FOLD.get(ch) ?? ch;
	return out;
}
