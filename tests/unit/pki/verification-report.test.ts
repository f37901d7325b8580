// The downloadable verification reports from a real verification (the unit test PKI): the HTML report in
// Vietnamese carries the hash, the path with serials, the revocation answers, the verdict explained and the
// policy; the ETSI TS 119 102-2 XML is well-formed (a strict XML parser reads it back) and uses the standard's
// names and URIs. Validity against the standard's XSD is etsi-report-schema.test.ts.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { applyPolicy, createVerifier, type FileReport } from '../../../src/lib/pki';
import { signCms } from '../../../src/lib/pki/testing';
import { sha256Hex } from '../../../src/lib/pki/bytes';
import { renderVerificationReportHtml } from '../../../src/lib/pki/verification-report-html';
import { renderEtsiValidationReport, ETSI_VR_NAMESPACE } from '../../../src/lib/pki/etsi-validation-report';
import {
	escapeMarkup,
	reportFileName,
	type VerificationReportInput
} from '../../../src/lib/pki/verification-report';
import { APP_VERSION } from '../../../src/lib/version';
import { buildTestPki, T, type TestPki } from './fixtures';

let pki: TestPki;
let file: Uint8Array;
let report: FileReport;
const content = new TextEncoder().encode('Công văn 12/UBND-VP');

beforeAll(async () => {
	pki = await buildTestPki();
	file = await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed });
	const v = createVerifier({
		trustAnchors: [pki.root.der],
		revocation: { crls: [pki.rootCrl, pki.subCrl] },
		clock: () => T.now
	});
	report = await v.verifyFile(file, { fileName: 'cong-van.p7m' });
});

const inputOf = (r: FileReport, name = 'công văn "12" <UBND>.p7m'): VerificationReportInput => ({
	document: { fileName: name, sha256: sha256Hex(file), sizeBytes: file.byteLength },
	report: r,
	validationTime: T.now.toISOString(),
	validationTimeChosen: true,
	generatedAt: '2026-03-02T01:00:00.000Z',
	softwareVersion: APP_VERSION
});

/** Parses XML strictly (saxes throws on the first well-formedness error) and returns elements by local name. */
function parseXml(xml: string): { names: string[]; texts: Map<string, string[]>; uris: Set<string> } {
	const p = new SaxesParser({ xmlns: true });
	const names: string[] = [];
	const texts = new Map<string, string[]>();
	const uris = new Set<string>();
	const stack: string[] = [];
	p.on('opentag', (t) => {
		names.push(t.local);
		uris.add(t.uri);
		stack.push(t.local);
	});
	p.on('closetag', () => stack.pop());
	p.on('text', (x) => {
		const top = stack.at(-1);
		if (top && x.trim()) texts.set(top, [...(texts.get(top) ?? []), x]);
	});
	p.write(xml).close();
	return { names, texts, uris };
}

describe('the HTML report', () => {
	it('stands on its own: hash, signer, path with serials and validity, revocation data, verdict, policy, time, version', () => {
		expect(report.indication).toBe('TOTAL_PASSED');
		const html = renderVerificationReportHtml(inputOf(report));
		expect(html).toMatch(/^<!doctype html>/);
		expect(html).toContain('<html lang="vi">');
		expect(html).toContain('BÁO CÁO KIỂM TRA CHỮ KÝ SỐ');
		expect(html).toContain(sha256Hex(file));
		expect(html).toContain('công văn &quot;12&quot; &lt;UBND&gt;.p7m');
		expect(html).not.toContain('<UBND>');
		const facts = report.signatures[0]!.facts!;
		for (const c of facts.path) {
			expect(html).toContain(c.serial!);
			expect(html).toContain(c.fingerprint);
		}
		expect(html).toContain('Người ký');
		expect(html).toContain('CA gốc tin cậy');
		expect(html).toContain('Thông tin thu hồi đã dùng');
		expect(html).toContain('Chưa bị thu hồi');
		// The CRL's thisUpdate, in Vietnam time (20/02/2026 07:00:00) and UTC.
		expect(html).toContain('20/02/2026 07:00:00');
		expect(html).toContain('Hợp lệ');
		expect(html).toContain('01/03/2026 07:00:00');
		expect(html).toContain('do người kiểm tra chọn');
		expect(html).toContain('Chính sách kiểm tra đã áp dụng');
		expect(html).toContain('thông tin thu hồi (CRL/OCSP) đủ mới cho thời điểm cần kiểm tra');
		expect(html).toContain(`Kiểm Ký phiên bản ${APP_VERSION}`);
	});

	it('explains a sub-indication in Vietnamese and shows the level that decided it', () => {
		const strict = applyPolicy(report, { timestampPresence: 'FAIL' });
		const html = renderVerificationReportHtml(inputOf(strict));
		expect(html).toContain('SIG_CONSTRAINTS_FAILURE');
		expect(html).toContain('Chữ ký không đáp ứng ràng buộc về thuộc tính đã ký');
		expect(html).toContain('Phát hiện theo chính sách kiểm tra');
		expect(html).toMatch(/chữ ký có dấu thời gian hợp lệ<\/td><td>Từ chối/);
	});
});

