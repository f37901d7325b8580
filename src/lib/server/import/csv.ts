// A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF, a UTF-8 BOM) that keeps the
// line number of each record, so an import can report "dòng 12: …" for the row a user must fix.
export interface CsvRecord {
	line: number;
	values: Record<string, string>;
}

export function parseCsv(text: string): {
	header: string[];
	records: CsvRecord[];
	errors: { line: number; message: string }[];
} {
	const src = text.replace(/^\uFEFF/, '');
	const rows: { line: number; cells: string[] }[] = [];
	const errors: { line: number; message: string }[] = [];
	let line = 1;
	let i = 0;
	while (i < src.length) {
		const startLine = line;
		const cells: string[] = [];
		let cell = '';
		let quoted = false;
		let done = false;
		while (i < src.length && !done) {
			const ch = src[i]!;
			const next = src[i + 1];
			if (quoted) {
				if (ch === '"' && next === '"') {
					cell += '"';
					i += 2;
					continue;
				}
				if (ch === '"') quoted = false;
				else cell += ch;
				if (ch === '\n') line++;
				i++;
				continue;
			}
			if (ch === '"' && cell === '') quoted = true;
			else if (ch === ',') {
				cells.push(cell);
				cell = '';
			} else if (ch === '\n' || (ch === '\r' && next === '\n')) {
				done = true;
				if (ch === '\r') i++;
			} else cell += ch;
			i++;
		}
		if (quoted) errors.push({ line: startLine, message: 'dấu ngoặc kép chưa đóng' });
		cells.push(cell);
		if (done) line++;
		if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: startLine, cells });
	}
	const [head, ...body] = rows;
	if (!head) return { header: [], records: [], errors };
	const header = head.cells.map((h) => h.trim());
	const records: CsvRecord[] = [];
	for (const r of body) {
		if (r.cells.length !== header.length) {
			errors.push({ line: r.line, message: `có ${r.cells.length} cột, tiêu đề có ${header.length} cột` });
			continue;
		}
		records.push({ line: r.line, values: Object.fromEntries(header.map((h, k) => [h, r.cells[k]!])) });
	}
	return { header, records, errors };
}
