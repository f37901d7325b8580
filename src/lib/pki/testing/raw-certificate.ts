// Certificates built field by field for tests of the rules a conforming CA would never break (RFC 5280 section 4):
// any serial bytes (negative, zero, 21 octets), an empty subject or issuer, each extension present or absent and
// critical or not, raw GeneralNames (an IP range in a subjectAltName, an IP constraint without a mask). The TBS is
// encoded with @peculiar/asn1-x509 and signed with WebCrypto, so the signature verifies like any other.
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as X from '@peculiar/asn1-x509';
import { toHex } from '../bytes';
import { x509 } from '../x509';
import { vnName, type Issued, type NameSpec } from './ca';

export interface RawExtension {
	oid: string;
	critical: boolean;
	/** The extnValue contents (the DER of the extension's own structure). */
	value: ArrayBuffer | Uint8Array;
}

export interface RawCertificateOptions {
	/** Signer; omitted: self-signed with `keys`. */
	issuer?: Issued;
	keys: CryptoKeyPair;
	/** null: an empty subject Name. */
	subject: NameSpec | x509.Name | null;
	/** Overrides the issuer Name (null: empty); default the issuer's subject (or the own subject). */
	issuerName?: x509.Name | null;
	/** The serial INTEGER's content octets exactly as encoded (two's complement). */
	serial: Uint8Array;
	notBefore: Date;
	notAfter: Date;
	extensions: RawExtension[];
	/** 1 writes a v1 certificate (no extensions allowed). */
	version?: 1 | 3;
}

const SHA256_RSA = '1.2.840.113549.1.1.11';

const bytesOf = (v: ArrayBuffer | Uint8Array) => (v instanceof Uint8Array ? v : new Uint8Array(v));
const toName = (n: NameSpec | x509.Name | null): X.Name =>
	n === null
		? new X.Name([])
		: AsnConvert.parse((n instanceof x509.Name ? n : vnName(n)).toArrayBuffer(), X.Name);

export async function issueRawCertificate(o: RawCertificateOptions): Promise<Issued> {
	const spki = AsnConvert.parse(
		await globalThis.crypto.subtle.exportKey('spki', o.keys.publicKey),
		X.SubjectPublicKeyInfo
	);
	const subject = toName(o.subject);
	const issuer =
		o.issuerName !== undefined
			? toName(o.issuerName)
			: o.issuer
				? AsnConvert.parse(o.issuer.cert.subjectName.toArrayBuffer(), X.Name)
				: subject;
	const alg = new X.AlgorithmIdentifier({ algorithm: SHA256_RSA, parameters: null });
	const serial = new Uint8Array(o.serial);
	const tbs = new X.TBSCertificate({
		version: o.version === 1 ? X.Version.v1 : X.Version.v3,
		serialNumber: serial.buffer,
		signature: alg,
		issuer,
		validity: new X.Validity({ notBefore: o.notBefore, notAfter: o.notAfter }),
		subject,
		subjectPublicKeyInfo: spki,
		extensions: o.extensions.length
			? new X.Extensions(
					o.extensions.map(
						(e) =>
							new X.Extension({
								extnID: e.oid,
								critical: e.critical,
								extnValue: new OctetString(bytesOf(e.value))
							})
					)
				)
			: undefined
	});
	const signingKey = (o.issuer?.keys ?? o.keys).privateKey;
	const signature = await globalThis.crypto.subtle.sign(
		'RSASSA-PKCS1-v1_5',
		signingKey,
		AsnConvert.serialize(tbs)
	);
	const der = new Uint8Array(
		AsnConvert.serialize(
			new X.Certificate({ tbsCertificate: tbs, signatureAlgorithm: alg, signatureValue: signature })
		)
	);
	const cert = new x509.X509Certificate(der);
	return { cert, der, pem: cert.toString('pem'), keys: o.keys, serialHex: toHex(serial) };
}

/** An @peculiar/x509 extension as a raw one, with its criticality changed when `critical` is given. */
export const rawExtension = (e: x509.Extension, critical = e.critical): RawExtension => ({
	oid: e.type,
	critical,
	value: e.value
});

/** The extensions a conforming CA writes: basicConstraints, keyUsage, subject and authority key identifiers. */
export async function profileExtensions(o: {
	keys: CryptoKeyPair;
	issuer?: Issued;
	ca: boolean;
	pathLength?: number;
	keyUsage?: number;
}): Promise<RawExtension[]> {
	const KU = x509.KeyUsageFlags;
	const out = [
		rawExtension(new x509.BasicConstraintsExtension(o.ca, o.pathLength, o.ca)),
		rawExtension(
			new x509.KeyUsagesExtension(
				o.keyUsage ?? (o.ca ? KU.keyCertSign | KU.cRLSign : KU.digitalSignature | KU.nonRepudiation),
				true
			)
		),
		rawExtension(await x509.SubjectKeyIdentifierExtension.create(o.keys.publicKey))
	];
	if (o.issuer) out.push(rawExtension(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.cert)));
	return out;
}

const tlv = (tag: number, body: Uint8Array): Uint8Array => {
	const len =
		body.length < 0x80
			? [body.length]
			: body.length < 0x100
				? [0x81, body.length]
				: [0x82, body.length >> 8, body.length & 0xff];
	return new Uint8Array([tag, ...len, ...body]);
};
const seq = (...parts: Uint8Array[]) => tlv(0x30, new Uint8Array(parts.flatMap((p) => [...p])));

/** GeneralName encodings by hand, so malformed ones (an IP of any length) can be written. */
export const generalName = {
	dns: (name: string) => tlv(0x82, new TextEncoder().encode(name)),
	email: (mail: string) => tlv(0x81, new TextEncoder().encode(mail)),
	uri: (uri: string) => tlv(0x86, new TextEncoder().encode(uri)),
	ip: (octets: readonly number[]) => tlv(0x87, new Uint8Array(octets)),
	/** directoryName: [4] EXPLICIT Name. */
	dn: (name: NameSpec | x509.Name) =>
		tlv(0xa4, new Uint8Array((name instanceof x509.Name ? name : vnName(name)).toArrayBuffer()))
};

/** subjectAltName extension value (RFC 5280 4.2.1.6) from raw GeneralNames. */
export const subjectAltName = (names: Uint8Array[], critical = false): RawExtension => ({
	oid: '2.5.29.17',
	critical,
	value: seq(...names)
});

/** nameConstraints extension value (RFC 5280 4.2.1.10) from raw GeneralNames as the subtrees' bases. */
export function nameConstraints(
	o: { permitted?: Uint8Array[]; excluded?: Uint8Array[] },
	critical = true
): RawExtension {
	const subtrees = (tag: number, bases: Uint8Array[] | undefined) =>
		bases?.length ? [tlv(tag, new Uint8Array(bases.flatMap((b) => [...seq(b)])))] : [];
	return {
		oid: '2.5.29.30',
		critical,
		value: seq(...subtrees(0xa0, o.permitted), ...subtrees(0xa1, o.excluded))
	};
}
