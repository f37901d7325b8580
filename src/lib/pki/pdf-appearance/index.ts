// Điều 13 (how a digital signature must look) checked on a signed PDF: bytes in, verdicts with string codes out.
// The file is read through its cross-reference data; a file that cannot be read that way is not judged, and the
// result says why (its signatures are the verifier's business, not this check's).
import { asBuffer } from '../bytes';
import { PdfDocument } from '../pdf-document';
import {
	checkAppearance,
	type AppearanceResult,
	type DocumentForm,
	type PageGeometry,
	type SignatureRole
} from './appearance-checks';
import { readPageContent, readPages, readSignatureWidgets } from './pdf-widgets';

export * from './appearance-checks';
export type { Box, TextRun } from './content-stream';
export type { SignatureWidget } from './pdf-widgets';

export interface AppearanceOptions {
	roles?: Map<string, SignatureRole>;
	form?: DocumentForm;
}

export interface PdfAppearance extends AppearanceResult {
	/** Page sizes by 1-based page number, for drawing a verdict's box. */
	pageSizes: Map<number, [number, number]>;
	/** Set when the file could not be read; nothing was judged. */
	problem: string | null;
}

/** A file name that says the document is an attachment or appendix (phụ lục, kèm theo) or a copy (bản sao). */
export function formFromFileName(name: string): DocumentForm | undefined {
	const n = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/gi, 'd')
		.toLowerCase();
	if (/(^|[^a-z])(phu[\s_-]*luc|kem[\s_-]*theo|appendix|attachment)([^a-z]|$)/.test(n)) return 'attachment';
	if (/(^|[^a-z])(ban[\s_-]*sao|sao[\s_-]*y|sao[\s_-]*luc|trich[\s_-]*sao)([^a-z]|$)/.test(n)) return 'copy';
	return undefined;
}

export function readSignatureAppearance(bytes: Uint8Array, o: AppearanceOptions = {}): PdfAppearance {
	let doc: PdfDocument;
	try {
		doc = PdfDocument.open(asBuffer(bytes));
		const pages = readPages(doc);
		const widgets = readSignatureWidgets(doc, pages);
		const geometry = new Map<number, PageGeometry>();
		for (const n of new Set(widgets.map((w) => w.page ?? 1))) {
			const p = pages[n - 1];
			if (p) geometry.set(n, { mediaBox: p.mediaBox, texts: readPageContent(doc, p).texts });
		}
		const result = checkAppearance({ widgets, pages: geometry, roles: o.roles, form: o.form });
		const pageSizes = new Map<number, [number, number]>(
			pages.map((p, i) => [i + 1, [p.mediaBox[2] - p.mediaBox[0], p.mediaBox[3] - p.mediaBox[1]]])
		);
		return { ...result, pageSizes, problem: null };
	} catch (e) {
		return {
			form: o.form ?? 'issued',
			judged: false,
			roles: [],
			verdicts: [],
			pageSizes: new Map(),
			problem: (e as Error).message
		};
	}
}
