// The picture of a Điều 13 finding: the region of the archived PDF's page around the signature box, the box drawn
// in red. Seen by whoever may see the finding (its agency within the user's scope) and the document; a finding of
// another kind, or without a box, has no picture.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuthUser } from '../auth/roles';
import { AppError } from '../../errors';
import { getFinding } from './queries';
import { contentBytes, getArchivedDocumentRow } from '../document-archive/queries';
import { APPEARANCE_KINDS, appearanceBox } from '../document-archive/appearance-findings';
import {
	renderSignatureRegion,
	rendererAvailable,
	type RenderedRegion
} from '../document-archive/appearance-image';

const NO_PICTURE = 'Cảnh báo này không có hình trang văn bản.';

export function hasPagePicture(kind: string, evidence: unknown): boolean {
	return (APPEARANCE_KINDS as readonly string[]).includes(kind) && appearanceBox(evidence) !== null;
}

/** Whether the page picture can be drawn on this server, in words when it cannot. */
export async function pagePictureProblem(): Promise<string | null> {
	return (await rendererAvailable())
		? null
		: 'Máy chủ chưa cài pdftoppm (gói poppler-utils) nên không vẽ được hình trang văn bản có khung chữ ký.';
}

export async function findingPagePicture(
	db: Kysely<Database>,
	user: AuthUser,
	id: number
): Promise<RenderedRegion> {
	const detail = await getFinding(db, user.scope, id);
	if (!detail) throw new AppError('NOT_FOUND', 'Không tìm thấy cảnh báo.');
	const f = detail.finding;
	const box = appearanceBox(f.evidence);
	if (!hasPagePicture(f.kind, f.evidence) || !box || f.document_id === null)
		throw new AppError('NOT_FOUND', NO_PICTURE);
	const doc = await getArchivedDocumentRow(db, user.scope, f.document_id);
	if (!doc || doc.format !== 'pdf') throw new AppError('NOT_FOUND', NO_PICTURE);
	const bytes = await contentBytes(db, doc.contentSha256);
	if (!bytes) throw new AppError('NOT_FOUND', 'Nội dung văn bản không còn trong cơ sở dữ liệu.');
	return renderSignatureRegion(bytes, {
		page: box.page,
		rect: box.rect,
		pageSize: box.pageSize ?? [595, 842]
	});
}
