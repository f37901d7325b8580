// The record number in a picker's value: "Nguyễn Văn An (#12)", "… #12", "#12" or "12" alone. Pure,
// so the filters' schemas read a picked person the same way as the forms' services.

/** The number, or null for anything else (a name that merely ends in digits, "Tổ 3", is not one). */
export function pickedId(text: string): number | null {
	const m = /^#?(\d{1,9})$|\(#(\d{1,9})\)$|\s#(\d{1,9})$/.exec(text.trim());
	return m ? Number(m[1] ?? m[2] ?? m[3]) : null;
}
