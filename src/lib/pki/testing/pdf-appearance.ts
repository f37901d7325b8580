// Signed PDFs that look right or wrong under Điều 13, for the appearance checks' tests and the demo data: an
// issued document (the competent person's signature image between their title and name, the organisation's seal
// over its left third) and an electronic copy or attachment (the organisation's signature at the top right of
// the first page, no image, the time in ISO 8601 in Times New Roman 10), each with the mistakes an inspector meets.
import type { Issued } from './ca';
import { createPdf, signPdf, type VisibleAppearance } from './pdf-sign';

export type IssuedLayout = 'right' | 'signature-misplaced' | 'signature-without-image' | 'seal-on-right';
export type CopyLayout = 'right' | 'wrong';

/** Where the signature block sits: the title's and the name's centre line and baselines. */
export const SIGNATURE_BLOCK = { cx: 420, titleY: 300, nameY: 200 } as const;
/** The person's signature image box when placed right: centred between title and name. */
export const PERSON_RECT: [number, number, number, number] = [370, 220, 470, 280];

const centred = (text: string, cx: number, y: number, size: number) =>
	`BT /F1 ${size} Tf ${cx - (0.5 * size * text.length) / 2} ${y} Td (${text}) Tj ET`;

/** The page of an issued document: heading, body and the signature block's title and name. */
export function issuedPageContent(title = 'CHU TICH', name = 'Nguyen Van An'): string {
	return [
		'BT /F1 13 Tf 72 780 Td (UY BAN NHAN DAN TINH DONG THAP) Tj ET',
		'BT /F1 12 Tf 72 700 Td (QUYET DINH ve viec ban hanh quy che) Tj ET',
		centred(title, SIGNATURE_BLOCK.cx, SIGNATURE_BLOCK.titleY, 12),
		centred(name, SIGNATURE_BLOCK.cx, SIGNATURE_BLOCK.nameY, 12)
	].join('\n');
}

const imageAppearance = (
	rect: [number, number, number, number],
	rgb: [number, number, number]
): VisibleAppearance => ({
	rect,
	content: `q ${rect[2] - rect[0]} 0 0 ${rect[3] - rect[1]} 0 0 cm /Im Do Q`,
	images: { Im: rgb }
});

export interface IssuedPdfOptions {
	person: Issued;
	organisation: Issued;
	chain?: Issued[];
	layout: IssuedLayout;
	signingTime?: Date;
}

/** An issued document signed by the person, then by the organisation (Decree 30 Art. 32 order). */
export async function issuedDocumentPdf(o: IssuedPdfOptions): Promise<Uint8Array> {
	const pdf = createPdf({ content: issuedPageContent() });
	const personRect: [number, number, number, number] =
		o.layout === 'signature-misplaced' ? [60, 60, 160, 120] : PERSON_RECT;
	const person: VisibleAppearance =
		o.layout === 'signature-without-image'
			? { rect: personRect, content: 'BT /F1 9 Tf 2 30 Td (Nguyen Van An) Tj ET', fonts: { F1: 'Helvetica' } }
			: imageAppearance(personRect, [0, 0, 200]);
	// The seal: 60×60, its right edge a third into the signature image (or a third in from its right edge).
	const third = (personRect[2] - personRect[0]) / 3;
	const sealRect: [number, number, number, number] =
		o.layout === 'seal-on-right'
			? [personRect[2] - third, 220, personRect[2] - third + 60, 280]
			: [personRect[0] + third - 60, personRect[1], personRect[0] + third, personRect[1] + 60];
	const time = o.signingTime ?? new Date('2025-12-20T02:15:03Z');
	const first = await signPdf(pdf, {
		signer: o.person,
		chain: o.chain,
		signingTime: time,
		appearance: person
	});
	return signPdf(first, {
		signer: o.organisation,
		chain: o.chain,
		signingTime: new Date(time.getTime() + 60_000),
		appearance: imageAppearance(sealRect, [220, 0, 0])
	});
}

export interface CopyPdfOptions {
	organisation: Issued;
	chain?: Issued[];
	layout: CopyLayout;
	signingTime?: Date;
}

/** An electronic copy (bản sao) signed by the copying organisation. */
export async function copyDocumentPdf(o: CopyPdfOptions): Promise<Uint8Array> {
	const pdf = createPdf({ content: issuedPageContent() });
	const right = o.layout === 'right';
	const appearance: VisibleAppearance = right
		? {
				rect: [380, 770, 580, 820],
				content:
					'BT /F1 10 Tf 4 34 Td (sao y - so khoa hoc va cong nghe) Tj 0 -14 Td (2025-12-20T09:15:03+07:00) Tj ET',
				fonts: { F1: 'Times-Roman' }
			}
		: {
				rect: [20, 20, 220, 70],
				content:
					'q 40 0 0 40 0 5 cm /Im Do Q BT /F1 12 Tf 44 30 Td (SAO Y) Tj 0 -14 Td (20/12/2025 09:15) Tj ET',
				fonts: { F1: 'Helvetica' },
				images: { Im: [220, 0, 0] }
			};
	return signPdf(pdf, {
		signer: o.organisation,
		chain: o.chain,
		signingTime: o.signingTime ?? new Date('2025-12-20T02:15:03Z'),
		appearance
	});
}
