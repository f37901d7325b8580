// Name constraints (RFC 5280 section 4.2.1.10 and 6.1.3 (b)-(c), 6.1.4 (g)): each CA's permitted subtrees are kept
// as one set and a name must fall in every set that constrains its type (equivalent to intersecting them);
// excluded subtrees accumulate as a union. directoryName, rfc822Name, dNSName, URI and iPAddress are enforced;
// a name of another form meeting a constraint on that form is refused (we cannot process it, 4.2.1.10).
// IP addresses are compared as bytes under the constraint's mask (IPv4 and IPv6 alike), read from the DER itself:
// the ASN.1 library turns them into text and loses the mask. Malformed input is refused: an iPAddress constraint
// without a mask (4.2.1.10: "eight octets ... 32 octets"), a non-CIDR mask, minimum/maximum other than 0/absent,
// and in a subjectAltName an IP range or a dNSName that is empty or starts with a dot (4.2.1.6).
import { AsnConvert } from '@peculiar/asn1-schema';
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import { children, readTlv, slice, value } from './der-reader';
import { attrText, canonicalName } from './names';

type Constraint =
	| { type: 'dn'; value: X.Name }
	| { type: 'email' | 'dns' | 'uri'; value: string }
	| { type: 'ip'; addr: Uint8Array; mask: Uint8Array }
	| { type: 'other'; tag: number };
/** A name of a certificate: subject, emailAddress attributes, subjectAltName entries. */
export type NameEntry =
	| { type: 'dn'; value: X.Name }
	| { type: 'email' | 'dns' | 'uri'; value: string }
	| { type: 'ip'; addr: Uint8Array }
	| { type: 'other'; tag: number };

const IMPLICIT_TAG = { email: 1, dns: 2, dn: 4, uri: 6, ip: 7 } as const;

function dnWithin(name: X.Name, base: X.Name): boolean {
	const a = [...name].map((r) => canonicalName([r] as unknown as X.Name));
	const b = [...base].map((r) => canonicalName([r] as unknown as X.Name));
	if (b.length > a.length) return false;
	return b.every((k, i) => k === a[i]);
}

function domainWithin(host: string, base: string): boolean {
	const h = host.toLowerCase().replace(/\.$/, '');
	const b = base.toLowerCase().replace(/\.$/, '');
	if (b === '') return true;
	if (b.startsWith('.')) return h.endsWith(b);
	return h === b || h.endsWith('.' + b);
}

function emailWithin(mail: string, base: string): boolean {
	const at = mail.lastIndexOf('@');
	const host = mail.slice(at + 1).toLowerCase();
	if (base.includes('@')) {
		// A mailbox: local part case-sensitive, host not.
		const bAt = base.lastIndexOf('@');
		return mail.slice(0, at) === base.slice(0, bAt) && host === base.slice(bAt + 1).toLowerCase();
	}
	if (base.startsWith('.')) return host.endsWith(base.toLowerCase());
	return host === base.toLowerCase();
}

function uriHost(uri: string): string | null {
	const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
	return m?.[1] ? m[1].toLowerCase() : null;
}

function uriWithin(uri: string, base: string): boolean {
	const host = uriHost(uri);
	if (!host) return false;
	if (base.startsWith('.')) return host.endsWith(base.toLowerCase());
	return host === base.toLowerCase();
}

/** Same family (4 or 16 octets) and equal under the mask. */
export function ipWithin(addr: Uint8Array, base: Uint8Array, mask: Uint8Array): boolean {
	if (addr.length !== base.length) return false;
	for (let i = 0; i < addr.length; i++) if ((addr[i]! & mask[i]!) !== (base[i]! & mask[i]!)) return false;
	return true;
}

function isCidrMask(mask: Uint8Array): boolean {
	let ended = false;
	for (const byte of mask)
		for (let bit = 7; bit >= 0; bit--) {
			const on = (byte >> bit) & 1;
			if (on && ended) return false;
			if (!on) ended = true;
		}
	return true;
}

function within(n: NameEntry, c: Constraint): boolean {
	if (n.type === 'dn' && c.type === 'dn') return dnWithin(n.value, c.value);
	if (n.type === 'email' && c.type === 'email') return emailWithin(n.value, c.value);
	if (n.type === 'dns' && c.type === 'dns') return domainWithin(n.value, c.value);
	if (n.type === 'uri' && c.type === 'uri') return uriWithin(n.value, c.value);
	if (n.type === 'ip' && c.type === 'ip') return ipWithin(n.addr, c.addr, c.mask);
	return false;
}

