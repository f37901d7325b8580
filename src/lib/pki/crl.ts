// A parsed CRL (RFC 5280 section 5): raw TBS for its signature, issuer key for matching, CRL number and delta base,
// issuing distribution point, entries with their certificate issuer (indirect CRLs, 5.3.3), and whether any
// critical extension is one this engine does not understand (such a CRL must not be used, 5.2 and 5.3).
import { AsnConvert } from '@peculiar/asn1-schema';
import * as X from '@peculiar/asn1-x509';
import { sha256Hex, toHex } from './bytes';
import { splitSigned } from './certificate';
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

const KNOWN_CRL_EXT = new Set(['2.5.29.35', '2.5.29.20', '2.5.29.27', '2.5.29.28', '2.5.29.46', '2.5.29.18', '1.3.6.1.5.5.7.1.1']);
const KNOWN_ENTRY_EXT = new Set(['2.5.29.21', '2.5.29.24', '2.5.29.29', '2.5.29.23']);

const toBigInt = (v: number | ArrayBuffer): bigint =>
	typeof v === 'number' ? BigInt(Math.trunc(v)) : BigInt('0x' + (Buffer.from(v).toString('hex') || '0'));

export function parseCrl(input: Uint8Array): ParsedCrl {
	const der = new Uint8Array(input);
	const asn = AsnConvert.parse(der, X.CertificateList);
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
		else if (e.extnID === '2.5.29.27') deltaBase = toBigInt(AsnConvert.parse(e.extnValue, X.BaseCRLNumber).value);
		else if (e.extnID === '2.5.29.28') idp = AsnConvert.parse(e.extnValue, X.IssuingDistributionPoint);
		else if (e.extnID === '2.5.29.35') {
			const aki = AsnConvert.parse(e.extnValue, X.AuthorityKeyIdentifier);
			authorityKeyId = aki.keyIdentifier ? Buffer.from(aki.keyIdentifier.buffer).toString('hex') : null;
		} else if (e.critical && !KNOWN_CRL_EXT.has(e.extnID)) unknownCritical = e.extnID;
	}
	const entries = new Map<string, CrlEntry[]>();
	let entryIssuer = issuerKey;
	for (const r of t.revokedCertificates ?? []) {
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
}
