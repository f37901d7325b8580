// The ETSI TS 119 102-2 XML report validated against the standard's own schema (v1.4.1, with XAdES 1.3.2, TS 119
// 612 and XMLDSig core; tests/fixtures/etsi-119102-2) by libxml2, for real verifications of each kind: passed with
// the CRLs that decided the revocation, a signature time-stamp, a PDF field with its /M time, a revoked signer, a
// changed content, no path to a trusted root, a file with no signature, and two signatures in one file.
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPolicy, createVerifier, type FileReport } from '../../../src/lib/pki';
import { createSignedPdf, signCms, signPdf } from '../../../src/lib/pki/testing';
import { sha256Hex } from '../../../src/lib/pki/bytes';
import { renderEtsiValidationReport, ETSI_VR_NAMESPACE } from '../../../src/lib/pki/etsi-validation-report';
import type { VerificationReportInput } from '../../../src/lib/pki/verification-report';
import { APP_VERSION } from '../../../src/lib/version';
import { validateEtsiReport } from '../../helpers/etsi-schema';
import { buildTestPki, T, type TestPki } from './fixtures';

let pki: TestPki;
const content = new TextEncoder().encode('Quyết định 7/QĐ-UBND');

beforeAll(async () => {
	pki = await buildTestPki();
}, 60_000);

const verifier = () =>
	createVerifier({
		trustAnchors: [pki.root.der],
		revocation: { crls: [pki.rootCrl, pki.subCrl] },
		clock: () => T.now
	});

const inputOf = (file: Uint8Array, report: FileReport, name: string): VerificationReportInput => ({
	document: { fileName: name, sha256: sha256Hex(file), sizeBytes: file.byteLength },
	report,
	validationTime: T.now.toISOString(),
	validationTimeChosen: false,
	generatedAt: '2026-03-02T01:00:00.000Z',
	softwareVersion: APP_VERSION
});

async function expectSchemaValid(file: Uint8Array, report: FileReport, name: string): Promise<string> {
	const xml = renderEtsiValidationReport(inputOf(file, report, name));
	const verdict = await validateEtsiReport(xml);
	expect(verdict.errors, xml).toEqual([]);
	expect(verdict.valid).toBe(true);
	return xml;
}

describe('the XML report against the ETSI TS 119 102-2 v1.4.1 schema', () => {
	it('the validator is real: it refuses a report with an element out of place or a bad time', async () => {
		const file = await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed });
		const report = await verifier().verifyFile(file, { fileName: 'qd.p7m' });
		const xml = renderEtsiValidationReport(inputOf(file, report, 'qd.p7m'));
		expect(xml).toContain(`xmlns:vr="${ETSI_VR_NAMESPACE}"`);
		// SignatureQuality moved after the status: out of the schema's order.
		const moved = xml
			.replace(/<vr:SignatureQuality>.*?<\/vr:SignatureQuality>/, '')
			.replace('</vr:SignatureValidationStatus>', '</vr:SignatureValidationStatus><vr:SignatureQuality/>');
		expect((await validateEtsiReport(moved)).valid).toBe(false);
		const badTime = xml.replace(/<vr:POETime>[^<]*<\/vr:POETime>/, '<vr:POETime>01/06/2025</vr:POETime>');
		const v = await validateEtsiReport(badTime);
		expect(v.valid).toBe(false);
		expect(v.errors.join(' ')).toMatch(/POETime/);
	});

	it('passed, with the CRLs that decided the revocation as report data', async () => {
		const file = await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed });
		const report = await verifier().verifyFile(file, { fileName: 'qd.p7m' });
		expect(report.indication).toBe('TOTAL_PASSED');
		expect(report.signatures[0]!.facts!.revocation.length).toBeGreaterThan(0);
		const xml = await expectSchemaValid(file, report, 'qd.p7m');
		expect(xml).toContain('urn:kiem-ky:reportData:revocation');
		expect(xml).toContain('<vr:TrustAnchor VOReference=');
	});

	it('with a signature time-stamp (best-signature-time proved by it)', async () => {
		const file = await signCms({
			content,
			signer: pki.person,
			chain: [pki.sub],
			signingTime: T.signed,
			timestamp: { tsa: pki.tsa, time: new Date(T.signed.getTime() + 60_000) }
		});
		const report = await verifier().verifyFile(file, { fileName: 'qd-ts.p7m' });
		expect(report.signatures[0]!.timestampTime).not.toBeNull();
		const xml = await expectSchemaValid(file, report, 'qd-ts.p7m');
		expect(xml).toContain('<vr:SignatureTimeStamp');
		expect(xml).toContain('urn:etsi:019102:validationprocess:LTVM');
	});

	it('a PDF signature field, and two signatures in one file', async () => {
		const once = await createSignedPdf({
			signer: pki.org,
			chain: [pki.sub],
			signingTime: T.signed,
			text: 'Cong van 7'
		});
		const twice = await signPdf(once, {
			signer: pki.person,
			chain: [pki.sub],
			signingTime: new Date(T.signed.getTime() + 3600_000)
		});
		const report = await verifier().verifyFile(twice, { fileName: 'cv.pdf' });
		expect(report.signatures).toHaveLength(2);
		const xml = await expectSchemaValid(twice, report, 'cv.pdf');
		expect(xml).toContain('<vr:DAIdentifier>');
	});

	it('indeterminate: a signer revoked before the signature time, no proof of existence', async () => {
		const file = await signCms({ content, signer: pki.revoked, chain: [pki.sub], signingTime: T.signed });
		const report = await verifier().verifyFile(file, { fileName: 'thu-hoi.p7m' });
		expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_NO_POE' });
		const xml = await expectSchemaValid(file, report, 'thu-hoi.p7m');
		expect(xml).toMatch(/urn:etsi:019102:subindication:REVOKED/);
	});

	it('indeterminate by policy, and with no path to a trusted root', async () => {
		const file = await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed });
		const strict = applyPolicy(await verifier().verifyFile(file), { timestampPresence: 'FAIL' });
		expect(strict.indication).toBe('INDETERMINATE');
		await expectSchemaValid(file, strict, 'qd.p7m');
		const stranger = await signCms({ content, signer: pki.stranger, signingTime: T.signed });
		const noChain = await verifier().verifyFile(stranger, { fileName: 'la.p7m' });
		expect(noChain.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
		await expectSchemaValid(stranger, noChain, 'la.p7m');
	});

	it('failed: the content changed after signing, and a file with no signature at all', async () => {
		const pdf = await createSignedPdf({
			signer: pki.person,
			chain: [pki.sub],
			signingTime: T.signed,
			text: 'Cong van 8'
		});
		const changed = pdf.slice();
		const at = Buffer.from(changed).indexOf('Cong van 8');
		changed[at + 9] = '9'.charCodeAt(0);
		const tampered = await verifier().verifyFile(changed, { fileName: 'sua.pdf' });
		expect(tampered.indication).toBe('TOTAL_FAILED');
		await expectSchemaValid(changed, tampered, 'sua.pdf');

		const junk = new TextEncoder().encode('không phải tệp ký số');
		const none = await verifier().verifyFile(junk, { fileName: 'rac.pdf' });
		expect(none).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
		await expectSchemaValid(junk, none, 'rac.pdf');
	});
});