const sameForm = (n: NameEntry, c: Constraint) =>
	n.type === c.type && (n.type !== 'other' || n.tag === (c as { tag: number }).tag);

export const formatIp = (b: Uint8Array): string =>
	b.length === 4
		? [...b].join('.')
		: b.length === 16
			? [...Array(8)].map((_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(':')
			: Buffer.from(b).toString('hex');

const describe = (n: NameEntry): string =>
	n.type === 'dn'
		? `dn:${canonicalName(n.value)}`
		: n.type === 'ip'
			? `ip:${formatIp(n.addr)}`
			: n.type === 'other'
				? `loại tên [${n.tag}]`
				: `${n.type}:${n.value}`;

/** The GeneralName TLVs of a SEQUENCE OF GeneralName (subjectAltName) or of GeneralSubtrees' bases. */
function rawNames(der: Uint8Array): { tag: number; bytes: Uint8Array }[] {
	return children(der, readTlv(der, 0)).map((t) => ({ tag: t.tag & 0x1f, bytes: value(der, t) }));
}

function rawSubtreeBases(der: Uint8Array): { permitted: number[][]; excluded: number[][] } {
	// NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] ... }
	const out = { permitted: [] as number[][], excluded: [] as number[][] };
	for (const part of children(der, readTlv(der, 0))) {
		const list = part.tag === 0xa0 ? out.permitted : part.tag === 0xa1 ? out.excluded : null;
		if (!list) throw new Error('nameConstraints có thành phần lạ');
		for (const subtree of children(der, part)) {
			const base = children(der, subtree)[0];
			if (!base) throw new Error('GeneralSubtree rỗng');
			list.push([...slice(der, base)]);
		}
	}
	return out;
}

/** A constraint from a parsed GeneralSubtree and the raw base TLV; a Vietnamese reason when malformed. */
function constraintOf(s: X.GeneralSubtree, raw: number[]): Constraint | string {
	if (s.minimum !== 0 || s.maximum !== undefined)
		return 'ràng buộc tên có minimum/maximum (RFC 5280 chỉ cho phép minimum 0, không có maximum)';
	const g = s.base;
	if (g.directoryName) return { type: 'dn', value: g.directoryName };
	if (g.rfc822Name !== undefined) return { type: 'email', value: g.rfc822Name };
	if (g.dNSName !== undefined) return { type: 'dns', value: g.dNSName };
	if (g.uniformResourceIdentifier !== undefined) return { type: 'uri', value: g.uniformResourceIdentifier };
	if ((raw[0]! & 0x1f) === IMPLICIT_TAG.ip) {
		const b = value(new Uint8Array(raw), readTlv(new Uint8Array(raw), 0));
		if (b.length === 4 || b.length === 16)
			return `ràng buộc địa chỉ IP ${formatIp(b)} không có mặt nạ (cần 8 hoặc 32 octet: địa chỉ và mặt nạ)`;
		if (b.length !== 8 && b.length !== 32)
			return `ràng buộc địa chỉ IP dài ${b.length} octet (cần 8 hoặc 32)`;
		const addr = b.subarray(0, b.length / 2);
		const mask = b.subarray(b.length / 2);
		if (!isCidrMask(mask)) return `mặt nạ của ràng buộc địa chỉ IP ${formatIp(addr)} không liên tục (CIDR)`;
		return { type: 'ip', addr, mask };
	}
	return { type: 'other', tag: raw[0]! & 0x1f };
}

const altNamesMemo = new WeakMap<ParsedCert, NameEntry[] | string>();

/** The subjectAltName entries of a certificate, or a Vietnamese reason when one is malformed (memoised). */
export function altNameEntries(c: ParsedCert): NameEntry[] | string {
	let r = altNamesMemo.get(c);
	if (r === undefined) {
		r = readAltNames(c);
		altNamesMemo.set(c, r);
	}
	return r;
}

function readAltNames(c: ParsedCert): NameEntry[] | string {
	const ext = c.extensions.get(OID.subjectAltName);
	if (!ext) return [];
	let parsed: X.SubjectAlternativeName;
	let raw: { tag: number; bytes: Uint8Array }[];
	try {
		parsed = AsnConvert.parse(ext.extnValue, X.SubjectAlternativeName);
		raw = rawNames(new Uint8Array(ext.extnValue.buffer, ext.extnValue.byteOffset, ext.extnValue.byteLength));
	} catch (e) {
		return `subjectAltName không giải mã được: ${(e as Error).message}`;
	}
	if (!raw.length || raw.length !== parsed.length) return 'subjectAltName rỗng hoặc không đọc được';
	const out: NameEntry[] = [];
	for (let i = 0; i < raw.length; i++) {
		const g = parsed[i]!;
		const { tag, bytes } = raw[i]!;
		if (g.directoryName) out.push({ type: 'dn', value: g.directoryName });
		else if (g.rfc822Name !== undefined) out.push({ type: 'email', value: g.rfc822Name });
		else if (g.dNSName !== undefined) {
			if (!g.dNSName.trim() || g.dNSName.startsWith('.'))
				return `tên DNS "${g.dNSName}" trong subjectAltName không hợp lệ (rỗng hoặc bắt đầu bằng dấu chấm)`;
			out.push({ type: 'dns', value: g.dNSName });
		} else if (g.uniformResourceIdentifier !== undefined)
			out.push({ type: 'uri', value: g.uniformResourceIdentifier });
		else if (tag === IMPLICIT_TAG.ip) {
			if (bytes.length === 8 || bytes.length === 32)
				return 'subjectAltName chứa một dải địa chỉ IP (có mặt nạ) thay vì một địa chỉ';
			if (bytes.length !== 4 && bytes.length !== 16)
				return `địa chỉ IP trong subjectAltName dài ${bytes.length} octet (cần 4 hoặc 16)`;
			out.push({ type: 'ip', addr: new Uint8Array(bytes) });
		} else out.push({ type: 'other', tag });
	}
	return out;
}

export class NameConstraintState {
	private permitted: Constraint[][] = [];
	private excluded: Constraint[] = [];

	/** Adds a CA's (or the trust anchor's) nameConstraints extension; a Vietnamese reason when it is malformed. */
	addExtension(ext: X.Extension): string | null {
		let parsed: X.NameConstraints;
		let raw: { permitted: number[][]; excluded: number[][] };
		try {
			parsed = AsnConvert.parse(ext.extnValue, X.NameConstraints);
			raw = rawSubtreeBases(
				new Uint8Array(ext.extnValue.buffer, ext.extnValue.byteOffset, ext.extnValue.byteLength)
			);
		} catch (e) {
			return `nameConstraints không giải mã được: ${(e as Error).message}`;
		}
		const read = (subtrees: X.GeneralSubtrees | undefined, bases: number[][]): Constraint[] | string => {
			const list = subtrees ? [...subtrees] : [];
			if (list.length !== bases.length) return 'nameConstraints không đọc được';
			const out: Constraint[] = [];
			for (let i = 0; i < list.length; i++) {
				const c = constraintOf(list[i]!, bases[i]!);
				if (typeof c === 'string') return c;
				out.push(c);
			}
			return out;
		};
		const permitted = read(parsed.permittedSubtrees, raw.permitted);
		if (typeof permitted === 'string') return permitted;
		const excluded = read(parsed.excludedSubtrees, raw.excluded);
		if (typeof excluded === 'string') return excluded;
		if (permitted.length) this.permitted.push(permitted);
		this.excluded.push(...excluded);
		return null;
	}

	/** Null when the subject and its alternative names satisfy all constraints, else the offending name. */
	check(subject: X.Name, altNames: readonly NameEntry[]): string | null {
		const names: NameEntry[] = [];
		if (subject.length) names.push({ type: 'dn', value: subject });
		for (const rdn of subject)
			for (const a of rdn) if (a.type === OID.emailAddress) names.push({ type: 'email', value: attrText(a) });
		names.push(...altNames);
		for (const n of names) {
			for (const set of this.permitted) {
				const same = set.filter((c) => sameForm(n, c));
				if (same.length && !same.some((b) => within(n, b))) return describe(n);
			}
			if (this.excluded.some((b) => sameForm(n, b) && (b.type === 'other' || within(n, b))))
				return describe(n);
		}
		return null;
	}
}
