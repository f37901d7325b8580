// A parsed CRL (RFC 5280 section 5): raw TBS for its signature, issuer key for matching, CRL number and delta base,
// issuing distribution point, entries with their certificate issuer (indirect CRLs, 5.3.3), and whether any
// critical extension is one this engine does not understand (such a CRL must not be used, 5.2 and 5.3).
import { AsnConvert, AsnParser } from '@peculiar/asn1-schema';
import * as X from '@peculiar/asn1-x509';
import { sha256Hex, toHex } from './bytes';
import { splitSigned } from './certificate';
import { children, readTlv, slice } from './der-reader';
import { canonicalName, nameToString } from './names';

export interface CrlEntry {
	/** Exact DER content of the serial, in hex (see ParsedCert.serialKey). */
	serialHex: string;
	revocationDate: Date;
	reason: X.CRLReasons | null;
	/** Canonical name of the certificate issuer this entry is about (the CRL issuer unless an indirect CRL says otherwise). */
	issuerKey: string;
}

export interface ParsedCrl {
	der: Uint8Array;
	fingerprint: string;
	asn: X.CertificateList;
	tbs: Uint8Array;
	issuerName: X.Name;
	issuerKey: string;
	issuer: string;
	thisUpdate: Date;
	nextUpdate: Date | null;
	crlNumber: bigint | null;
	deltaBase: bigint | null;
	idp: X.IssuingDistributionPoint | null;
	authorityKeyId: string | null;
	/** Entries by serial (a serial may appear for several issuers in an indirect CRL). */
	entries: Map<string, CrlEntry[]>;
	unknownCritical: string | null;
}

const KNOWN_CRL_EXT = new Set([
	'2.5.29.35',
	'2.5.29.20',
	'2.5.29.27',
	'2.5.29.28',
	'2.5.29.46',
	'2.5.29.18',
	'1.3.6.1.5.5.7.1.1'
]);
const KNOWN_ENTRY_EXT = new Set(['2.5.29.21', '2.5.29.24', '2.5.29.29', '2.5.29.23']);

const toBigInt = (v: number | ArrayBuffer): bigint =>
	typeof v === 'number' ? BigInt(Math.trunc(v)) : BigInt('0x' + (Buffer.from(v).toString('hex') || '0'));

/**
 * The revokedCertificates of a TBSCertList, read from the DER itself. The schema decoder cannot tell an
 * absent nextUpdate from the entry list (both optional, in sequence) and then silently drops every entry:
 * a CRL without nextUpdate would revoke nothing. Here the list is the first SEQUENCE after the times.
 */
function revokedEntries(tbs: Uint8Array): X.RevokedCertificate[] {
	const parts = children(tbs, readTlv(tbs, 0));
	const TIME_TAGS = new Set([0x17, 0x18]);
	let i = parts[0]?.tag === 0x02 ? 1 : 0; // optional version
	i += 2; // signature algorithm, issuer
	while (i < parts.length && TIME_TAGS.has(parts[i]!.tag)) i++; // thisUpdate, optional nextUpdate
	const list = parts[i];
	if (!list || list.tag !== 0x30) return [];
	return children(tbs, list).map((entry) => AsnConvert.parse(slice(tbs, entry), X.RevokedCertificate));
}

