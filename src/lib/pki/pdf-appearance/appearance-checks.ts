// The form of digital signatures on an electronic document, Điều 13 of the Đồng Tháp regulation (Quyết định
// 2025), checked on what a PDF shows (pdf-widgets.ts):
// - 13.1.a the competent person's signature shows their signature image, centred between their title (above) and
//   their name (below);
// - 13.1.b the issuing organisation's signature shows the seal image over about the left third of that image;
// - 13.2 and 13.4.b the organisation's signature on an electronic copy, or on an attachment or appendix in a
//   separate file, sits at the top right of the first page, shows no image, and gives the signing time in ISO 8601
//   (date, hh:mm:ss, Vietnam time zone) in Times New Roman, upright, size 10.
// Who signed as the person and who as the organisation is told by the caller (from the signers' certificates);
// otherwise, as Decree 30 Art. 32 orders the signatures, the first signature showing an image is the person's and
// any later one the organisation's. A document is a copy or an attachment when the caller says so, when an
// appearance names a copy form (SAO Y, SAO LỤC, TRÍCH SAO), or when it has no person's signature and no image.
// Documents whose signatures are all invisible are not judged (nothing is shown to check).
import type { Box, TextRun } from './content-stream';
import type { SignatureWidget } from './pdf-widgets';

export type AppearanceRule = 'signature_image' | 'seal_placement' | 'copy_signature';

export type AppearanceCode =
	| 'SIGNATURE_IMAGE_MISSING'
	| 'SIGNATURE_NOT_BETWEEN_TITLE_AND_NAME'
	| 'SEAL_IMAGE_MISSING'
	| 'SEAL_NOT_OVER_LEFT_THIRD'
	| 'COPY_NOT_TOP_RIGHT_FIRST_PAGE'
	| 'COPY_HAS_IMAGE'
	| 'COPY_TIME_NOT_ISO8601'
	| 'COPY_FONT_NOT_TIMES_10';

export const APPEARANCE_RULE: Record<AppearanceCode, AppearanceRule> = {
	SIGNATURE_IMAGE_MISSING: 'signature_image',
	SIGNATURE_NOT_BETWEEN_TITLE_AND_NAME: 'signature_image',
	SEAL_IMAGE_MISSING: 'seal_placement',
	SEAL_NOT_OVER_LEFT_THIRD: 'seal_placement',
	COPY_NOT_TOP_RIGHT_FIRST_PAGE: 'copy_signature',
	COPY_HAS_IMAGE: 'copy_signature',
	COPY_TIME_NOT_ISO8601: 'copy_signature',
	COPY_FONT_NOT_TIMES_10: 'copy_signature'
};

export type SignatureRole = 'person' | 'organisation';
export type DocumentForm = 'issued' | 'copy' | 'attachment';

export interface AppearanceVerdict {
	code: AppearanceCode;
	rule: AppearanceRule;
	field: string | null;
	/** 1-based page and the box to draw on it: the widget's /Rect (page space, points). */
	page: number;
	rect: Box;
	/** What is wrong, in Vietnamese words, with the measures that show it. */
	message: string;
}

export interface PageGeometry {
	mediaBox: Box;
	texts: TextRun[];
}

export interface AppearanceInput {
	widgets: SignatureWidget[];
	/** Per page number (1-based): its size and the text its content shows. */
	pages: Map<number, PageGeometry>;
	/** Roles by field name, from the signers' certificates; missing entries are inferred. */
	roles?: Map<string, SignatureRole>;
	/** What the document is, when the caller knows (a file named as an appendix, a copy register). */
	form?: DocumentForm;
}

export interface AppearanceResult {
	form: DocumentForm;
	/** False when no signature is visible: nothing was judged. */
	judged: boolean;
	roles: { field: string | null; role: SignatureRole }[];
	verdicts: AppearanceVerdict[];
}

const COPY_FORMS = /\b(SAO Y|SAO L[UỤ]C|TR[IÍ]CH SAO|B[AẢ]N SAO)\b/iu;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?\+07:00(?![\d:])/;
const TIMES = /^Times(-Roman|New ?Roman(PSMT|MT)?|NewRoman,?Regular)?$/i;

const r1 = (x: number) => Math.round(x * 10) / 10;
const boxText = (b: Box) => `[${b.map(r1).join(', ')}]`;
const cx = (b: Box) => (b[0] + b[2]) / 2;

/** The box of the images an appearance paints (their union), or null when it paints none. */
function imageBox(w: SignatureWidget): Box | null {
	const boxes = w.appearance.images.map((i) => i.box);
	if (!boxes.length) return null;
	return [
		Math.min(...boxes.map((b) => b[0])),
		Math.min(...boxes.map((b) => b[1])),
		Math.max(...boxes.map((b) => b[2])),
		Math.max(...boxes.map((b) => b[3]))
	];
}

