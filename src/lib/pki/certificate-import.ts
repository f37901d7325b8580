// Certificate import into the inventory: PEM (any number of CERTIFICATE / PKCS7 / X509 CRL blocks), DER certificates,
// PKCS#7 certificate bundles (.p7b/.p7c: SignedData with certificates only, RFC 5652 5.1), CRLs, and ZIP archives
// of those; deduplicated by SHA-256 fingerprint, each with its description and where it came from. Uploads are
// hostile input: archives are read within the caps of `import-limits.ts`, repeated blocks and certificates are
// recognised by their hash before anything parses them, and long loops yield to the event loop.
import { looksLikePem, pemBlocks, sha256Hex } from './bytes';
import { parseCertificate } from './certificate';
import { describeParsed, type CertificateDescription } from './certificate-describe';
import { parseCms } from './cms';
import { tryParseCrl, type ParsedCrl } from './crl';
import { isZip, readZip, ZipError } from './zip-reader';
import { looksLikeContentInfo, splitPkcs7 } from './pkcs7-bundle';
import { ImportContext, ImportRefusedError, type ImportLimitsInput } from './import-limits';
import { pkijs } from './x509';
import { toArrayBuffer } from './bytes';
import * as asn1js from 'asn1js';

export { ImportContext, ImportRefusedError, type ImportLimitsInput };

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
/** asn1js only gets small BER bundles: on large input its trees cost seconds and gigabytes. */
const MAX_FULL_PARSE = 1024 * 1024;
/** File names kept per certificate: one repeated in every entry of an archive lists the first few. */
const MAX_SOURCES = 20;

type Split = { certs: Uint8Array[]; crls: Uint8Array[] };

