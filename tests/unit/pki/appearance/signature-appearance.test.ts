// Điều 13 on PDFs built here with real signatures: each check fires on the wrong layout and stays silent on the
// right one; the boxes and pages a finding draws come from the file, not from the builder's constants.
import { beforeAll, describe, expect, it } from 'vitest';
import {
	formFromFileName,
	readSignatureAppearance,
	type AppearanceCode
} from '../../../../src/lib/pki/pdf-appearance';
import { readContent } from '../../../../src/lib/pki/pdf-appearance/content-stream';
import {
	copyDocumentPdf,
	issuedDocumentPdf,
	PERSON_RECT,
	createSignedPdf,
	type CopyLayout,
	type IssuedLayout
} from '../../../../src/lib/pki/testing';
import { buildTestPki, type TestPki } from '../fixtures';

let pki: TestPki;
beforeAll(async () => {
	pki = await buildTestPki();
});

const issued = async (layout: IssuedLayout) =>
	readSignatureAppearance(
		await issuedDocumentPdf({ person: pki.person, organisation: pki.org, chain: [pki.sub], layout })
	);
const copy = async (layout: CopyLayout) =>
	readSignatureAppearance(await copyDocumentPdf({ organisation: pki.org, chain: [pki.sub], layout }));
const codes = (r: { verdicts: { code: AppearanceCode }[] }) => r.verdicts.map((v) => v.code).sort();

describe('issued documents (Điều 13.1)', () => {
	it('is silent when the signature sits between title and name and the seal covers its left third', async () => {
		const r = await issued('right');
		expect(r.problem).toBeNull();
		expect(r).toMatchObject({ form: 'issued', judged: true });
		expect(r.roles.map((x) => x.role)).toEqual(['person', 'organisation']);
		expect(r.verdicts).toEqual([]);
	});

	it('fires when the signature image is away from the title and name (the seal still on its left third)', async () => {
		const r = await issued('signature-misplaced');
		expect(codes(r)).toEqual(['SIGNATURE_NOT_BETWEEN_TITLE_AND_NAME']);
		const v = r.verdicts.find((x) => x.code === 'SIGNATURE_NOT_BETWEEN_TITLE_AND_NAME')!;
		expect(v).toMatchObject({ rule: 'signature_image', page: 1, rect: [60, 60, 160, 120] });
		expect(v.message).toContain('không có chức vụ phía trên và họ tên phía dưới');
	});

	it('fires when the person signature shows no image', async () => {
		const r = await issued('signature-without-image');
		expect(codes(r)).toEqual(['SEAL_NOT_OVER_LEFT_THIRD', 'SIGNATURE_IMAGE_MISSING']);
		expect(r.verdicts.find((x) => x.code === 'SIGNATURE_IMAGE_MISSING')!.rect).toEqual(PERSON_RECT);
	});

	it('fires when the seal covers the right third instead of the left', async () => {
		const r = await issued('seal-on-right');
		expect(codes(r)).toEqual(['SEAL_NOT_OVER_LEFT_THIRD']);
		expect(r.verdicts[0]!.message).toContain('trùm về bên phải');
		expect(r.verdicts[0]!.rule).toBe('seal_placement');
	});

	it('takes the roles the caller knows from the certificates over the signing order', async () => {
		const bytes = await issuedDocumentPdf({
			person: pki.person,
			organisation: pki.org,
			chain: [pki.sub],
			layout: 'right'
		});
		const r = readSignatureAppearance(bytes, {
			roles: new Map([
				['Signature1', 'organisation'],
				['Signature2', 'organisation']
			])
		});
		// Two seals and no person: the seals cover no signature image.
		expect(codes(r)).toEqual(['SEAL_NOT_OVER_LEFT_THIRD', 'SEAL_NOT_OVER_LEFT_THIRD']);
	});
});

describe('copies and attachments (Điều 13.2, 13.4.b)', () => {
	it('is silent at the top right of page 1, without image, ISO 8601 time in Times 10', async () => {
		const r = await copy('right');
		expect(r).toMatchObject({ form: 'copy', judged: true, verdicts: [] });
	});

	it('fires on position, image, time format and font, each with its measures', async () => {
		const r = await copy('wrong');
		expect(codes(r)).toEqual([
			'COPY_FONT_NOT_TIMES_10',
			'COPY_HAS_IMAGE',
			'COPY_NOT_TOP_RIGHT_FIRST_PAGE',
			'COPY_TIME_NOT_ISO8601'
		]);
		expect(r.verdicts.every((v) => v.rule === 'copy_signature' && v.page === 1)).toBe(true);
		expect(r.verdicts.find((v) => v.code === 'COPY_FONT_NOT_TIMES_10')!.message).toContain('Helvetica cỡ 12');
		expect(r.verdicts.find((v) => v.code === 'COPY_TIME_NOT_ISO8601')!.message).toContain('20/12/2025 09:15');
	});

	it('a time without the Vietnam offset is not the required ISO 8601 form', async () => {
		const bytes = await createSignedPdf({
			signer: pki.org,
			chain: [pki.sub],
			appearance: {
				rect: [380, 770, 580, 820],
				content: 'BT /F1 10 Tf 4 20 Td (sao y 2025-12-20T02:15:03Z) Tj ET',
				fonts: { F1: 'TimesNewRomanPSMT' }
			}
		});
		expect(codes(readSignatureAppearance(bytes))).toEqual(['COPY_TIME_NOT_ISO8601']);
	});

	it('reads the form from an appendix file name', () => {
		expect(formFromFileName('Phụ lục 01 - danh sách.pdf')).toBe('attachment');
		expect(formFromFileName('ban-sao-QD-15.pdf')).toBe('copy');
		expect(formFromFileName('QD-15-UBND.pdf')).toBeUndefined();
		expect(formFromFileName('khao-sat-y-te.pdf')).toBeUndefined();
		expect(formFromFileName('Trích sao QĐ 15.pdf')).toBe('copy');
	});
});

describe('what is not judged', () => {
	it('a document whose signatures are all invisible', async () => {
		const r = readSignatureAppearance(await createSignedPdf({ signer: pki.person, chain: [pki.sub] }));
		expect(r).toMatchObject({ judged: false, verdicts: [], problem: null });
	});

	it('a file that is not a PDF says why', () => {
		const r = readSignatureAppearance(new TextEncoder().encode('not a pdf'));
		expect(r.judged).toBe(false);
		expect(r.problem).toBeTruthy();
	});
});

describe('content stream reading', () => {
	const none = { font: () => null, xobject: () => null };
	it('places text by Tm, Td and cm, and sizes it on the page', () => {
		const r = readContent(
			new TextEncoder().encode(
				'q 2 0 0 2 10 20 cm BT /F1 5 Tf 1 0 0 1 3 4 Tm (ab) Tj 0 -10 Td [(c) -20 (d)] TJ ET Q'
			),
			none
		);
		expect(r.texts).toEqual([
			{ text: 'ab', font: null, size: 10, x: 16, y: 28, width: 10 },
			{ text: 'cd', font: null, size: 10, x: 16, y: 8, width: 10 }
		]);
	});

	it('reads escapes, hex and UTF-16 strings, and skips inline images', () => {
		const r = readContent(
			new TextEncoder().encode('BI /W 1 /H 1 ID \x00\x01 EI BT (a\\(b\\)\\101) Tj <FEFF0110> Tj ET'),
			none
		);
		expect(r.texts.map((t) => t.text)).toEqual(['a(b)A', 'Đ']);
	});
});