/** Roles the caller did not give: on a copy or attachment every signature is the organisation's; on an issued
 * document the first visible signature is the person's when several are shown (Decree 30 Art. 32 order), and a
 * lone one is the person's when it shows an image. */
function inferRoles(
	widgets: SignatureWidget[],
	form: DocumentForm,
	given?: Map<string, SignatureRole>
): SignatureRole[] {
	const visible = widgets.filter((w) => w.visible);
	const first = visible[0];
	return widgets.map((w) => {
		const g = w.field !== null ? given?.get(w.field) : undefined;
		if (g) return g;
		if (form !== 'issued' || w !== first || [...(given?.values() ?? [])].includes('person'))
			return 'organisation';
		return visible.length > 1 || w.appearance.images.length > 0 ? 'person' : 'organisation';
	});
}

/** The nearest text line above (title) and below (name) a box, horizontally about its centre. */
function titleAndName(b: Box, texts: TextRun[]): { title: TextRun | null; name: TextRun | null } {
	const h = b[3] - b[1];
	const reach = Math.max(36, (b[2] - b[0]) / 2);
	const near = texts.filter((t) => t.text.trim() && Math.abs(t.x + t.width / 2 - cx(b)) <= reach);
	const above = near.filter((t) => t.y >= b[3] - h * 0.25 && t.y <= b[3] + 72).sort((a, c) => a.y - c.y);
	const below = near
		.filter((t) => t.y + t.size * 0.7 <= b[1] + h * 0.25 && t.y >= b[1] - 72)
		.sort((a, c) => c.y - a.y);
	return { title: above[0] ?? null, name: below[0] ?? null };
}

function checkPerson(w: SignatureWidget, page: number, geo: PageGeometry | undefined): AppearanceVerdict[] {
	const at = { field: w.field, page, rect: w.rect };
	const img = imageBox(w);
	if (!img)
		return [
			{
				...at,
				code: 'SIGNATURE_IMAGE_MISSING',
				rule: 'signature_image',
				message: `Chữ ký số của người có thẩm quyền (trường "${w.field ?? '?'}", trang ${page}) không hiển thị hình ảnh chữ ký.`
			}
		];
	const { title, name } = titleAndName(img, geo?.texts ?? []);
	const off =
		title && name ? Math.abs(cx(img) - (title.x + title.width / 2 + name.x + name.width / 2) / 2) : 0;
	if (title && name && off <= Math.max(18, (img[2] - img[0]) * 0.25)) return [];
	const what =
		!title && !name
			? 'không có chức vụ phía trên và họ tên phía dưới'
			: !title
				? 'không có chức vụ người ký phía trên'
				: !name
					? 'không có họ tên người ký phía dưới'
					: `lệch ${r1(off)} pt so với giữa chức vụ "${title.text.trim()}" và họ tên "${name.text.trim()}"`;
	return [
		{
			...at,
			code: 'SIGNATURE_NOT_BETWEEN_TITLE_AND_NAME',
			rule: 'signature_image',
			message: `Hình ảnh chữ ký (trang ${page}, khung ${boxText(img)}) ${what}; phải đặt canh giữa chức vụ và họ tên người ký.`
		}
	];
}

function checkSeal(w: SignatureWidget, page: number, persons: SignatureWidget[]): AppearanceVerdict[] {
	const at = { field: w.field, page, rect: w.rect };
	const seal = imageBox(w);
	if (!seal)
		return [
			{
				...at,
				code: 'SEAL_IMAGE_MISSING',
				rule: 'seal_placement',
				message: `Chữ ký số của cơ quan, tổ chức ban hành (trang ${page}) không hiển thị hình ảnh con dấu.`
			}
		];
	const sigs = persons.map(imageBox).filter((b): b is Box => b !== null);
	const sig = sigs.sort((a, b) => Math.abs(cx(a) - cx(seal)) - Math.abs(cx(b) - cx(seal)))[0];
	if (!sig)
		return [
			{
				...at,
				code: 'SEAL_NOT_OVER_LEFT_THIRD',
				rule: 'seal_placement',
				message: `Hình ảnh con dấu (trang ${page}, khung ${boxText(seal)}) không trùm lên hình ảnh chữ ký nào của người có thẩm quyền trên trang này.`
			}
		];
	const ix = Math.max(0, Math.min(seal[2], sig[2]) - Math.max(seal[0], sig[0]));
	const iy = Math.max(0, Math.min(seal[3], sig[3]) - Math.max(seal[1], sig[1]));
	const share = ix / (sig[2] - sig[0]);
	const left = cx(seal) < cx(sig);
	if (iy > 0 && left && share >= 0.15 && share <= 0.6) return [];
	const why =
		ix === 0 || iy === 0
			? 'không chồng lên hình ảnh chữ ký'
			: !left
				? `trùm về bên phải hình ảnh chữ ký (${Math.round(share * 100)}% bề ngang)`
				: `trùm ${Math.round(share * 100)}% bề ngang hình ảnh chữ ký, không phải khoảng 1/3`;
	return [
		{
			...at,
			code: 'SEAL_NOT_OVER_LEFT_THIRD',
			rule: 'seal_placement',
			message: `Hình ảnh con dấu (trang ${page}, khung ${boxText(seal)}) ${why}; phải trùm lên khoảng 1/3 hình ảnh chữ ký ${boxText(sig)} về bên trái.`
		}
	];
}

