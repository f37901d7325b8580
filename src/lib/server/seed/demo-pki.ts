// The demo PKI: a root and sub-CA named like the government G2 chain but marked DEMO, a public CA (for the
// public-CA case), leaf certificates issued from the world's plans with fixed keys, and the CRLs.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { x509 } from '../../pki/x509';
import { createCrl, issueCertificate, type Issued } from '../../pki/testing/index';
import { certificateDer, emailSan, tbsDer } from './leaf-der';
import { DEMO_CA_KEYS, DEMO_LEAF_KEYS } from './demo-keys';
import type { WCertificate } from './world';

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
export const GOV_POLICY_OID = '2.16.704.1.1.1.1.1';
export const DEMO_URLS = {
	rootCrl: 'http://ca-demo.kiemky.invalid/pki/pub/crl/rootcag2-demo.crl',
	subCaCrl: 'http://ca-demo.kiemky.invalid/pki/pub/crl/cpcqnng2-demo.crl',
	publicCrl: 'http://public-ca-demo.kiemky.invalid/crl/vnpt-demo.crl'
} as const;

async function importKeyPair(base64Pkcs8: string): Promise<CryptoKeyPair> {
	const der = Buffer.from(base64Pkcs8, 'base64');
	const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', der, ALG, true, ['sign']);
	const spki = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({
		format: 'der',
		type: 'spki'
	});
	const publicKey = await globalThis.crypto.subtle.importKey('spki', spki, ALG, true, ['verify']);
	return { privateKey, publicKey };
}

export interface DemoPki {
	root: Issued;
	subCa: Issued;
	publicRoot: Issued;
	publicSubCa: Issued;
	leafKeys: CryptoKeyPair[];
}

const utc = (s: string) => new Date(`${s}T00:00:00Z`);

export async function createDemoPki(): Promise<DemoPki> {
	const [rootKeys, subKeys, pubRootKeys, pubSubKeys] = await Promise.all(
		[DEMO_CA_KEYS.root, DEMO_CA_KEYS.subCa, DEMO_CA_KEYS.publicRoot, DEMO_CA_KEYS.publicSubCa].map(
			importKeyPair
		)
	);
	const root = await issueCertificate({
		subject: { cn: 'RootCA chuyên dùng Chính phủ G2 (DEMO)', o: 'Ban Cơ yếu Chính phủ' },
		keys: rootKeys!,
		notBefore: utc('2018-06-01'),
		notAfter: utc('2048-06-01'),
		serial: '0d3e0001',
		profile: 'ca'
	});
	const subCa = await issueCertificate({
		subject: { cn: 'CA phục vụ các cơ quan Nhà nước G2 (DEMO)', o: 'Ban Cơ yếu Chính phủ' },
		issuer: root,
		keys: subKeys!,
		notBefore: utc('2018-07-01'),
		notAfter: utc('2038-07-01'),
		serial: '0d3e0002',
		profile: 'ca',
		pathLength: 0,
		crlUrl: DEMO_URLS.rootCrl,
		policies: [GOV_POLICY_OID]
	});
	const publicRoot = await issueCertificate({
		subject: { cn: 'Vietnam National Root CA (DEMO)', o: 'Trung tâm Chứng thực điện tử quốc gia (DEMO)' },
		keys: pubRootKeys!,
		notBefore: utc('2019-01-01'),
		notAfter: utc('2039-01-01'),
		serial: '0e4f0001',
		profile: 'ca'
	});
	const publicSubCa = await issueCertificate({
		subject: { cn: 'VNPT Certification Authority (DEMO)', o: 'VNPT Group', l: 'Hà Nội' },
		issuer: publicRoot,
		keys: pubSubKeys!,
		notBefore: utc('2019-02-01'),
		notAfter: utc('2034-02-01'),
		serial: '0e4f0002',
		profile: 'ca',
		pathLength: 0,
		crlUrl: DEMO_URLS.publicCrl
	});
	const leafKeys = await Promise.all(DEMO_LEAF_KEYS.map(importKeyPair));
	return { root, subCa, publicRoot, publicSubCa, leafKeys };
}

const KU = x509.KeyUsageFlags;

/**
 * Issues the DER of every planned certificate with the `signer` profile of `issueCertificate` (src/lib/pki/testing):
 * basicConstraints, keyUsage digitalSignature+nonRepudiation, key identifiers, CRL distribution point, the
 * government policy, the e-mail as subjectAltName. Parts shared by many certificates are encoded once
 * (leaf-der.ts) and the RSA signatures run a few hundred at a time on the thread pool.
 */
