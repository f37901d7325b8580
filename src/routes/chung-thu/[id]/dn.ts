// Splits an RFC 4514 display name ("CN=…, O=…, C=VN", as the PKI code writes it) into labelled
// parts for the certificate page. Escaped commas ("\,") stay inside their value.
const LABELS: Record<string, string> = {
	CN: 'Tên (CN)',
	O: 'Tổ chức (O)',
	OU: 'Đơn vị (OU)',
	L: 'Địa phương (L)',
	ST: 'Tỉnh/Thành phố (ST)',
	C: 'Quốc gia (C)',
	T: 'Chức danh (T)',
	E: 'Thư điện tử (E)',
	UID: 'Mã định danh (UID)',
	SERIALNUMBER: 'Số định danh',
	STREET: 'Địa chỉ',
	SN: 'Họ (SN)',
	G: 'Tên (G)'
};

export function dnParts(dn: string): { label: string; value: string }[] {
	const parts: string[] = [];
	let cur = '';
	for (let i = 0; i < dn.length; i++) {
		const ch = dn[i]!;
		if (ch === '\\' && i + 1 < dn.length) {
			cur += dn[i + 1];
			i++;
		} else if (ch === ',' || ch === '+') {
			parts.push(cur.trim());
			cur = '';
		} else cur += ch;
	}
	if (cur.trim()) parts.push(cur.trim());
	return parts.map((p) => {
		const eq = p.indexOf('=');
		const key = eq > 0 ? p.slice(0, eq).trim() : '';
		return { label: LABELS[key.toUpperCase()] ?? key, value: eq > 0 ? p.slice(eq + 1).trim() : p };
	});
}
