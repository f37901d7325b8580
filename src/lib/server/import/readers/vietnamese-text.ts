// How plausible a decoded text is as Vietnamese: the score that decides between Windows-1258 and
// TCVN3 for a file that is not UTF-8. Each word holding a non-ASCII letter counts +1 when it is a
// Vietnamese syllable (an onset, a vowel group Vietnamese has, a final consonant, at most one tone
// mark, one letter case) and -1 otherwise; a symbol no Vietnamese text holds (µ, ¸, ¶, …) counts -1. The wrong
// table turns "Nguyễn" into "NguyÔn" or "Nguyờịn", which fail these tests.
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
const SYLLABLE =
	/^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?$/;
/** The vowel groups of Vietnamese syllables, without tone. */
const NUCLEI = new Set(
	(
		'a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ' +
		'ươ yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu'
	).split(' ')
);
const isSyllable = (s: string) => {
	const m = SYLLABLE.exec(s);
	return !!m && NUCLEI.has(m[2]!);
};
/** Punctuation a Vietnamese text may hold beyond ASCII: typographic quotes, dashes, ellipsis, bullet, spaces. */
const PLAUSIBLE_SYMBOLS = new Set([...'\u00a0“”‘’–—…•«»°']);

function oneCase(word: string): boolean {
	const lower = word.toLowerCase();
	const upper = word.toUpperCase();
	if (word === lower || word === upper) return true;
	return word[0] === upper[0] && word.slice(1) === lower.slice(1);
}

export function vietnameseScore(text: string): number {
	let score = 0;
	for (const ch of text) {
		const c = ch.codePointAt(0)!;
		if (c >= 0x80 && !/[\p{L}\p{M}]/u.test(ch) && !PLAUSIBLE_SYMBOLS.has(ch)) score--;
	}
	for (const word of text.normalize('NFC').split(/[^\p{L}\p{M}]+/u)) {
		if (!word || /^[\x20-\x7e]*$/.test(word)) continue;
		const bare = word.normalize('NFD');
		const tones = bare.match(TONES)?.length ?? 0;
		const base = bare.replace(TONES, '').normalize('NFC').toLowerCase();
		score += tones <= 1 && isSyllable(base) && oneCase(word) ? 1 : -1;
	}
	return score;
}