describe('the ETSI TS 119 102-2 XML report', () => {
	it('is well-formed, in the v1.4.1 namespace, with the standard element names in order', () => {
		const xml = renderEtsiValidationReport(inputOf(report));
		const { names, texts, uris } = parseXml(xml);
		expect(names[0]).toBe('ValidationReport');
		expect(uris).toContain(ETSI_VR_NAMESPACE);
		const order = [
			'SignatureIdentifier',
			'ValidationConstraintsEvaluationReport',
			'ValidationTimeInfo',
			'SignersDocument',
			'SignatureAttributes',
			'SignerInformation',
			'SignatureQuality',
			'SignatureValidationProcess',
			'SignatureValidationStatus'
		];
		const at = order.map((n) => names.indexOf(n));
		expect(at.every((i) => i > 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		expect(names.indexOf('SignatureValidationObjects')).toBeGreaterThan(at.at(-1)!);
		expect(texts.get('MainIndication')).toContain('urn:etsi:019102:mainindication:total-passed');
		expect(texts.get('ValidationTime')).toEqual([T.now.toISOString()]);
		expect(texts.get('Time')).toEqual([T.signed.toISOString()]);
		expect(texts.get('Signer')).toEqual([report.signatures[0]!.signer!.subject]);
		expect(texts.get('Signer')![0]).toContain('CN=Nguyễn Thị Hồng Nhung');
		expect(texts.get('SignatureValidationProcessID')).toEqual(['urn:etsi:019102:validationprocess:Basic']);
		expect(texts.get('ObjectType')).toContain('urn:etsi:019102:validationObject:certificate');
		// The document's SHA-256 as the signer's document digest, base64.
		expect(texts.get('DigestValue')).toContain(Buffer.from(sha256Hex(file), 'hex').toString('base64'));
		// Three certificates on the path: signer, sub-CA, root as trust anchor.
		expect(names.filter((n) => n === 'IntermediateCertificate')).toHaveLength(1);
		expect(names.filter((n) => n === 'TrustAnchor')).toHaveLength(1);
	});

	it('gives sub-indications as URIs and stays well-formed for hostile names and an unreadable file', () => {
		const strict = applyPolicy(report, { timestampPresence: 'FAIL' });
		const { texts } = parseXml(renderEtsiValidationReport(inputOf(strict, 'a--b\u0001<&>.p7m')));
		expect(texts.get('MainIndication')).toContain('urn:etsi:019102:mainindication:indeterminate');
		expect(texts.get('SubIndication')).toEqual(['urn:etsi:019102:subindication:SIG_CONSTRAINTS_FAILURE']);
		const broken: FileReport = {
			format: 'pdf',
			indication: 'TOTAL_FAILED',
			subIndication: 'FORMAT_FAILURE',
			explanation: 'x',
			signatures: [],
			error: 'lỗi khi đọc tệp: <hỏng>',
			notes: []
		};
		const b = parseXml(renderEtsiValidationReport(inputOf(broken)));
		expect(b.texts.get('SubIndication')).toEqual(['urn:etsi:019102:subindication:FORMAT_FAILURE']);
		expect(b.texts.get('Value')).toEqual(['lỗi khi đọc tệp: <hỏng>']);
	});
});

describe('report helpers', () => {
	it('name files after the document without diacritics, and escape control characters', () => {
		expect(reportFileName('Công văn số 12/UBND-VP.pdf', 'html')).toBe(
			'bao-cao-kiem-tra-Cong-van-so-12-UBND-VP.html'
		);
		expect(reportFileName('đ.p7m', 'xml')).toBe('bao-cao-kiem-tra-d.xml');
		expect(escapeMarkup('a\u0000<b>')).toBe('a\uFFFD&lt;b&gt;');
	});

	it('print the version package.json declares', () => {
		expect(APP_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
	});
});