/** A BER bundle (indefinite lengths) or a signed CMS the TLV splitter does not take: the full parsers. */
function fromBerBundle(der: Uint8Array): Split | null {
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

/** Certificates and CRLs in one DER object (a certificate, a CRL, or a PKCS#7 bundle), once per distinct block. */
function fromDer(der: Uint8Array, ctx: ImportContext): Split | null {
	const hash = sha256Hex(der);
	const known = ctx.blocks.get(hash);
	if (known !== undefined) return known;
	let r: Split | null = null;
	if (looksLikeContentInfo(der)) {
		const split = splitPkcs7(der);
		r = split === 'ber' ? (der.length <= MAX_FULL_PARSE ? fromBerBundle(der) : null) : split;
	} else {
		try {
			ctx.parsed.set(hash, parseCertificate(der));
			r = { certs: [der], crls: [] };
		} catch {
			if (tryParseCrl(der)) r = { certs: [], crls: [der] };
		}
	}
	ctx.blocks.set(hash, r);
	return r;
}

export interface Extracted {
	certs: { der: Uint8Array; source: string }[];
	crls: Uint8Array[];
	problems: ImportProblem[];
}

function splitFile(bytes: Uint8Array): Uint8Array[] {
	if (looksLikePem(bytes)) return pemBlocks(Buffer.from(bytes).toString('latin1')).map((b) => b.der);
	if (bytes[0] === 0x30) return [bytes];
	const text = Buffer.from(bytes).toString('latin1').trim();
	return /^[A-Za-z0-9+/=\r\n]+$/.test(text) ? [new Uint8Array(Buffer.from(text, 'base64'))] : [];
}

/**
 * Splits one file into DER certificates and CRLs (every occurrence, repeats included), expanding ZIP archives
 * within the context's budget. A damaged file becomes a problem; a broken cap throws ImportRefusedError.
 */
export async function extractFromFile(
	input: ImportInput,
	ctx: ImportContext = new ImportContext(),
	depth = 0
): Promise<Extracted> {
	const out: Extracted = { certs: [], crls: [], problems: [] };
	const { bytes, name } = input;
	try {
		if (isZip(bytes)) {
			if (depth > 2) return { ...out, problems: [{ source: name, reason: 'ZIP lồng quá sâu' }] };
			const zip = await readZip(bytes, { budget: ctx.zipBudget });
			for (const reason of zip.problems) out.problems.push({ source: name, reason });
			for (const e of zip.entries) {
				const r = await extractFromFile({ name: `${name}/${e.name}`, bytes: e.data }, ctx, depth + 1);
				for (const c of r.certs) out.certs.push(c);
				for (const c of r.crls) out.crls.push(c);
				for (const p of r.problems) out.problems.push(p);
			}
			return out;
		}
		const ders = splitFile(bytes);
		ctx.count(ders.length, name);
		if (!ders.length)
			out.problems.push({
				source: name,
				reason: 'không phải chứng thư hay CRL (PEM, DER, PKCS#7) hay tệp ZIP'
			});
		for (const der of ders) {
			const r = fromDer(der, ctx);
			await ctx.pace();
			if (!r) {
				out.problems.push({
					source: name,
					reason: 'khối dữ liệu không phải chứng thư, CRL hay gói PKCS#7 hợp lệ'
				});
				continue;
			}
			ctx.count(r.certs.length + r.crls.length, name);
			for (const d of r.certs) out.certs.push({ der: d, source: name });
			for (const d of r.crls) out.crls.push(d);
		}
	} catch (e) {
		if (e instanceof ImportRefusedError) throw e;
		if (e instanceof ZipError) {
			if (e.hostile) throw new ImportRefusedError(e.code, name, e.entry, e.message);
			return { certs: [], crls: [], problems: [{ source: name, reason: e.message }] };
		}
		out.problems.push({ source: name, reason: `lỗi khi đọc: ${(e as Error).message}` });
	}
	return out;
}

function capProblems(problems: ImportProblem[], max: number): ImportProblem[] {
	if (problems.length <= max) return problems;
	return [
		...problems.slice(0, max),
		{ source: '…', reason: `và ${problems.length - max} vấn đề khác (không liệt kê)` }
	];
}

/**
 * Every distinct certificate and CRL of the files, described; repeats are recognised by the SHA-256 of their DER
 * (the fingerprint) before any parsing. Throws ImportRefusedError when the files break a cap of `limits`.
 */
export async function importCertificates(
	inputs: readonly ImportInput[],
	limits: ImportLimitsInput = {}
): Promise<ImportResult> {
	const ctx = new ImportContext(limits);
	const byFp = new Map<string, ImportedCertificate>();
	const unreadable = new Set<string>();
	const crls = new Map<string, ParsedCrl>();
	const crlSeen = new Set<string>();
	const problems: ImportProblem[] = [];
	let duplicates = 0;
	for (const input of inputs) {
		const r = await extractFromFile(input, ctx);
		for (const p of r.problems) problems.push(p);
		for (const { der, source } of r.certs) {
			await ctx.pace();
			const fp = sha256Hex(der);
			const known = byFp.get(fp);
			if (known) {
				duplicates++;
				if (known.sources.length < MAX_SOURCES && !known.sources.includes(source)) known.sources.push(source);
				continue;
			}
			if (unreadable.has(fp)) continue;
			if (byFp.size >= ctx.limits.maxCertificates)
				throw new ImportRefusedError(
					'IMPORT_TOO_MANY_CERTIFICATES',
					source,
					null,
					`lượt nhập có hơn ${ctx.limits.maxCertificates} chứng thư khác nhau; hãy chia thành nhiều lần nhập`
				);
			let parsed;
			try {
				parsed = ctx.parsed.get(fp) ?? parseCertificate(der);
				ctx.parsed.delete(fp);
			} catch (e) {
				unreadable.add(fp);
				problems.push({ source, reason: `chứng thư không giải mã được: ${(e as Error).message}` });
				continue;
			}
			byFp.set(fp, { der: parsed.der, description: describeParsed(parsed), sources: [source] });
		}
		for (const der of r.crls) {
			const h = sha256Hex(der);
			if (crlSeen.has(h)) continue;
			crlSeen.add(h);
			const c = tryParseCrl(der);
			if (c) crls.set(c.fingerprint, c);
			await ctx.pace();
		}
	}
	return {
		certificates: [...byFp.values()],
		crls: [...crls.values()],
		duplicates,
		problems: capProblems(problems, ctx.limits.maxProblems)
	};
}
