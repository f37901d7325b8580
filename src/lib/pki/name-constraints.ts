// Name constraints (RFC 5280 section 4.2.1.10 and 6.1.3 (b)-(c), 6.1.4 (g)): each CA's permitted subtrees are kept
// as one set and a name must fall in every set that constrains its type (equivalent to intersecting them);
// excluded subtrees accumulate as a union. directoryName, rfc822Name, dNSName, URI and iPAddress are enforced.
import type { GeneralName, GeneralSubtree, Name } from '@peculiar/asn1-x509';
import { attrText, canonicalName } from './names';

type NameType = 'dn' | 'email' | 'dns' | 'uri' | 'ip';
type Constraint = { type: NameType; value: string | Name };

function kind(g: GeneralName): Constraint | null {
	if (g.directoryName) return { type: 'dn', value: g.directoryName };
	if (g.rfc822Name !== undefined) return { type: 'email', value: g.rfc822Name };
	if (g.dNSName !== undefined) return { type: 'dns', value: g.dNSName };
	if (g.uniformResourceIdentifier !== undefined) return { type: 'uri', value: g.uniformResourceIdentifier };
	if (g.iPAddress !== undefined) return { type: 'ip', value: g.iPAddress };
	return null;
}

function dnWithin(name: Name, base: Name): boolean {
	const a = [...name].map((r) => canonicalName([r] as unknown as Name));
	const b = [...base].map((r) => canonicalName([r] as unknown as Name));
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

function ipBytes(s: string): number[] | null {
	if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) return s.split('.').map(Number);
	return null;
}

function ipWithin(ip: string, base: string): boolean {
	const [addr, maskText] = base.split('/');
	const a = ipBytes(ip);
	const b = ipBytes(addr ?? '');
	if (!a || !b) return ip === base;
	const bits = maskText === undefined ? 32 : /^\d+$/.test(maskText) ? Number(maskText) : 32;
	for (let i = 0; i < 32; i++) {
		if (i >= bits) break;
		const bit = (x: number[]) => ((x[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
		if (bit(a) !== bit(b)) return false;
	}
	return true;
}

function within(n: Constraint, base: Constraint): boolean {
	switch (n.type) {
		case 'dn':
			return dnWithin(n.value as Name, base.value as Name);
		case 'email':
			return emailWithin(n.value as string, base.value as string);
		case 'dns':
			return domainWithin(n.value as string, base.value as string);
		case 'uri':
			return uriWithin(n.value as string, base.value as string);
		case 'ip':
			return ipWithin(n.value as string, base.value as string);
	}
}

export class NameConstraintState {
	private permitted: Constraint[][] = [];
	private excluded: Constraint[] = [];

	add(
		permitted: readonly GeneralSubtree[] | undefined,
		excluded: readonly GeneralSubtree[] | undefined
	): void {
		if (permitted?.length)
			this.permitted.push(permitted.map((s) => kind(s.base)).filter((c): c is Constraint => c !== null));
		for (const s of excluded ?? []) {
			const c = kind(s.base);
			if (c) this.excluded.push(c);
		}
	}

	/** Null when the subject and its alternative names satisfy all constraints, else the offending name. */
	check(subject: Name, altNames: readonly GeneralName[]): string | null {
		const names: Constraint[] = [];
		if (subject.length) names.push({ type: 'dn', value: subject });
		for (const rdn of subject)
			for (const a of rdn)
				if (a.type === '1.2.840.113549.1.9.1') names.push({ type: 'email', value: attrText(a) });
		for (const g of altNames) {
			const c = kind(g);
			if (c) names.push(c);
		}
		for (const n of names) {
			for (const set of this.permitted) {
				const sameType = set.filter((c) => c.type === n.type);
				if (sameType.length && !sameType.some((b) => within(n, b))) return describe(n);
			}
			if (this.excluded.some((b) => b.type === n.type && within(n, b))) return describe(n);
		}
		return null;
	}
}

const describe = (n: Constraint) =>
	typeof n.value === 'string' ? `${n.type}:${n.value}` : `dn:${canonicalName(n.value)}`;