function checkCopy(w: SignatureWidget, page: number, geo: PageGeometry | undefined, form: DocumentForm) {
	const out: AppearanceVerdict[] = [];
	const at = { field: w.field, page, rect: w.rect, rule: 'copy_signature' as const };
	const what = form === 'copy' ? 'bản sao điện tử' : 'văn bản kèm theo';
	const mb = geo?.mediaBox ?? [0, 0, 595, 842];
	const topRight =
		page === 1 && cx(w.rect) > (mb[0] + mb[2]) / 2 && w.rect[1] > mb[1] + (mb[3] - mb[1]) * 0.7;
	if (!topRight)
		out.push({
			...at,
			code: 'COPY_NOT_TOP_RIGHT_FIRST_PAGE',
			message: `Chữ ký số của cơ quan, tổ chức trên ${what} ở trang ${page}, khung ${boxText(w.rect)}; phải ở góc trên, bên phải, trang đầu.`
		});
	if (w.appearance.images.length)
		out.push({
			...at,
			code: 'COPY_HAS_IMAGE',
			message: `Chữ ký số của cơ quan, tổ chức trên ${what} hiển thị ${w.appearance.images.length} hình ảnh; theo quy định không hiển thị hình ảnh.`
		});
	const text = w.appearance.texts.map((t) => t.text).join(' ');
	if (!ISO_TIME.test(text))
		out.push({
			...at,
			code: 'COPY_TIME_NOT_ISO8601',
			message: `Thời gian ký trên ${what} không theo ISO 8601 với múi giờ Việt Nam (ví dụ 2025-12-20T09:15:03+07:00); nội dung hiển thị: "${text.trim().slice(0, 160) || 'không có'}".`
		});
	const bad = w.appearance.texts.filter(
		(t) => t.text.trim() && (!TIMES.test(t.font ?? '') || Math.abs(t.size - 10) > 0.25)
	);
	if (bad.length)
		out.push({
			...at,
			code: 'COPY_FONT_NOT_TIMES_10',
			message: `Thông tin chữ ký trên ${what} trình bày bằng ${[...new Set(bad.map((t) => `${t.font ?? 'phông không rõ'} cỡ ${r1(t.size)}`))].join(', ')}; phải là Times New Roman, chữ đứng, cỡ 10.`
		});
	return out;
}

/** The Điều 13 verdicts for one signed PDF's visible signatures. */
export function checkAppearance(input: AppearanceInput): AppearanceResult {
	const widgets = input.widgets;
	const text = widgets.flatMap((w) => w.appearance.texts.map((t) => t.text)).join(' ');
	const anyImage = widgets.some((w) => w.appearance.images.length > 0);
	const givenPerson = [...(input.roles?.values() ?? [])].includes('person');
	const form: DocumentForm =
		input.form ?? (COPY_FORMS.test(text) || (!givenPerson && !anyImage) ? 'copy' : 'issued');
	const roles = inferRoles(widgets, form, input.roles);
	const result: AppearanceResult = {
		form,
		judged: widgets.some((w) => w.visible),
		roles: widgets.map((w, i) => ({ field: w.field, role: roles[i]! })),
		verdicts: []
	};
	if (!result.judged) return result;
	const persons = widgets.filter((_, i) => roles[i] === 'person');
	widgets.forEach((w, i) => {
		const page = w.page ?? 1;
		const geo = input.pages.get(page);
		if (form !== 'issued') {
			if (roles[i] === 'organisation') result.verdicts.push(...checkCopy(w, page, geo, form));
		} else if (roles[i] === 'person') result.verdicts.push(...checkPerson(w, page, geo));
		else
			result.verdicts.push(
				...checkSeal(
					w,
					page,
					persons.filter((p) => (p.page ?? 1) === page)
				)
			);
	});
	return result;
}
