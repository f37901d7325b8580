// Cell values as document systems write them, turned into the values eventRowSchema takes:
// Vietnamese words for the enumerations ("Ký thay" → kt, "Văn bản đến" → incoming, "Tối mật" →
// secret), dates written dd/MM/yyyy HH:mm[:ss] or as Excel serials (Vietnam time, as the schema
// reads a time without an offset), numbers as text. A value it does not know is passed on as it
// is, so the schema refuses it with its own message.
import type { EventField } from '../../../import/event-fields';
import { excelSerialToWallClock } from '../readers/xlsx-dates';
import { compareForm } from './column-mapping';

const words = (entries: Record<string, string[]>) => {
	const m = new Map<string, string>();
	for (const [value, forms] of Object.entries(entries)) {
		m.set(compareForm(value), value);
		for (const f of forms) m.set(f, value);
	}
	return m;
};

const ENUM_WORDS: Partial<Record<EventField, Map<string, string>>> = {
	signing_form: words({
		own: ['ky chinh', 'tu ky', 'ky truc tiep', 'chinh chu', 'ca nhan ky', 'ky ca nhan'],
		kt: ['ky thay', 'kt'],
		tl: ['thua lenh', 'tl'],
		tuq: ['thua uy quyen', 'tuq', 'thua uq'],
		tm: ['thay mat', 'tm'],
		q: ['quyen', 'q'],
		org: ['to chuc', 'co quan', 'ky co quan', 'chu ky co quan', 'ky to chuc'],
		copy: ['ban sao', 'sao y', 'sao luc'],
		attachment: ['phu luc', 'dinh kem', 'tep dinh kem', 'tai lieu kem theo']
	}),
	channel: words({
		qlvb: [
			'qlvb dh',
			'qlvbdh',
			'quan ly van ban',
			'quan ly van ban va dieu hanh',
			'he thong quan ly van ban',
			'he thong quan ly van ban va dieu hanh'
		],
		dvc: ['dich vu cong', 'he thong dich vu cong', 'mot cua', 'thu tuc hanh chinh', 'tthc', 'dvc tt'],
		email: ['thu dien tu', 'e mail', 'mail'],
		portal: ['cong thong tin', 'cong thong tin dien tu', 'cong ttdt', 'cong ttdt tinh'],
		other: ['khac']
	}),
	direction: words({
		incoming: ['van ban den', 'den', 'vb den', 'nhan'],
		outgoing: ['van ban di', 'di', 'vb di', 'gui', 'ban hanh']
	}),
	classification: words({
		normal: ['thuong', 'binh thuong', 'khong mat'],
		confidential: ['mat'],
		secret: ['toi mat'],
		top_secret: ['tuyet mat']
	}),
	incoming_indication: words({
		TOTAL_PASSED: ['hop le', 'dat', 'chu ky hop le'],
		TOTAL_FAILED: ['khong hop le', 'khong dat', 'chu ky khong hop le'],
		INDETERMINATE: ['chua xac dinh', 'khong xac dinh', 'chua ro']
	})
};

const ACCEPTED: Map<string, boolean> = new Map([
	...['co', 'da tiep nhan', 'tiep nhan', 'chap nhan', 'x', 'true', '1', 'yes'].map((w) => [w, true] as const),
	...['khong', 'tu choi', 'khong tiep nhan', 'false', '0', 'no'].map((w) => [w, false] as const)
]);

// Enumerations take few distinct values, so a file of a million rows compares each spelling once.
const compared = new Map<string, string>();
function comparedForm(s: string): string {
	let c = compared.get(s);
	if (c === undefined) {
		if (compared.size > 10_000) compared.clear();
		c = compareForm(s);
		compared.set(s, c);
	}
	return c;
}

const pad = (n: string | number, w = 2) => String(n).padStart(w, '0');

/** dd/MM/yyyy[ HH:mm[:ss]] (or with - or .) → yyyy-MM-ddTHH:mm:ss; anything else unchanged. */
export function vietnameseDateTime(s: string): string {
	const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim());
	if (!m) return s;
	const [, d, mo, y, h = '0', mi = '0', sec = '0'] = m;
	return `${y}-${pad(mo!)}-${pad(d!)}T${pad(h)}:${pad(mi)}:${pad(sec)}`;
}

/** The value for `field` of a cell already read (string, number, boolean, or a date's wall clock). */
export function fieldValue(field: EventField, v: string | number | boolean | null): unknown {
	if (v === null) return undefined;
	if (field === 'signed_at') {
		// Excel counts days from 30/12/1899; a serial in this range is a day between 1900 and 9999.
		if (typeof v === 'number') return v > 1 && v < 2_958_466 ? excelSerialToWallClock(v) : String(v);
		return typeof v === 'string' ? vietnameseDateTime(v) : v;
	}
	if (field === 'accepted') {
		if (typeof v === 'boolean') return v;
		const s = String(v).trim();
		return s === '' ? undefined : (ACCEPTED.get(comparedForm(s)) ?? s);
	}
	const s = typeof v === 'string' ? v.trim() : String(v);
	if (s === '') return undefined;
	const enumWords = ENUM_WORDS[field];
	if (enumWords) return enumWords.get(comparedForm(s)) ?? s;
	return s;
}
