// Issuing helpers for tests and demo data: a CA hierarchy and leaf certificates with Vietnamese DNs, fixed dates
// and caller-supplied key pairs (RFC 5280 section 4.2 extensions as the government PKI uses them), and CRLs
// (RFC 5280 section 5). Reuse key pairs across leaves: issuing is then one RSA-2048 signature (about 1-2 ms).
import { x509 } from '../x509';
import { serialToHex } from '../certificate';
import { toHex } from '../bytes';
import { randomBytes } from 'node:crypto';

export const RSA_ALG = {
	name: 'RSASSA-PKCS1-v1_5',
	hash: 'SHA-256',
	publicExponent: new Uint8Array([1, 0, 1])
} as const;

export async function generateKeyPair(modulusLength = 2048): Promise<CryptoKeyPair> {
	return (await globalThis.crypto.subtle.generateKey({ ...RSA_ALG, modulusLength }, true, [
		'sign',
		'verify'
	])) as CryptoKeyPair;
}

/** A subject as the government PKI writes it; fields are optional, order is the ASN.1 order C, ST, L, O, OU, T, CN, UID, E. */
export interface NameSpec {
	cn: string;
	o?: string;
	ou?: string;
	l?: string;
	st?: string;
	c?: string;
	title?: string;
	uid?: string;
	email?: string;
}

const NAME_OIDS: [keyof NameSpec, string][] = [
	['c', '2.5.4.6'],
	['st', '2.5.4.8'],
	['l', '2.5.4.7'],
	['o', '2.5.4.10'],
	['ou', '2.5.4.11'],
	['title', '2.5.4.12'],
	['cn', '2.5.4.3'],
	['uid', '0.9.2342.19200300.100.1.1'],
	['email', '1.2.840.113549.1.9.1']
];

export function vnName(spec: NameSpec): x509.Name {
	const full: NameSpec = { c: 'VN', ...spec };
	const json: Record<string, string[]>[] = [];
	for (const [key, oid] of NAME_OIDS) {
		const v = full[key];
		if (v) json.push({ [oid]: [v] });
	}
	return new x509.Name(json);
}

export interface Issued {
	cert: x509.X509Certificate;
	der: Uint8Array;
	pem: string;
	keys: CryptoKeyPair;
	serialHex: string;
}

export interface IssueOptions {
	subject: NameSpec | x509.Name;
	/** The issuing CA; omit for a self-signed root. */
	issuer?: Issued;
	keys: CryptoKeyPair;
	notBefore: Date;
	notAfter: Date;
	/** Hex serial; default 16 random bytes. */
	serial?: string;
	/** 'ca' adds basicConstraints cA=TRUE (with `pathLength`), keyCertSign and cRLSign. */
	profile?: 'ca' | 'signer' | 'ocsp' | 'tsa' | 'tls';
	pathLength?: number;
	keyUsage?: number;
	extendedKeyUsage?: string[];
	crlUrl?: string;
	ocspUrl?: string;
	caIssuersUrl?: string;
	policies?: string[];
	email?: string;
	extraExtensions?: x509.Extension[];
	signingHash?: 'SHA-256' | 'SHA-1' | 'SHA-384';
}

const KU = x509.KeyUsageFlags;