export function parseCrl(input: Uint8Array): ParsedCrl {
	const der = new Uint8Array(input);
	// asn1js refuses more than 10,000 nodes by default (a DoS guard), but a real CA's CRL lists tens of
	// thousands of certificates. Every node takes at least two bytes, so half the input length bounds
	// the count of any well-formed encoding while still refusing a pathological one.
	const asn = AsnParser.parse(der, X.CertificateList, {
		berOptions: { maxNodes: Math.max(10_000, Math.ceil(der.length / 2) + 16) }
	});
	const { tbs } = splitSigned(der);
	const t = asn.tbsCertList;
	const issuerKey = canonicalName(t.issuer);
	let crlNumber: bigint | null = null;
	let deltaBase: bigint | null = null;
	let idp: X.IssuingDistributionPoint | null = null;
	let authorityKeyId: string | null = null;
	let unknownCritical: string | null = null;
	for (const e of t.crlExtensions ?? []) {
		if (e.extnID === '2.5.29.20') crlNumber = toBigInt(AsnConvert.parse(e.extnValue, X.CRLNumber).value);
		else if (e.extnID === '2.5.29.27')
			deltaBase = toBigInt(AsnConvert.parse(e.extnValue, X.BaseCRLNumber).value);
		else if (e.extnID === '2.5.29.28') idp = AsnConvert.parse(e.extnValue, X.IssuingDistributionPoint);
		else if (e.extnID === '2.5.29.35') {
			const aki = AsnConvert.parse(e.extnValue, X.AuthorityKeyIdentifier);
			authorityKeyId = aki.keyIdentifier ? Buffer.from(aki.keyIdentifier.buffer).toString('hex') : null;
		} else if (e.critical && !KNOWN_CRL_EXT.has(e.extnID)) unknownCritical = e.extnID;
	}
	const entries = new Map<string, CrlEntry[]>();
	let entryIssuer = issuerKey;
	for (const r of revokedEntries(tbs)) {
		let reason: X.CRLReasons | null = null;
		for (const e of r.crlEntryExtensions ?? []) {
			if (e.extnID === '2.5.29.21') reason = AsnConvert.parse(e.extnValue, X.CRLReason).reason;
			else if (e.extnID === '2.5.29.29') {
				const gn = AsnConvert.parse(e.extnValue, X.CertificateIssuer);
				const dn = [...gn].find((g) => g.directoryName)?.directoryName;
				if (dn) entryIssuer = canonicalName(dn);
			} else if (e.critical && !KNOWN_ENTRY_EXT.has(e.extnID)) unknownCritical = e.extnID;
		}
		const serialHex = toHex(r.userCertificate);
		const list = entries.get(serialHex) ?? [];
		list.push({ serialHex, revocationDate: r.revocationDate.getTime(), reason, issuerKey: entryIssuer });
		entries.set(serialHex, list);
	}
	return {
		der,
		fingerprint: sha256Hex(der),
		asn,
		tbs,
		issuerName: t.issuer,
		issuerKey,
		issuer: nameToString(t.issuer),
		thisUpdate: t.thisUpdate.getTime(),
		nextUpdate: t.nextUpdate ? t.nextUpdate.getTime() : null,
		crlNumber,
		deltaBase,
		idp,
		authorityKeyId,
		entries,
		unknownCritical
	};
}

export function tryParseCrl(der: Uint8Array): ParsedCrl | null {
	try {
		return parseCrl(der);
	} catch {
		return null;
	}
}

/** CRLs indexed by issuer, deduplicated by fingerprint; complete and delta CRLs kept apart. */
export class CrlStore {
	private readonly byIssuer = new Map<string, ParsedCrl[]>();
	private readonly fps = new Set<string>();

	constructor(crls: Iterable<ParsedCrl> = []) {
		for (const c of crls) this.add(c);
	}

	add(c: ParsedCrl): boolean {
		if (this.fps.has(c.fingerprint)) return false;
		this.fps.add(c.fingerprint);
		const list = this.byIssuer.get(c.issuerKey) ?? [];
		list.push(c);
		// Newest first, so the freshest usable CRL is tried before older ones.
		list.sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
		this.byIssuer.set(c.issuerKey, list);
		return true;
	}

	complete(issuerKey: string): readonly ParsedCrl[] {
		return (this.byIssuer.get(issuerKey) ?? []).filter((c) => c.deltaBase === null);
	}

	deltas(issuerKey: string): readonly ParsedCrl[] {
		return (this.byIssuer.get(issuerKey) ?? []).filter((c) => c.deltaBase !== null);
	}

	get size(): number {
		return this.fps.size;
	}

	/** Every CRL held, complete and delta. */
	*[Symbol.iterator](): IterableIterator<ParsedCrl> {
		for (const list of this.byIssuer.values()) yield* list;
	}
}
