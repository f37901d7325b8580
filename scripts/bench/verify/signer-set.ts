// The verify benchmarks' one signer set: a root, a sub-CA and a leaf sharing one RSA key pair, with a CRL from each
// CA, as the Cipher Committee's two-level hierarchy is; `now` lies inside every validity and CRL period.
import type { VerifierModule } from './verifier-form';

export const BENCH_NOW = new Date('2026-03-01T00:00:00Z');

export async function benchSignerSet(v: VerifierModule) {
	const keys = await v.generateKeyPair();
	const root = await v.issueCertificate({
		subject: { cn: 'Root bench' },
		keys,
		notBefore: new Date('2020-01-01'),
		notAfter: new Date('2040-01-01'),
		serial: '01'
	});
	const sub = await v.issueCertificate({
		issuer: root,
		profile: 'ca',
		subject: { cn: 'CA bench' },
		keys,
		notBefore: new Date('2020-01-01'),
		notAfter: new Date('2040-01-01'),
		serial: '02'
	});
	const leaf = await v.issueCertificate({
		issuer: sub,
		subject: { cn: 'Sở Khoa học và Công nghệ', o: 'UBND tỉnh Đồng Tháp' },
		keys,
		notBefore: new Date('2024-01-01'),
		notAfter: new Date('2029-01-01'),
		serial: '03'
	});
	const crls: Uint8Array[] = [];
	for (const issuer of [root, sub])
		crls.push(
			(
				await v.createCrl({
					issuer,
					thisUpdate: new Date('2026-02-01'),
					nextUpdate: new Date('2026-04-01'),
					crlNumber: 1
				})
			).der
		);
	return { root, sub, leaf, crls };
}

/** The benchmark documents' signing times: one second apart, so that every document is distinct. */
export const benchSigningTime = (i: number) => new Date(Date.UTC(2025, 5, 1, 0, 0, i));
