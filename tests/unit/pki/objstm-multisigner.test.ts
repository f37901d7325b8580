// PDFs in the compressed layout (object streams, xref stream) and CMS with several SignerInfos, in PDFs and in
// .p7m files; the DER SignerInfo reader against the asn1js/pkijs path; pdfsig as a second opinion.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../../../src/lib/pki';
import { parseCms, parseCmsPkijs } from '../../../src/lib/pki/cms';
import type { CmsSigner } from '../../../src/lib/pki/cms';
import { scanPdf } from '../../../src/lib/pki/pdf-signatures';
import { createObjStmSignedPdf, createSignedPdf, signCms } from '../../../src/lib/pki/testing';
import { buildTestPki, T, type TestPki } from './fixtures';

const content = new TextEncoder().encode('Công văn số 42/UBND-VP về việc triển khai chữ ký số');
let pki: TestPki;
let v: Verifier;
let dir: string;

beforeAll(async () => {
	pki = await buildTestPki();
	v = createVerifier({
		trustAnchors: [pki.root.der],
		revocation: { crls: [pki.rootCrl, pki.subCrl] },
		clock: () => T.now
	});
	dir = mkdtempSync(join(tmpdir(), 'kiemky-objstm-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (b: Uint8Array | ArrayBuffer | null | undefined) =>
	b ? Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex') : null;
const comparable = (s: CmsSigner) => ({
	sid: s.sid,
	cert: s.cert?.fingerprint ?? null,
	digestOid: s.digestOid,
	alg: s.signatureAlg.algorithm,
	params: hex(s.signatureAlg.parameters),
	signature: hex(s.signature),
	signedAttrs: hex(s.signedAttrs),
	contentType: s.contentType,
	messageDigest: hex(s.messageDigest),
	signingTime: s.signingTime?.toISOString() ?? null,
	essCerts: s.essCerts,
	timestampTokens: s.timestampTokens.map(hex),
	embeddedOcsp: s.embeddedOcsp.map(hex),
	embeddedCrls: s.embeddedCrls.map(hex)
});

describe('several SignerInfos', () => {
	it('judges every signer of a .p7m', async () => {
		const p7m = await signCms({
			content,
			signer: pki.org,
			chain: [pki.sub],
			signingTime: T.signed,
			additionalSigners: [{ signer: pki.person }]
		});
		const r = await v.verifyFile(p7m);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(r.signatures).toHaveLength(2);
		expect(r.signatures[0]!.signer!.subject).toContain('CN=Sở Khoa học và Công nghệ');
		expect(r.signatures[1]!.signer!.subject).toContain('CN=Nguyễn Thị Hồng Nhung');
		const bad = await signCms({
			content,
			signer: pki.org,
			chain: [pki.sub],
			signingTime: T.signed,
			additionalSigners: [{ signer: pki.person, messageDigestOverride: new Uint8Array(32) }]
		});
		const rb = await v.verifyFile(bad);
		expect(rb).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
		expect(rb.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_FAILED']);
	});

	it('judges every signer of the CMS in a PDF signature field', async () => {
		const pdf = await createSignedPdf({
			signer: pki.org,
			chain: [pki.sub],
			signingTime: T.signed,
			additionalSigners: [{ signer: pki.revoked }]
		});
		const r = await v.verifyFile(pdf);
		expect(r.signatures).toHaveLength(2);
		expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', fieldName: 'Signature1' });
		expect(r.signatures[1]).toMatchObject({
			indication: 'INDETERMINATE',
			subIndication: 'REVOKED_NO_POE',
			fieldName: 'Signature1'
		});
		expect(r.indication).toBe('INDETERMINATE');
		const ok = await v.verifyFile(
			await createSignedPdf({
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed,
				additionalSigners: [{ signer: pki.person }]
			})
		);
		expect(ok.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
	});

	it('reads SignerInfos with the DER reader exactly as the pkijs path does', async () => {
		const files = [
			await signCms({ content, signer: pki.org, chain: [pki.sub], signingTime: T.signed }),
			await signCms({
				content,
				signer: pki.person,
				chain: [pki.sub],
				signingTime: new Date('2049-12-31T23:59:59Z'),
				hash: 'sha1',
				signingCertificateV2: false
			}),
			await signCms({
				content,
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed,
				timestamp: { tsa: pki.tsa, time: T.signed },
				additionalSigners: [{ signer: pki.person }]
			}),
			await signCms({
				content,
				signer: pki.org,
				signingTime: T.signed,
				omitSignerCertificate: true,
				detached: true
			})
		];
		for (const f of files) {
			const fast = parseCms(f);
			const slow = parseCmsPkijs(f, { parseCert: (d) => v.intern(d) });
			expect(fast.signers.map(comparable)).toEqual(slow.signers.map(comparable));
			expect(hex(fast.content)).toEqual(hex(slow.content));
		}
	});
});

describe('object streams and xref streams', () => {
	it('finds the signature field and dictionary in compressed object streams and verifies them', async () => {
		const pdf = await createObjStmSignedPdf({
			signer: pki.org,
			chain: [pki.sub],
			signingTime: T.signed,
			fieldName: 'ChuKyGiamDoc'
		});
		// Neither the widget nor the /Sig dictionary is a plain object: both are found only by reading object streams.
		expect(Buffer.from(pdf).includes('/FT /Sig')).toBe(false);
		expect(Buffer.from(pdf).includes('7 0 obj')).toBe(false);
		const scan = scanPdf(pdf);
		expect(scan.signatures).toHaveLength(1);
		expect(scan.signatures[0]).toMatchObject({
			fieldName: 'ChuKyGiamDoc',
			objectNumber: 7,
			error: null,
			coversWholeDocument: true,
			inObjectStream: true
		});
		const r = await v.verifyFile(pdf);
		expect(r).toMatchObject({ format: 'pdf', indication: 'TOTAL_PASSED' });
		expect(r.signatures[0]!.fieldName).toBe('ChuKyGiamDoc');

		writeFileSync(join(dir, 'objstm.pdf'), pdf);
		const out = execFileSync('pdfsig', [join(dir, 'objstm.pdf')], { encoding: 'utf8' });
		expect(out).toMatch(/Signature #1/);
		expect(out).toMatch(/Signature is Valid/);
		expect(out).toContain('Sở Khoa học và Công nghệ');
	});

	it('co-signers in an object-stream PDF are each judged', async () => {
		const pdf = await createObjStmSignedPdf({
			signer: pki.org,
			chain: [pki.sub],
			signingTime: T.signed,
			additionalSigners: [{ signer: pki.person }]
		});
		const r = await v.verifyFile(pdf);
		expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
	});

	it('changes in the covered bytes are HASH_FAILURE; the signature stream may hold nothing else', async () => {
		const pdf = Buffer.from(
			await createObjStmSignedPdf({ signer: pki.org, chain: [pki.sub], signingTime: T.signed })
		);
		const at = pdf.indexOf('Van ban ky so');
		pdf[at] = 0x57; // 'V' → 'W' in the (covered) page content
		expect((await v.verifyFile(pdf)).subIndication).toBe('HASH_FAILURE');
		const crowded = await v.verifyFile(
			await createObjStmSignedPdf({
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed,
				crowdSignatureStream: true
			})
		);
		expect(crowded).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
		expect(crowded.signatures[0]!.reasons.join(' ')).toMatch(/luồng đối tượng/);
	});

	it('malformed object streams are FORMAT_FAILURE, never a crash or a hang', async () => {
		const corrupt = [
			Buffer.from('this is not zlib data at all'),
			deflateSync(Buffer.from('1 0 2 x')).subarray(0, 6), // truncated
			deflateSync(Buffer.from('1 zero << >>')), // header is not /N pairs of numbers
			deflateSync(Buffer.alloc(40 * 1024 * 1024)) // inflates past the bound
		];
		for (const c of corrupt) {
			const pdf = await createObjStmSignedPdf({
				signer: pki.org,
				chain: [pki.sub],
				signingTime: T.signed,
				corruptObjectStream: c
			});
			const t0 = Date.now();
			const r = await v.verifyFile(pdf);
			expect(r).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
			expect(r.error).toMatch(/PDF/);
			expect(Date.now() - t0).toBeLessThan(2000);
		}
	});
});
