// Certificate import into the inventory: PEM (any number of CERTIFICATE / PKCS7 / X509 CRL blocks), DER certificates,
// PKCS#7 certificate bundles (.p7b/.p7c: SignedData with certificates only, RFC 5652 5.1), CRLs, and ZIP archives
// of those; deduplicated by SHA-256 fingerprint, each with its description and where it came from.
import { looksLikePem, pemBlocks } from './bytes';
import { parseCertificate } from './certificate';
import { describeParsed, type CertificateDescription } from './certificate-describe';
import { parseCms } from './cms';
import { tryParseCrl, type ParsedCrl } from './crl';
import { isZip, readZip } from './zip-reader';
import { pkijs } from './x509';
import { toArrayBuffer } from './bytes';
import * as asn1js from 'asn1js';

export interface ImportInput {
	name: string;
	bytes: Uint8Array;
}

export interface ImportedCertificate {
	der: Uint8Array;
	description: CertificateDescription;
	/** File names (zip entries as "archive.zip/entry.cer") the certificate was found in. */
	sources: string[];
}

export interface ImportProblem {
	source: string;
	reason: string;
}

export interface ImportResult {
	certificates: ImportedCertificate[];
	crls: ParsedCrl[];
	/** Certificates seen more than once (same fingerprint). */
	duplicates: number;
	problems: ImportProblem[];
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

/** Certificates and CRLs in one DER object: a certificate, a CRL, or a PKCS#7 bundle. */
function fromDer(der: Uint8Array): { certs: Uint8Array[]; crls: Uint8Array[] } | null {
	try {
		parseCertificate(der);
		return { certs: [der], crls: [] };
	} catch {
		/* not a certificate */
	}
	if (tryParseCrl(der)) return { certs: [], crls: [der] };
	try {
		const asn = asn1js.fromBER(toArrayBuffer(der));
		if (asn.offset === -1) return null;
		const ci = new pkijs.ContentInfo({ schema: asn.result });
		if (ci.contentType !== OID_SIGNED_DATA) return null;
		const sd = new pkijs.SignedData({ schema: ci.content });
		const certs = (sd.certificates ?? [])
			.filter((c) => c instanceof pkijs.Certificate)
			.map((c) => new Uint8Array(c.toSchema().toBER()));
		const crls = (sd.crls ?? [])
			.filter((c) => c instanceof pkijs.CertificateRevocationList)
			.map((c) => new Uint8Array(c.toSchema().toBER()));
		return { certs, crls };
	} catch {
		try {
			const cms = parseCms(der);
			return { certs: cms.certificates.map((c) => c.der), crls: cms.crls.map((c) => c.der) };
		} catch {
			return null;
		}
	}
}

/** Splits one file into DER certificates and CRLs, expanding ZIP archives; never throws. */
export function extractFromFile(
	input: ImportInput,
	depth = 0
): { certs: { der: Uint8Array; source: string }[]; crls: Uint8Array[]; problems: ImportProblem[] } {
	const out = {
		certs: [] as { der: Uint8Array; source: string }[],
		crls: [] as Uint8Array[],
		problems: [] as ImportProblem[]
	};
	const { bytes, name } = input;
	try {
		if (isZip(bytes)) {
			if (depth > 2) return { ...out, problems: [{ source: name, reason: 'ZIP lồng quá sâu' }] };
			const zip = readZip(bytes);
			out.problems.push(...zip.problems.map((reason) => ({ source: name, reason })));
			for (const e of zip.entries) {
				const r = extractFromFile({ name: `${name}/${e.name}`, bytes: e.data }, depth + 1);
				out.certs.push(...r.certs);
				out.crls.push(...r.crls);
				out.problems.push(...r.problems);
			}
			return out;
		}
		let ders: Uint8Array[];
		if (looksLikePem(bytes)) ders = pemBlocks(Buffer.from(bytes).toString('latin1')).map((b) => b.der);
		else if (bytes[0] === 0x30) ders = [bytes];
		else {
			const text = Buffer.from(bytes).toString('latin1').trim();
			ders = /^[A-Za-z0-9+/=\r\n]+$/.test(text) ? [new Uint8Array(Buffer.from(text, 'base64'))] : [];
		}
		if (!ders.length)
			out.problems.push({
				source: name,
				reason: 'không phải chứng thư hay CRL (PEM, DER, PKCS#7) hay tệp ZIP'
			});
		for (const der of ders) {
			const r = fromDer(der);
			if (!r) {
				out.problems.push({
					source: name,
					reason: 'khối dữ liệu không phải chứng thư, CRL hay gói PKCS#7 hợp lệ'
				});
				continue;
			}
			out.certs.push(...r.certs.map((d) => ({ der: d, source: name })));
			out.crls.push(...r.crls);
		}
	} catch (e) {
		out.problems.push({ source: name, reason: `lỗi khi đọc: ${(e as Error).message}` });
	}
	return out;
}

export function importCertificates(inputs: readonly ImportInput[]): ImportResult {
	const byFp = new Map<string, ImportedCertificate>();
	const crls = new Map<string, ParsedCrl>();
	const problems: ImportProblem[] = [];
	let duplicates = 0;
	for (const input of inputs) {
		const r = extractFromFile(input);
		problems.push(...r.problems);
		for (const { der, source } of r.certs) {
			let parsed;
			try {
				parsed = parseCertificate(der);
			} catch (e) {
				problems.push({ source, reason: `chứng thư không giải mã được: ${(e as Error).message}` });
				continue;
			}
			const known = byFp.get(parsed.fingerprint);
			if (known) {
				duplicates++;
				if (!known.sources.includes(source)) known.sources.push(source);
				continue;
			}
			byFp.set(parsed.fingerprint, {
				der: parsed.der,
				description: describeParsed(parsed),
				sources: [source]
			});
		}
		for (const der of r.crls) {
			const c = tryParseCrl(der);
			if (c) crls.set(c.fingerprint, c);
		}
	}
	return { certificates: [...byFp.values()], crls: [...crls.values()], duplicates, problems };
}
