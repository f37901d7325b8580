// A small PKI for the rule tests (trust anchor, profile, name constraints, signing time, revocation freshness):
// one RSA key pair for every certificate (issuing is then one signature each), fixed dates, and helpers to sign a
// CMS with a given leaf and to validate a path with the chain validator alone.
import { readFileSync } from 'node:fs';
import {
	CertificatePool,
	ChainValidator,
	CrlStore,
	createVerifier,
	parseCertificate,
	type VerifierOptions
} from '../../../src/lib/pki';
import {
	generateKeyPair,
	issueCertificate,
	issueRawCertificate,
	profileExtensions,
	signCms,
	type Issued,
	type RawCertificateOptions,
	type RawExtension
} from '../../../src/lib/pki/testing';

export const D = {
	from: new Date('2020-01-01T00:00:00Z'),
	to: new Date('2040-01-01T00:00:00Z'),
	leafFrom: new Date('2024-01-01T00:00:00Z'),
	leafTo: new Date('2029-01-01T00:00:00Z'),
	signed: new Date('2025-06-01T02:00:00Z'),
	now: new Date('2026-03-01T00:00:00Z')
};

export const content = new TextEncoder().encode('Công văn số 12/SKHCN-VP về kiểm tra chữ ký số');

export interface RuleKit {
	keys: CryptoKeyPair;
	root: Issued;
	sub: Issued;
	/** A leaf under `sub` built field by field; `extensions` replaces the conforming set when given. */
	leaf(o?: Partial<RawCertificateOptions> & { extra?: RawExtension[] }): Promise<Issued>;
	/** A CA under `issuer` (default the root) built field by field. */
	ca(o?: Partial<RawCertificateOptions> & { extra?: RawExtension[]; pathLength?: number }): Promise<Issued>;
}

let serial = 0x100;
const nextSerial = () => new Uint8Array([0x01, (serial >> 8) & 0xff, serial++ & 0xff]);

export async function ruleKit(): Promise<RuleKit> {
	const keys = await generateKeyPair();
	const root = await issueCertificate({
		subject: { cn: 'Root kiểm thử quy tắc', o: 'Ban Cơ yếu Chính phủ' },
		keys,
		notBefore: D.from,
		notAfter: D.to,
		serial: '01'
	});
	const sub = await issueCertificate({
		issuer: root,
		profile: 'ca',
		pathLength: 0,
		subject: { cn: 'CA kiểm thử quy tắc', o: 'Ban Cơ yếu Chính phủ' },
		keys,
		notBefore: D.from,
		notAfter: D.to,
		serial: '02'
	});
	return {
		keys,
		root,
		sub,
		async leaf(o = {}) {
			const issuer = o.issuer ?? sub;
			return issueRawCertificate({
				issuer,
				keys,
				subject: { cn: 'Nguyễn Văn Quy Tắc', o: 'UBND tỉnh Đồng Tháp' },
				serial: nextSerial(),
				notBefore: D.leafFrom,
				notAfter: D.leafTo,
				extensions: [...(await profileExtensions({ keys, issuer, ca: false })), ...(o.extra ?? [])],
				...o
			});
		},
		async ca(o = {}) {
			const issuer = o.issuer ?? root;
			return issueRawCertificate({
				issuer,
				keys,
				subject: { cn: 'CA trung gian kiểm thử', o: 'Ban Cơ yếu Chính phủ' },
				serial: nextSerial(),
				notBefore: D.from,
				notAfter: D.to,
				extensions: [
					...(await profileExtensions({ keys, issuer, ca: true, pathLength: o.pathLength })),
					...(o.extra ?? [])
				],
				...o
			});
		}
	};
}

/** The chain validator alone (no revocation), for the failure code and position. */
export async function validate(target: Issued, anchors: Issued[], intermediates: Issued[], time = D.now) {
	const v = new ChainValidator({
		anchors: new CertificatePool(anchors.map((a) => parseCertificate(a.der))),
		pool: new CertificatePool(intermediates.map((c) => parseCertificate(c.der))),
		crls: new CrlStore(),
		revocation: 'none'
	});
	return v.validate(parseCertificate(target.der), { time });
}

/** Signs the content with `signer` and verifies it (no revocation data: revocation is not looked for). */
export async function verifySigned(
	signer: Issued,
	chain: Issued[],
	anchors: Issued[],
	options: Partial<VerifierOptions> = {},
	verify: Parameters<ReturnType<typeof createVerifier>['verifyFile']>[1] = {}
) {
	const v = createVerifier({
		trustAnchors: anchors.map((a) => a.der),
		revocation: { policy: 'none' },
		clock: () => D.now,
		...options
	});
	return v.verifyFile(await signCms({ content, signer, chain, signingTime: D.signed }), verify);
}

const pem = (path: string) =>
	new Uint8Array(
		Buffer.from(
			readFileSync(path, 'utf8')
				.replace(/-----[^-]+-----/g, '')
				.replace(/\s+/g, ''),
			'base64'
		)
	);
/** The real government G2 certificates (read from the shared folder, never copied into the project). */
export const realCa = () => ({
	root: pem('/work/shared/real-ca/rootcag2.crt'),
	ca: pem('/work/shared/real-ca/cpcag2.crt')
});