export async function issueLeaves(pki: DemoPki, certs: WCertificate[]): Promise<void> {
	const leafKeys = await Promise.all(
		pki.leafKeys.map(async (keys) => ({
			spki: new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', keys.publicKey)),
			ski: new Uint8Array((await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)).rawData)
		}))
	);
	const raw = (e: x509.Extension) => new Uint8Array(e.rawData);
	const common = [
		raw(new x509.BasicConstraintsExtension(false, undefined, false)),
		raw(new x509.KeyUsagesExtension(KU.digitalSignature | KU.nonRepudiation, true))
	];
	const issuerParts = async (ca: Issued, crl: string, policies: string[]) => ({
		ca,
		name: new Uint8Array(ca.cert.subjectName.toArrayBuffer()),
		ext: [
			raw(await x509.AuthorityKeyIdentifierExtension.create(ca.cert)),
			raw(new x509.CRLDistributionPointsExtension([crl])),
			...(policies.length ? [raw(new x509.CertificatePolicyExtension(policies))] : [])
		]
	});
	const byIssuer = {
		government: await issuerParts(pki.subCa, DEMO_URLS.subCaCrl, [GOV_POLICY_OID]),
		public: await issuerParts(pki.publicSubCa, DEMO_URLS.publicCrl, [])
	};
	const batch = 256;
	for (let i = 0; i < certs.length; i += batch) {
		const slice = certs.slice(i, i + batch);
		await Promise.all(
			slice.map(async (c) => {
				const key = leafKeys[c.keyIndex % leafKeys.length]!;
				const issuer = byIssuer[c.issuer];
				const tbs = tbsDer({
					serialHex: c.serial,
					issuerName: issuer.name,
					subject: c.subject,
					notBefore: c.notBefore,
					notAfter: c.notAfter,
					spki: key.spki,
					extensions: [
						...common,
						key.ski,
						...issuer.ext,
						...(c.subject.email ? [emailSan(c.subject.email)] : [])
					]
				});
				const signature = await globalThis.crypto.subtle.sign(
					'RSASSA-PKCS1-v1_5',
					issuer.ca.keys.privateKey,
					new Uint8Array(tbs)
				);
				c.der = new Uint8Array(certificateDer(tbs, new Uint8Array(signature)));
			})
		);
	}
}

/** The issued form of a planned certificate, for signing CMS and PDF documents with it. */
export function issuedOf(pki: DemoPki, c: WCertificate): Issued {
	const cert = new x509.X509Certificate(new Uint8Array(c.der!).buffer);
	return {
		cert,
		der: c.der!,
		pem: cert.toString('pem'),
		keys: pki.leafKeys[c.keyIndex % pki.leafKeys.length]!,
		serialHex: c.serial
	};
}

const REASONS: Record<string, x509.X509CrlReason> = {
	'Mất thiết bị lưu khóa bí mật': x509.X509CrlReason.keyCompromise,
	'Thuê bao nghỉ hưu': x509.X509CrlReason.cessationOfOperation,
	'Thuê bao chuyển công tác': x509.X509CrlReason.affiliationChanged
};

/** The sub-CA's CRL listing every revoked demo certificate, and the root's (empty) CRL over the sub-CA. */
export async function createDemoCrls(
	pki: DemoPki,
	certs: WCertificate[],
	today: Date
): Promise<
	{ issuer: Issued; der: Uint8Array; url: string; thisUpdate: Date; nextUpdate: Date; number: number }[]
> {
	const thisUpdate = today;
	const nextUpdate = new Date(today.getTime() + 365 * 86_400_000);
	const number = Math.floor(today.getTime() / 86_400_000);
	const revoked = certs
		.filter((c) => c.issuer === 'government' && c.revokedAt && c.revokedAt <= today)
		.map((c) => ({
			serialHex: c.serial,
			date: c.revokedAt!,
			reason: REASONS[c.revocationReason ?? ''] ?? x509.X509CrlReason.unspecified
		}));
	const sub = await createCrl({ issuer: pki.subCa, thisUpdate, nextUpdate, revoked, crlNumber: number });
	const root = await createCrl({ issuer: pki.root, thisUpdate, nextUpdate, revoked: [], crlNumber: number });
	const pub = await createCrl({
		issuer: pki.publicSubCa,
		thisUpdate,
		nextUpdate,
		revoked: [],
		crlNumber: number
	});
	return [
		{ issuer: pki.subCa, der: sub.der, url: DEMO_URLS.subCaCrl, thisUpdate, nextUpdate, number },
		{ issuer: pki.root, der: root.der, url: DEMO_URLS.rootCrl, thisUpdate, nextUpdate, number },
		{ issuer: pki.publicSubCa, der: pub.der, url: DEMO_URLS.publicCrl, thisUpdate, nextUpdate, number }
	];
}
