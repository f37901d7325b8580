// PDFs read through their cross-reference data (classic tables, xref streams with /W, /Index and a predictor,
// object streams, /Prev chains, hybrid /XRefStm files) and what changed after each signature: later signatures,
// form fill, annotations, content changes weighed by the `pdfModifications` level; a damaged xref falls back to
// the scan with a warning. pdfsig (poppler) reads the same fixtures as a second opinion.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../../../src/lib/pki';
import { readPdf } from '../../../src/lib/pki/pdf-reader';
import {
	appendIncrementalUpdate,
	appendObjects,
	appendXrefStreamUpdate,
	createObjStmSignedPdf,
	createPdf,
	signPdf
} from '../../../src/lib/pki/testing';
import { buildTestPki, T, type TestPki } from './fixtures';

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
	dir = mkdtempSync(join(tmpdir(), 'kiemky-revisions-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sign = (pdf: Uint8Array) =>
	signPdf(pdf, { signer: pki.org, chain: [pki.sub], signingTime: T.signed, contentsSize: 16384 });
/** The page as signPdf writes it, with the given /Annots. */
const page = (annots: string) =>
	`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [${annots}] >>`;
const kinds = (pdf: Uint8Array, i = 0) => readPdf(pdf).signatures[i]!.changes!.map((c) => c.kind);
const pdfsig = (name: string, pdf: Uint8Array) => {
	writeFileSync(join(dir, name), pdf);
	return execFileSync('pdfsig', [join(dir, name)], { encoding: 'utf8' });
};

describe('reading through the cross-reference data', () => {
	it('reads a signed file with classic tables and a /Prev chain, and reports no change', async () => {
		const pdf = await sign(createPdf());
		const read = readPdf(pdf);
		expect(read).toMatchObject({ method: 'xref', xrefProblem: null, revisions: 2 });
		expect(read.signatures).toHaveLength(1);
		expect(read.signatures[0]).toMatchObject({ error: null, fieldName: 'Signature1', changes: [] });
		const r = await v.verifyFile(pdf);
		expect(r).toMatchObject({ indication: 'TOTAL_PASSED', notes: [] });
		expect(r.warnings).toBeUndefined();
	});

	it('reads a compressed file: xref stream, signature in an object stream', async () => {
		const pdf = await createObjStmSignedPdf({ signer: pki.org, chain: [pki.sub], signingTime: T.signed });
		const read = readPdf(pdf);
		expect(read.method).toBe('xref');
		expect(read.signatures[0]).toMatchObject({ error: null, inObjectStream: true, changes: [] });
		expect((await v.verifyFile(pdf)).indication).toBe('TOTAL_PASSED');
	});

	it('follows xref-stream updates (/Index, PNG predictor, object streams) and hybrid /XRefStm sections', async () => {
		const signed = await sign(createPdf());
		for (const o of [
			{ predictor: true },
			{ packed: true },
			{ packed: true, predictor: true },
			{ packed: true, hybrid: true }
		]) {
			// The page's media box changes: a content change, visible only if the update's section is read.
			const pdf = appendXrefStreamUpdate(
				signed,
				new Map([[3, page('7 0 R').replace('[0 0 595 842]', '[0 0 842 595]')]]),
				o
			);
			const read = readPdf(pdf);
			expect(read, JSON.stringify(o)).toMatchObject({ method: 'xref', revisions: 3 });
			expect(kinds(pdf), JSON.stringify(o)).toEqual(['content']);
			expect(read.signatures[0]!.changes![0]!.description).toMatch(/MediaBox/);
			expect(pdfsig(`update-${Object.keys(o).join('-')}.pdf`, pdf)).toMatch(/Signature is Valid/);
		}
	});

	it('a damaged xref is read by the scan, and the verdict says so', async () => {
		// An unsigned update whose startxref points into the file's first bytes (the signed bytes stay intact).
		const pdf = Buffer.from(appendIncrementalUpdate(await sign(createPdf())));
		const at = pdf.lastIndexOf('startxref');
		pdf.write('startxref\n9', at, 'latin1');
		const read = readPdf(pdf);
		expect(read.method).toBe('scan');
		expect(read.xrefProblem).toBeTruthy();
		const r = await v.verifyFile(pdf);
		expect(r.signatures[0]!.indication).toBe('TOTAL_PASSED');
		expect(r.warnings?.[0]).toMatch(/xref.*hỏng.*quét toàn bộ/);
		expect(r.notes[0]).toMatch(/xref/);
	});
});

describe('what changed after each signature', () => {
	it('a later signature is noted, not flagged', async () => {
		const pdf = await sign(await sign(createPdf()));
		expect(new Set(kinds(pdf, 0))).toEqual(new Set(['signature']));
		expect(kinds(pdf, 1)).toEqual([]);
		const r = await v.verifyFile(pdf);
		expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
		expect(r.signatures[0]!.reasons.join(' ')).toMatch(
			/sau chữ ký này: chữ ký hoặc dấu thời gian tài liệu được thêm sau/
		);
		expect(r.warnings).toBeUndefined();
		expect(pdfsig('twice.pdf', pdf)).toMatch(/Signature #2/);
	});

	it('form fill is noted, not flagged', async () => {
		const field = (value: string) => `<< /FT /Tx /T (HoTen) /V (${value}) /Rect [0 0 0 0] /P 3 0 R >>`;
		const unsigned = appendObjects(createPdf(), new Map([[20, field('')]]));
		const pdf = appendObjects(await sign(unsigned), new Map([[20, field('Nguyen Van A')]]));
		expect(kinds(pdf)).toEqual(['formFill']);
		const r = await v.verifyFile(pdf);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(r.warnings).toBeUndefined();
		expect(r.signatures[0]!.reasons.join(' ')).toMatch(/điền biểu mẫu/);
	});

	it('an added annotation is noted, not flagged (in an object stream update too)', async () => {
		const note = '<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (Da xem) >>';
		const signed = await sign(createPdf());
		for (const pdf of [
			appendObjects(
				signed,
				new Map([
					[3, page('7 0 R 30 0 R')],
					[30, note]
				])
			),
			appendXrefStreamUpdate(
				signed,
				new Map([
					[3, page('7 0 R 30 0 R')],
					[30, note]
				]),
				{ packed: true }
			)
		]) {
			expect(kinds(pdf)).toEqual(['annotation', 'annotation']);
			const r = await v.verifyFile(pdf);
			expect(r.indication).toBe('TOTAL_PASSED');
			expect(r.warnings).toBeUndefined();
			expect(r.signatures[0]!.reasons.join(' ')).toMatch(/chú thích/);
		}
	});

	it('a content change is a warning by default, a failure or nothing under other levels', async () => {
		const pdf = appendIncrementalUpdate(await sign(createPdf()));
		expect(kinds(pdf)).toEqual(['content']);
		const r = await v.verifyFile(pdf);
		expect(r.indication).toBe('TOTAL_PASSED');
		expect(r.warnings?.join(' ')).toMatch(/nội dung tệp bị thay đổi sau khi ký: đối tượng 4/);
		const strict = await v.verifyFile(pdf, { policy: { pdfModifications: 'FAIL' } });
		expect(strict).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIG_CONSTRAINTS_FAILURE' });
		const quiet = await v.verifyFile(pdf, { policy: { pdfModifications: 'IGNORE' } });
		expect(quiet.indication).toBe('TOTAL_PASSED');
		expect(quiet.warnings).toBeUndefined();
	});

	it('a page added to the page tree, and a signature field dropped from the form, are content changes', async () => {
		const signed = await sign(await sign(createPdf()));
		const added = appendObjects(
			signed,
			new Map([
				[2, '<< /Type /Pages /Kids [3 0 R 40 0 R] /Count 2 >>'],
				[40, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']
			])
		);
		expect(kinds(added, 1)).toEqual(['content']);
		// The newest catalog lists only the second signature's field (object 9): the first is gone from the form.
		const dropped = appendObjects(
			signed,
			new Map([[1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [9 0 R] /SigFlags 3 >> >>']])
		);
		const read = readPdf(dropped);
		expect(read.signatures[0]).toMatchObject({ removedLater: true });
		expect(kinds(dropped, 0)).toContain('content');
		const r = await v.verifyFile(dropped, { policy: { pdfModifications: 'FAIL' } });
		expect(r.signatures[0]).toMatchObject({
			indication: 'INDETERMINATE',
			subIndication: 'SIG_CONSTRAINTS_FAILURE'
		});
		expect(r.signatures[0]!.reasons.join(' ')).toMatch(/bị xóa khỏi biểu mẫu/);
	});
});