/** Issues one certificate (or a self-signed root) with the given key pair; no key generation inside. */
export async function issueCertificate(o: IssueOptions): Promise<Issued> {
	const profile = o.profile ?? (o.issuer ? 'signer' : 'ca');
	const subject = o.subject instanceof x509.Name ? o.subject : vnName(o.subject);
	const signingKey = o.issuer ? o.issuer.keys.privateKey : o.keys.privateKey;
	const issuerName = o.issuer ? o.issuer.cert.subjectName : subject;
	const ext: x509.Extension[] = [];
	if (profile === 'ca') {
		ext.push(new x509.BasicConstraintsExtension(true, o.pathLength, true));
		ext.push(
			new x509.KeyUsagesExtension(o.keyUsage ?? KU.keyCertSign | KU.cRLSign | KU.digitalSignature, true)
		);
	} else {
		ext.push(new x509.BasicConstraintsExtension(false, undefined, false));
		const ku =
			o.keyUsage ??
			(profile === 'signer'
				? KU.digitalSignature | KU.nonRepudiation
				: profile === 'tls'
					? KU.keyEncipherment | KU.digitalSignature
					: KU.digitalSignature);
		ext.push(new x509.KeyUsagesExtension(ku, true));
		const eku =
			o.extendedKeyUsage ??
			(profile === 'ocsp' ? ['1.3.6.1.5.5.7.3.9'] : profile === 'tsa' ? ['1.3.6.1.5.5.7.3.8'] : []);
		if (eku.length) ext.push(new x509.ExtendedKeyUsageExtension(eku, profile === 'tsa'));
	}
	ext.push(await x509.SubjectKeyIdentifierExtension.create(o.keys.publicKey));
	if (o.issuer) ext.push(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.cert));
	if (o.crlUrl) ext.push(new x509.CRLDistributionPointsExtension([o.crlUrl]));
	if (o.ocspUrl || o.caIssuersUrl)
		ext.push(
			new x509.AuthorityInfoAccessExtension({
				ocsp: o.ocspUrl ? [o.ocspUrl] : [],
				caIssuers: o.caIssuersUrl ? [o.caIssuersUrl] : []
			})
		);
	if (o.policies?.length) ext.push(new x509.CertificatePolicyExtension(o.policies));
	if (o.email) ext.push(new x509.SubjectAlternativeNameExtension([{ type: 'email', value: o.email }]));
	ext.push(...(o.extraExtensions ?? []));
	const serial = o.serial ?? '01' + toHex(randomBytes(15));
	const cert = await x509.X509CertificateGenerator.create({
		serialNumber: serial,
		subject,
		issuer: issuerName,
		notBefore: o.notBefore,
		notAfter: o.notAfter,
		signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: o.signingHash ?? 'SHA-256' },
		publicKey: o.keys.publicKey,
		signingKey,
		extensions: ext
	});
	const der = new Uint8Array(cert.rawData);
	return {
		cert,
		der,
		pem: cert.toString('pem'),
		keys: o.keys,
		serialHex: serialToHex(new Uint8Array(Buffer.from(serial, 'hex')))
	};
}

export interface CrlOptions {
	issuer: Issued;
	thisUpdate: Date;
	nextUpdate?: Date;
	revoked?: { serialHex: string; date: Date; reason?: x509.X509CrlReason }[];
	crlNumber?: number;
	/** Makes a delta CRL (RFC 5280 5.2.4) over the base CRL with this number. */
	deltaOf?: number;
	signingHash?: 'SHA-256' | 'SHA-1';
}

export async function createCrl(o: CrlOptions): Promise<{ der: Uint8Array; pem: string; crl: x509.X509Crl }> {
	const extensions: x509.Extension[] = [await x509.AuthorityKeyIdentifierExtension.create(o.issuer.cert)];
	if (o.crlNumber !== undefined)
		extensions.push(new x509.Extension('2.5.29.20', false, encodeInteger(o.crlNumber)));
	if (o.deltaOf !== undefined)
		extensions.push(new x509.Extension('2.5.29.27', true, encodeInteger(o.deltaOf)));
	const crl = await x509.X509CrlGenerator.create({
		issuer: o.issuer.cert.subjectName,
		thisUpdate: o.thisUpdate,
		nextUpdate: o.nextUpdate,
		entries: (o.revoked ?? []).map((r) => ({
			serialNumber: r.serialHex,
			revocationDate: r.date,
			reason: r.reason
		})),
		signingKey: o.issuer.keys.privateKey,
		signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: o.signingHash ?? 'SHA-256' },
		extensions
	});
	return { der: new Uint8Array(crl.rawData), pem: crl.toString('pem'), crl };
}

/** DER INTEGER of a small non-negative number. */
function encodeInteger(n: number): ArrayBuffer {
	let hex = n.toString(16);
	if (hex.length % 2) hex = '0' + hex;
	if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex;
	const body = Buffer.from(hex, 'hex');
	return new Uint8Array([0x02, body.length, ...body]).buffer;
}
