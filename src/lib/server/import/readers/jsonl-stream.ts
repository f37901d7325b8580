// JSON Lines: one JSON object per line, read from a decoded text stream. A line that is not a JSON
// object is a problem of that line, not of the file.
export interface JsonlRow {
	line: number;
	object: Record<string, unknown> | null;
	problem?: string;
}

/** A line longer than this is refused without being kept. */
export const MAX_JSONL_LINE = 1024 * 1024;

function parseLine(line: number, text: string): JsonlRow | null {
	if (!text.trim()) return null;
	try {
		const v: unknown = JSON.parse(text);
		if (v && typeof v === 'object' && !Array.isArray(v))
			return { line, object: v as Record<string, unknown> };
		return { line, object: null, problem: 'mỗi dòng phải là một đối tượng JSON ({…})' };
	} catch {
		return { line, object: null, problem: 'không phải JSON hợp lệ' };
	}
}

export async function* readJsonlRows(text: AsyncIterable<string>): AsyncGenerator<JsonlRow> {
	let rest = '';
	let line = 1;
	let tooLong = false;
	for await (let chunk of text) {
		if (line === 1 && !rest && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
		let from = 0;
		for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
			const piece = rest + chunk.slice(from, nl);
			rest = '';
			const row = tooLong
				? { line, object: null, problem: `dòng dài hơn ${MAX_JSONL_LINE / 1024 / 1024} MiB` }
				: parseLine(line, piece.replace(/\r$/, ''));
			tooLong = false;
			if (row) yield row;
			line++;
			from = nl + 1;
		}
		rest += chunk.slice(from);
		if (rest.length > MAX_JSONL_LINE) {
			tooLong = true;
			rest = '';
		}
	}
	const last = tooLong
		? { line, object: null, problem: `dòng dài hơn ${MAX_JSONL_LINE / 1024 / 1024} MiB` }
		: parseLine(line, rest.replace(/\r$/, ''));
	if (last) yield last;
}
